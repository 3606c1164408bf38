import { memo } from 'react';
import type { AsyncRow } from '../lib/async-rows.js';
import { DASH, ms, relativeFuture, shortHash } from '../lib/format.js';
import { StatusBadge } from './StatusBadge.js';
import { TableWrap } from './TableWrap.js';

/**
 * Async results as they happen: status (queue position and estimated start while queued), digest,
 * timings, and the webhook columns (delivery state, attempts, last HTTP status, time to delivery).
 */
export function AsyncTable(props: { rows: readonly AsyncRow[]; now: number; withCallback: boolean }) {
  return (
    <TableWrap label="Async results table">
      <table data-testid="async-table">
        <caption className="sr-only">Async results</caption>
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Seed</th>
            <th>Status</th>
            <th>Queue</th>
            <th>Hash</th>
            <th className="num">Hash time</th>
            <th className="num">Queued for</th>
            <th className="num">Total</th>
            <th className="num">Tries</th>
            <th>Callback</th>
            <th className="num">Cb tries</th>
            <th className="num">Cb HTTP</th>
            <th className="num">Cb time</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            // Only queued rows show a countdown, so only they need the clock; the rest stay memoised.
            <AsyncRowView
              key={r.requestId}
              row={r}
              now={r.job?.status === 'queued' ? props.now : 0}
              withCallback={props.withCallback}
            />
          ))}
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={13} className="empty">
                Async results appear here live as workers finish each job.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** One job's row; re-renders only when that job's news (or, while queued, the clock) changes. */
const AsyncRowView = memo(function AsyncRowView(props: {
  row: AsyncRow;
  now: number;
  withCallback: boolean;
}) {
  const r = props.row;
  const j = r.job;
  const cb = j?.callback ?? null;
  const queued = j?.status === 'queued';
  return (
    <tr data-seed={r.seed} data-status={j?.status ?? 'waiting'}>
      <td className="num">{r.cycle}</td>
      <td>{r.seed}</td>
      <td>
        <StatusBadge status={j?.status ?? 'queued'} />
      </td>
      <td>
        {queued && j.queuePosition !== null
          ? `#${j.queuePosition + 1}, ${relativeFuture(j.estimatedStartAtMs, props.now)}`
          : DASH}
      </td>
      <td className="mono" title={j?.hash ?? j?.error ?? ''} data-hash={j?.hash ?? ''}>
        {j?.hash ? shortHash(j.hash) : (j?.error ?? DASH)}
      </td>
      <td className="num">{ms(j?.latencyMs)}</td>
      <td className="num">{ms(j?.queueTimeMs, 0)}</td>
      <td className="num">{ms(j?.totalTimeMs, 0)}</td>
      <td className="num">{j?.attempts ?? DASH}</td>
      <td title={cb?.lastError ?? ''}>
        {cb ? <StatusBadge status={cb.status} /> : props.withCallback ? 'waiting' : DASH}
      </td>
      <td className="num">{cb?.attempts ?? DASH}</td>
      <td className="num">{cb?.lastStatusCode ?? DASH}</td>
      <td className="num">{ms(j?.callbackTimeMs, 0)}</td>
    </tr>
  );
});
