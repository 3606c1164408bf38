import { ms } from '../lib/format.js';
import type { PathSummary } from '../lib/summary.js';
import { Panel } from './Panel.js';
import { ProgressBar } from './ProgressBar.js';

/** One path's summary: progress, success/failed, latency percentiles, runtime, acks, processing details. */
export function SummaryPanel(props: {
  path: 'sync' | 'async';
  summary: PathSummary | null;
  state: string;
  details: {
    algorithm: string;
    difficulty: number;
    iterationsPerLevel: number;
    engine: string | null;
  } | null;
}) {
  const s = props.summary;
  const title = props.path === 'sync' ? 'Sync' : 'Async';
  const stat = (label: string, value: string, testId?: string) => (
    <div className="stat">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
    </div>
  );
  return (
    <Panel
      title={`${title} summary`}
      hint={props.state}
      className={props.path}
      testId={`${props.path}-summary`}
    >
      <ProgressBar
        label={`${title} progress`}
        total={s?.total ?? 0}
        done={s?.done ?? 0}
        failed={s?.failed ?? 0}
      />
      <dl className="stats">
        {stat('Succeeded', s ? String(s.done) : '—', `${props.path}-done`)}
        {stat('Failed', s ? String(s.failed) : '—')}
        {stat('p50 hash', ms(s?.latency?.p50))}
        {stat('p95 hash', ms(s?.latency?.p95))}
        {stat('p99 hash', ms(s?.latency?.p99))}
        {stat('Total runtime', ms(s?.runtimeMs, 0))}
        {props.path === 'sync'
          ? stat('Server time', ms(s?.serverMs, 0))
          : stat('Avg ack latency', ms(s?.avgAckMs, 2))}
        {props.path === 'async' ? stat('p95 enqueue→done', ms(s?.endToEnd?.p95, 0)) : null}
      </dl>
      {props.details ? (
        <p className="details">
          {props.details.algorithm} · difficulty {props.details.difficulty} ·{' '}
          {props.details.iterationsPerLevel.toLocaleString('en-US')} iterations per level ·{' '}
          {(props.details.difficulty * props.details.iterationsPerLevel * (s?.total ?? 0)).toLocaleString(
            'en-US',
          )}{' '}
          iterations in total
          {props.details.engine ? ` · engine ${props.details.engine}` : ''}
        </p>
      ) : null}
    </Panel>
  );
}
