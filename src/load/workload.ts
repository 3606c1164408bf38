import type { LoadClient } from './http-client.js';
import type { JobFollower } from './job-follower.js';
import type { LoadOptions } from './options.js';
import type { RequestKind, Tally } from './tally.js';

/**
 * What one request of each mode sends and how its answer is counted: health is a plain GET, sync posts
 * seeds and counts the hashed ones, async posts seeds and hands the acknowledged job ids to the follower.
 * Mixed alternates sync and async so both see the same offered load.
 */

export type Sender = (index: number, scheduledAtMs: number) => Promise<void>;

export function kindFor(options: LoadOptions, index: number): RequestKind {
  if (options.mode === 'mixed') return index % 2 === 0 ? 'sync' : 'async';
  return options.mode;
}

export function makeSender(
  options: LoadOptions,
  client: LoadClient,
  tally: Tally,
  follower: JobFollower | null,
  runId: string,
): Sender {
  const seedsFor = (index: number) =>
    Array.from({ length: options.seeds }, (_, k) => `load-${runId}-${index}-${k}`);
  const payload = (index: number) => ({
    seeds: seedsFor(index),
    difficulty: options.difficulty,
    algorithm: options.algorithm,
  });

  return async (index, scheduledAtMs) => {
    const kind = kindFor(options, index);
    tally.inFlight += 1;
    try {
      if (kind === 'health') {
        const out = await client.get(options.path, false);
        tally.record(kind, out.status, out.error, performance.now() - scheduledAtMs);
        return;
      }
      const route = kind === 'sync' ? '/api/sync' : '/api/async';
      const out = await client.postJson(route, payload(index), true);
      const latencyMs = performance.now() - scheduledAtMs;
      const kindTally = tally.record(kind, out.status, out.error, latencyMs);
      if (out.status < 200 || out.status >= 300 || out.body === null) return;
      const body = parseJson(out.body);
      if (kind === 'sync') {
        const results = Array.isArray(body?.results) ? (body.results as Array<{ status?: unknown }>) : [];
        kindTally.seedsDone += results.filter((r) => r.status === 'done').length;
      } else if (follower) {
        const acks = Array.isArray(body?.acks) ? (body.acks as Array<{ requestId?: unknown }>) : [];
        const ids = acks.map((a) => a.requestId).filter((id): id is string => typeof id === 'string');
        follower.track(ids, scheduledAtMs);
      }
    } finally {
      tally.inFlight -= 1;
    }
  };
}

function parseJson(body: Buffer): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
