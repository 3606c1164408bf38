import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { type JobQueue, QueueUnavailableError } from '../src/queue/contract.js';
import { createQueue } from '../src/queue/index.js';
import type { JobStatus } from '../src/schemas/status.js';
import { pythonChain } from './support/python.js';
import { TestRedis } from './support/redis.js';
import { waitFor } from './support/wait.js';

/**
 * What only the Redis mode promises: it refuses quickly while Redis is away and recovers on its own, and
 * jobs survive their worker — a SIGKILLed worker's job is finished by another, a SIGTERMed worker finishes
 * its job before it exits. Workers are real `consuma worker` processes (needs `npm run build`).
 */

let redis: TestRedis;
const queues: JobQueue[] = [];
const children = new Set<ChildProcess>();

beforeAll(async () => {
  redis = await TestRedis.start();
});

afterEach(async () => {
  for (const child of children) {
    if (!child.pid || child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  children.clear();
  for (const queue of queues.splice(0)) await queue.close();
});

afterAll(async () => {
  await redis?.stop();
});

function redisQueue(prefix = `t${randomUUID().slice(0, 8)}`): { queue: JobQueue; prefix: string } {
  const queue = createQueue(loadConfig({ REDIS_URL: redis.url, QUEUE_PREFIX: prefix }));
  queues.push(queue);
  return { queue, prefix };
}

interface WorkerProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  output(): string;
}

function spawnWorker(prefix: string): WorkerProcess {
  const child = spawn(process.execPath, ['bin/consuma.js', 'worker', '--concurrency', '1'], {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: prefix,
      JOB_LOCK_DURATION_MS: '1000',
      JOB_STALLED_INTERVAL_MS: '1000',
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let text = '';
  child.stdout?.on('data', (chunk) => {
    text += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    text += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => text };
}

// sha3_512 is the slowest chain (~2.5 M steps/s natively): difficulty 40 keeps one job busy for about a
// second, long enough to act on it while it runs, short enough for python3 to check it.
const SLOW = { seed: 'long-job', difficulty: 40, algorithm: 'sha3_512' as const };
let slowReference: string | null = null;
const slowHash = () => {
  slowReference ??= pythonChain(SLOW.seed, SLOW.difficulty, SLOW.algorithm);
  return slowReference;
};

async function enqueueSlow(queue: JobQueue): Promise<string> {
  const requestId = randomUUID();
  await queue.enqueue({
    batchId: randomUUID(),
    items: [{ requestId, cycle: 1, seed: SLOW.seed }],
    difficulty: SLOW.difficulty,
    algorithm: SLOW.algorithm,
    callbackUrl: null,
  });
  return requestId;
}

const statusOf = async (queue: JobQueue, id: string): Promise<JobStatus> => {
  const [status] = await queue.getStatuses([id]);
  if (!status) throw new Error('no status');
  return status;
};

describe('Redis queue faults', () => {
  it('refuses within seconds while Redis is down, then works again on the same queue object', async () => {
    const { queue } = redisQueue();
    const batch = (seed: string) => ({
      batchId: randomUUID(),
      items: [{ requestId: randomUUID(), cycle: 1, seed }],
      difficulty: 1,
      algorithm: 'sha256' as const,
      callbackUrl: null,
    });
    await queue.enqueue(batch('before'));
    await redis.stop();
    try {
      const t0 = Date.now();
      await expect(queue.enqueue(batch('during'))).rejects.toBeInstanceOf(QueueUnavailableError);
      expect(Date.now() - t0).toBeLessThan(5000);
      await expect(queue.getStatuses([randomUUID()])).rejects.toBeInstanceOf(QueueUnavailableError);
      await expect(queue.waitingCount()).rejects.toBeInstanceOf(QueueUnavailableError);
      expect(await queue.ping()).toBe(false);
    } finally {
      await redis.start();
    }
    const after = batch('after');
    await queue.enqueue(after);
    const [status] = await queue.getStatuses([after.items[0]?.requestId ?? '']);
    expect(status?.status).toBe('queued');
    expect(await queue.ping()).toBe(true);
  });

  it("finishes a SIGKILLed worker's job on another worker; attempts count the lost one", async () => {
    const { queue, prefix } = redisQueue();
    const first = spawnWorker(prefix);
    await waitFor(
      () => queue.stats(),
      (s) => s.workers === 1,
    );
    const id = await enqueueSlow(queue);
    await waitFor(
      () => statusOf(queue, id),
      (s) => s.status === 'running',
    );
    process.kill(first.child.pid ?? 0, 'SIGKILL');
    await first.exited;
    const second = spawnWorker(prefix);
    const done = await waitFor(
      () => statusOf(queue, id),
      (s) => s.status === 'done' || s.status === 'failed',
    );
    expect(done.status, second.output()).toBe('done');
    expect(done.attempts).toBe(2);
    expect(done.hash).toBe(slowHash());
  });

  it('on SIGTERM, finishes the job in flight, then exits 0', async () => {
    const { queue, prefix } = redisQueue();
    const worker = spawnWorker(prefix);
    await waitFor(
      async () => worker.output(),
      (text) => text.includes('worker connected'),
    );
    expect(worker.output()).toMatch(/worker connected to redis:\/\/127\.0\.0\.1:\d+.*1 hashing threads/);
    expect((await queue.stats()).workers).toBe(1);
    const id = await enqueueSlow(queue);
    await waitFor(
      () => statusOf(queue, id),
      (s) => s.status === 'running',
    );
    process.kill(worker.child.pid ?? 0, 'SIGTERM');
    const code = await worker.exited;
    const exitedAt = Date.now();
    expect(code, worker.output()).toBe(0);
    const status = await statusOf(queue, id);
    expect(status.status).toBe('done');
    expect(status.attempts).toBe(1);
    expect(status.completedAtMs).toBeLessThanOrEqual(exitedAt);
    expect(status.hash).toBe(slowHash());
    expect((await queue.stats()).workers).toBe(0);
  });

  it('`consuma worker` refuses bad usage with exit 2 and a clear reason', async () => {
    const run = async (args: string[], env: NodeJS.ProcessEnv) => {
      const child = spawn(process.execPath, ['bin/consuma.js', 'worker', ...args], {
        env: { PATH: process.env.PATH, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      const code = await new Promise((resolve) => child.once('exit', resolve));
      return { code, stderr };
    };
    const noRedis = await run([], {});
    expect(noRedis.code).toBe(2);
    expect(noRedis.stderr).toMatch(/REDIS_URL is not set/);
    const badThreads = await run(['--concurrency', '0'], { REDIS_URL: redis.url });
    expect(badThreads.code).toBe(2);
    expect(badThreads.stderr).toMatch(/--concurrency expects a whole number/);
  });
});
