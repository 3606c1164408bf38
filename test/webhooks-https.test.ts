import { execFileSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../src/schemas/status.js';
import { type Listening, listenLocal } from './support/listen.js';
import { postJson, type ServerProcess, startServer } from './support/server.js';
import { waitFor } from './support/wait.js';

// Webhooks over TLS, end to end: a throwaway CA made with the openssl CLI signs a certificate for
// 127.0.0.1; a real `consuma serve` process trusts that CA only through NODE_EXTRA_CA_CERTS (Node reads it
// at start-up, hence a child process). With it the delivery succeeds, signed and verified; without it the
// same receiver is refused as a TLS error, which shows the certificate is really checked.

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
let dir: string;
let receiver: Listening | undefined;
let hookUrl: string;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];
const servers: ServerProcess[] = [];

/** Runs the openssl CLI in the scratch folder; `command` is split on spaces (no argument contains one). */
function openssl(command: string): void {
  execFileSync('openssl', command.split(' '), { cwd: dir, stdio: 'ignore' });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'consuma-tls-'));
  openssl(
    'req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=Consuma-test-CA -keyout ca.key -out ca.pem ' +
      '-addext basicConstraints=critical,CA:TRUE',
  );
  openssl('req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout srv.key -out srv.csr');
  writeFileSync(join(dir, 'srv.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  openssl(
    'x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -out srv.pem -extfile srv.ext',
  );
  const server = https.createServer(
    { key: readFileSync(join(dir, 'srv.key')), cert: readFileSync(join(dir, 'srv.pem')) },
    (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(200).end('ok');
      });
    },
  );
  receiver = await listenLocal(server);
  hookUrl = `https://127.0.0.1:${receiver.port}/hook`;
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function serve(trustCa: boolean): Promise<ServerProcess> {
  const server = await startServer({
    CALLBACK_ALLOW_PRIVATE: 'true',
    CALLBACK_RETRY_BASE_MS: '100',
    CALLBACK_DELIVERY_MAX_RETRIES: '1',
    WEBHOOK_SECRET: SECRET,
    ...(trustCa ? { NODE_EXTRA_CA_CERTS: join(dir, 'ca.pem') } : {}),
  });
  servers.push(server);
  return server;
}

async function callbackOf(server: ServerProcess, final: (s: JobStatus) => boolean): Promise<JobStatus> {
  const ack = await postJson(`${server.url}/api/async`, {
    seeds: ['tls'],
    difficulty: 1,
    callbackUrl: hookUrl,
  });
  expect(ack.status).toBe(202);
  const requestId = (ack.body as { acks: { requestId: string }[] }).acks[0]?.requestId ?? '';
  const [status] = await waitFor(
    async () =>
      (
        (await postJson(`${server.url}/api/async/status`, { requestIds: [requestId] })).body as {
          results: JobStatus[];
        }
      ).results,
    (results) => results[0] !== undefined && final(results[0]),
  );
  if (!status) throw new Error('no status');
  return status;
}

describe('webhooks over https', () => {
  it('delivers to a receiver whose certificate chains to a trusted CA, signed', async () => {
    const server = await serve(true);
    const before = received.length;
    const status = await callbackOf(
      server,
      (s) => s.callback?.status === 'delivered' || s.callback?.status === 'failed',
    );
    expect(status.callback).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200 });
    expect(received.length).toBe(before + 1);
    const { headers, body } = received[before] ?? { headers: {}, body: '' };
    const signed = `${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`;
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const expected = `v1,${createHmac('sha256', key).update(signed).digest('base64')}`;
    expect(String(headers['webhook-signature']).split(' ')).toContain(expected);
    expect(JSON.parse(body)).toMatchObject({ requestId: status.requestId, result: { hash: status.hash } });
  });

  it('refuses the same receiver as a TLS error when its CA is not trusted', async () => {
    const server = await serve(false);
    const before = received.length;
    const status = await callbackOf(server, (s) => s.callback?.status === 'failed');
    expect(status.callback?.attempts).toBe(2);
    expect(status.callback?.lastError).toMatch(/^tls: /);
    expect(received.length).toBe(before);
  });
});
