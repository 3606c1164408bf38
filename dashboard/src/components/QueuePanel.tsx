import type { ApiClient } from '../api/client.js';
import type { ApiFailure } from '../api/errors.js';
import { useStats } from '../hooks/useStats.js';
import type { Theme } from '../hooks/useTheme.js';
import { int, ms, rate } from '../lib/format.js';
import { Panel } from './Panel.js';
import { SeriesChart } from './SeriesChart.js';

/** Queue and workers, live from GET /api/stats: depth per state, workers, lifetime counters, and charts. */
export function QueuePanel(props: {
  client: ApiClient;
  theme: Theme;
  online: boolean;
  onFailure: (failure: ApiFailure) => void;
}) {
  const { stats, history, error } = useStats(props.client, props.online, props.onFailure);
  const now = stats?.timestamp ?? Date.now();
  const x = (atMs: number) => (atMs - (history.at(-1)?.atMs ?? atMs)) / 1000;
  const depth = stats?.queue.depth;
  const c = stats?.counters;
  const stat = (label: string, value: string) => (
    <div className="stat" key={label}>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
  return (
    <Panel
      title="Queue and workers"
      className="span-2"
      testId="queue-panel"
      hint={
        stats
          ? `${stats.mode} mode · queue ${stats.queue.reachable ? 'reachable' : 'UNREACHABLE'} · updated ${new Date(now).toLocaleTimeString()}`
          : (error ?? 'loading…')
      }
    >
      <dl className="stats">
        {stat('Waiting', int(depth?.waiting))}
        {stat('Active', int(depth?.active))}
        {stat('Delayed', int(depth?.delayed))}
        {stat('Completed', int(depth?.completed))}
        {stat('Failed', int(depth?.failed))}
        {stat('Workers', int(stats?.queue.workers))}
        {stat('Pool busy', stats ? `${stats.pool.busyThreads}/${stats.pool.threads}` : '—')}
        {stat('Hash rate', rate(stats?.queue.hashRate ?? null, ' H/s'))}
        {stat('Oldest waiting', ms(stats?.queue.oldestWaitingAgeMs, 0))}
      </dl>
      <dl className="stats">
        {stat('Enqueued', int(c?.enqueued))}
        {stat('Completed', int(c?.completed))}
        {stat('Failed', int(c?.failed))}
        {stat('Retried', int(c?.retried))}
        {stat('Hash steps', int(c?.hashSteps))}
        {stat('Callbacks ok', int(c?.callbacksDelivered))}
        {stat('Callbacks failed', int(c?.callbacksFailed))}
        {stat('Refused 429', int(stats?.refusals.rateLimited))}
        {stat('Refused 503', int(stats?.refusals.backpressure))}
      </dl>
      <div className="charts">
        <SeriesChart
          title="Throughput (shortest window)"
          xTitle="seconds ago"
          yTitle="per second"
          theme={props.theme}
          xMax={0}
          series={[
            {
              label: 'async jobs/s',
              color: 'async',
              points: history.map((s) => ({ x: x(s.atMs), y: s.jobsPerSecond })),
            },
            {
              label: 'sync requests/s',
              color: 'sync',
              points: history.map((s) => ({ x: x(s.atMs), y: s.syncPerSecond })),
            },
            {
              label: 'waiting',
              color: 'warn',
              dashed: true,
              points: history.map((s) => ({ x: x(s.atMs), y: s.waiting })),
            },
          ]}
        />
        <SeriesChart
          title="Latency (ms)"
          xTitle="seconds ago"
          yTitle="ms"
          theme={props.theme}
          xMax={0}
          series={[
            {
              label: 'async p50',
              color: 'async',
              points: history.map((s) => ({ x: x(s.atMs), y: s.jobP50 })),
            },
            {
              label: 'async p95',
              color: 'async',
              dashed: true,
              points: history.map((s) => ({ x: x(s.atMs), y: s.jobP95 })),
            },
            {
              label: 'sync p50',
              color: 'sync',
              points: history.map((s) => ({ x: x(s.atMs), y: s.syncP50 })),
            },
            {
              label: 'sync p95',
              color: 'sync',
              dashed: true,
              points: history.map((s) => ({ x: x(s.atMs), y: s.syncP95 })),
            },
          ]}
        />
      </div>
    </Panel>
  );
}
