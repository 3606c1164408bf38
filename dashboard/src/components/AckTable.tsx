import { memo } from 'react';
import type { AsyncRow } from '../lib/async-rows.js';
import { ms } from '../lib/format.js';
import { TableWrap } from './TableWrap.js';

/**
 * What POST /api/async answered at once: one request id per seed and how long enqueueing took. Acks never
 * change after the answer, so job updates (new row objects, same acks) do not re-render the table.
 */
export const AckTable = memo(
  function AckTable(props: { rows: readonly AsyncRow[]; submitting: boolean }) {
    const rows = props.rows;
    return (
      <TableWrap label="Async acknowledgements table">
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
                  {props.submitting ? 'Enqueueing…' : 'No async jobs yet.'}
                </td>
              </tr>
            ) : null}
          </tbody>
        </table>
      </TableWrap>
    );
  },
  (a, b) =>
    a.submitting === b.submitting &&
    a.rows.length === b.rows.length &&
    a.rows[0]?.requestId === b.rows[0]?.requestId,
);
