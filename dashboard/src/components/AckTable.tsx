import { ms } from '../lib/format.js';
import type { RunState } from '../lib/run-state.js';

/** What POST /api/async answered at once: one request id per seed and how long enqueueing took. */
export function AckTable(props: { run: RunState | null }) {
  const rows = props.run?.async.rows ?? [];
  return (
    <div className="table-wrap">
      <table data-testid="ack-table">
        <caption className="sr-only">Async acknowledgements</caption>
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Seed</th>
            <th>Request id</th>
            <th className="num">Ack time</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.requestId}>
              <td className="num">{r.cycle}</td>
              <td>{r.seed}</td>
              <td className="mono">{r.requestId}</td>
              <td className="num">{ms(r.ackTimeMs, 2)}</td>
            </tr>
          ))}
          {rows.length === 0 ? (
            <tr>
              <td colSpan={4} className="empty">
                {props.run?.async.status === 'submitting' ? 'Enqueueing…' : 'No async jobs yet.'}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
