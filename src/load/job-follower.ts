import http from 'node:http';
import https from 'node:https';
import type { LoadClient } from './http-client.js';
import { parseSseBlock, SseSplitter } from './sse.js';
import type { JobTally } from './tally.js';

/**
 * Follows async jobs to their end. The live path is one SSE stream (GET /api/events) opened before the
 * first request, so a job that finishes before its ack is processed is still caught (kept briefly as
 * "early"). Status polling (POST /api/async/status, 500 ids a call) is the safety net: always while the
 * stream is down, and during the drain for anything the stream did not report.
 */

const STATUS_BATCH = 500;
const EARLY_MAX = 200_000;
const EARLY_TTL_MS = 120_000;

interface Finish {
  readonly ok: boolean;
  readonly totalTimeMs: number | null;
  readonly seenAtMs: number;
}

export class JobFollower {
  /** requestId → scheduled send time of the POST that created it. */
  private readonly pending = new Map<string, number>();
  private readonly early = new Map<string, Finish>();
  private stream: http.ClientRequest | null = null;
  private streamUp = false;
  private pollBlockedUntilMs = 0;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private draining = false;
  private closed = false;

  constructor(
    private readonly base: URL,
    private readonly apiKey: string | null,
    private readonly client: LoadClient,
    private readonly tally: JobTally,
  ) {}

  get outstanding(): number {
    return this.pending.size;
  }

  get live(): boolean {
    return this.streamUp;
  }

  /** Opens the event stream; resolves once it is confirmed (or after 2 s without it, polling instead). */
  async start(): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      const transport = this.base.protocol === 'https:' ? https : http;
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (this.apiKey) headers['x-api-key'] = this.apiKey;
      const req = transport.get(
        {
          host: this.base.hostname,
          port: this.base.port || undefined,
          path: this.client.pathFor('/api/events'),
          headers,
          agent: false,
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            done();
            return;
          }
          this.streamUp = true;
          const splitter = new SseSplitter();
          res.setEncoding('utf8');
          res.on('data', (text: string) => {
            for (const block of splitter.push(text)) this.onEvent(block);
          });
          res.once('close', () => {
            this.streamUp = false;
          });
          done();
        },
      );
      req.once('error', () => {
        this.streamUp = false;
        done();
      });
      this.stream = req;
    });
    this.schedulePoll();
  }

  track(requestIds: readonly string[], scheduledAtMs: number): void {
    this.tally.enqueued += requestIds.length;
    for (const id of requestIds) {
      const finished = this.early.get(id);
      if (finished) {
        this.early.delete(id);
        this.pending.set(id, scheduledAtMs);
        this.settle(id, finished);
      } else {
        this.pending.set(id, scheduledAtMs);
      }
    }
  }

  /** Waits for every tracked job to finish, until `untilMs` or `stopped()`. */
  async drain(untilMs: number, stopped: () => boolean): Promise<void> {
    this.draining = true;
    this.schedulePoll(0);
    while (this.pending.size > 0 && performance.now() < untilMs && !stopped()) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  close(): void {
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    this.stream?.destroy();
    this.stream = null;
    this.streamUp = false;
  }

  private onEvent(block: string): void {
    const event = parseSseBlock(block);
    if (event === null || (event.type !== 'done' && event.type !== 'failed')) return;
    const data = event.data as { requestId?: unknown; job?: { totalTimeMs?: unknown } | null } | null;
    if (typeof data?.requestId !== 'string') return;
    const total = data.job?.totalTimeMs;
    const finish: Finish = {
      ok: event.type === 'done',
      totalTimeMs: typeof total === 'number' ? total : null,
      seenAtMs: performance.now(),
    };
    if (this.pending.has(data.requestId)) this.settle(data.requestId, finish);
    else this.remember(data.requestId, finish);
  }

  private remember(id: string, finish: Finish): void {
    if (this.early.size >= EARLY_MAX) {
      for (const [key, value] of this.early) {
        if (finish.seenAtMs - value.seenAtMs < EARLY_TTL_MS) break;
        this.early.delete(key);
      }
      if (this.early.size >= EARLY_MAX) return;
    }
    this.early.set(id, finish);
  }

  private settle(id: string, finish: Finish): void {
    const scheduledAtMs = this.pending.get(id);
    if (scheduledAtMs === undefined) return;
    this.pending.delete(id);
    const jobs = this.tally;
    if (finish.ok) jobs.completed += 1;
    else jobs.failed += 1;
    jobs.endToEnd.record(finish.seenAtMs - scheduledAtMs);
    jobs.latency.record(finish.totalTimeMs ?? finish.seenAtMs - scheduledAtMs);
    jobs.lastFinishedAtMs = Math.max(jobs.lastFinishedAtMs, finish.seenAtMs);
  }

  private schedulePoll(delayMs?: number): void {
    if (this.closed) return;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    const wait = delayMs ?? (this.streamUp ? 3000 : 1000);
    this.pollTimer = setTimeout(() => void this.poll(), wait);
    this.pollTimer.unref();
  }

  private async poll(): Promise<void> {
    // While the stream is live it reports everything; polling then only sweeps up during the drain.
    const wanted = this.draining || !this.streamUp;
    if (wanted && !this.polling && performance.now() >= this.pollBlockedUntilMs && this.pending.size > 0) {
      this.polling = true;
      try {
        const ids = [...this.pending.keys()];
        for (let i = 0; i < ids.length; i += STATUS_BATCH) {
          if (!(await this.pollBatch(ids.slice(i, i + STATUS_BATCH)))) break;
        }
      } finally {
        this.polling = false;
      }
    }
    if (this.stream !== null || this.draining) this.schedulePoll();
  }

  /** Returns false when the server asked us to slow down. */
  private async pollBatch(ids: string[]): Promise<boolean> {
    const out = await this.client.postJson('/api/async/status', { requestIds: ids }, true);
    if (out.status === 429 || out.status === 503) {
      this.pollBlockedUntilMs = performance.now() + 2000;
      return false;
    }
    if (out.status !== 200 || out.body === null) return true;
    let results: Array<{ requestId?: unknown; status?: unknown; totalTimeMs?: unknown }> = [];
    try {
      const parsed = JSON.parse(out.body.toString('utf8')) as { results?: unknown };
      if (Array.isArray(parsed.results)) results = parsed.results;
    } catch {
      return true;
    }
    const now = performance.now();
    for (const r of results) {
      if (typeof r.requestId !== 'string' || (r.status !== 'done' && r.status !== 'failed')) continue;
      const total = typeof r.totalTimeMs === 'number' ? r.totalTimeMs : null;
      this.settle(r.requestId, { ok: r.status === 'done', totalTimeMs: total, seenAtMs: now });
    }
    return true;
  }
}
