import type { InboxEntry } from '../api/client.js';
import type { AsyncRow } from '../lib/async-rows.js';
import { DASH } from '../lib/format.js';
import { Panel } from './Panel.js';

/**
 * Deliveries received by the built-in webhook receiver, newest first. Attempts and the HTTP status come from
 * the job's callback state (the sender's view); the signature check is the receiver's.
 */

interface Payload {
  requestId?: string;
  result?: { seed?: string; cycle?: number; status?: string; hash?: string };
}

function signatureText(verified: boolean | null): { text: string; cls: string } {
  if (verified === true) return { text: 'signature ✓', cls: 'ok' };
  if (verified === false) return { text: 'signature ✗', cls: 'bad' };
  return { text: 'signature not checked', cls: '' };
}

export function InboxPanel(props: {
  name: string | null;
  entries: readonly InboxEntry[];
  rows: readonly AsyncRow[];
  error: string | null;
}) {
  const byId = new Map(props.rows.map((r) => [r.requestId, r]));
  const payload = (entry: InboxEntry) =>
    (typeof entry.body === 'object' && entry.body !== null ? entry.body : {}) as Payload;
  // The inbox outlives runs (same name for the whole visit): list only what belongs to the run on screen.
  const entries = props.entries.filter((e) => {
    const id = payload(e).requestId;
    return id !== undefined && byId.has(id);
  });
  const hint = props.name
    ? `inbox “${props.name}” · ${entries.length} for this run${props.entries.length >= 100 ? ' (the receiver keeps its newest 100)' : ''}`
    : 'Use the built-in receiver as callback URL to see deliveries here';
  return (
    <Panel title="Webhook deliveries" hint={hint} testId="inbox">
      {props.error ? <p className="problem">{props.error}</p> : null}
      {entries.length === 0 ? (
        <p className="hint">{props.name ? 'Nothing received yet.' : 'No receiver selected.'}</p>
      ) : (
        <ul className="deliveries" data-testid="deliveries">
          {entries.map((entry) => {
            const body = payload(entry);
            const row = body.requestId ? byId.get(body.requestId) : undefined;
            const cb = row?.job?.callback ?? null;
            const sig = signatureText(entry.signature.verified);
            return (
              <li key={`${entry.receivedAtMs}-${entry.headers['webhook-id'] ?? body.requestId ?? ''}`}>
                <span>
                  #{body.result?.cycle ?? row?.cycle ?? '?'} {body.result?.seed ?? row?.seed ?? ''}
                </span>
                <span className={`badge ${sig.cls}`} title={entry.signature.reason}>
                  {sig.text}
                </span>
                <span className="meta">
                  received {new Date(entry.receivedAtMs).toLocaleTimeString()} · {entry.bodyBytes} B ·
                  attempts {cb?.attempts ?? DASH} · HTTP {cb?.lastStatusCode ?? DASH}
                </span>
                <span className="sub" title={body.result?.hash ?? ''}>
                  {body.requestId ?? 'no requestId'} · {body.result?.status ?? ''} {body.result?.hash ?? ''}
                </span>
              </li>
            );
          })}
        </ul>
      )}
    </Panel>
  );
}
