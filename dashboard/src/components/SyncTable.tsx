import { memo } from 'react';
import type { SyncResult } from '../../../src/schemas/sync.js';
import { ms, shortHash } from '../lib/format.js';
import type { SyncSide } from '../lib/run-state.js';
import { StatusBadge } from './StatusBadge.js';
import { TableWrap } from './TableWrap.js';

const PENDING_LABEL: Record<string, string> = { pending: 'running', failed: 'refused', stopped: 'stopped' };

/**
 * Sync results in request order; until the response arrives, the seeds are listed as pending. Memoised on
 * the sync side alone, so the stream of async updates does not re-render it.
 */
export const SyncTable = memo(function SyncTable(props: { sync: SyncSide | null; seeds: readonly string[] }) {
  const { sync } = props;
  const results: SyncResult[] = sync?.response?.results ?? [];
  const pending = sync && !sync.response ? props.seeds : [];
  return (
    <TableWrap label="Sync results table">
      <table data-testid="sync-table">
        <caption className="sr-only">Sync results</caption>
        <thead>
          <tr>
            <th className="num">#</th>
            <th>Seed</th>
            <th>Status</th>
            <th>Hash</th>
            <th className="num">Hash time</th>
            <th className="num">Total</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.cycle} data-seed={r.seed}>
              <td className="num">{r.cycle}</td>
              <td>{r.seed}</td>
              <td>
                <StatusBadge status={r.status} />
              </td>
              <td className="mono" title={r.hash ?? r.error ?? ''} data-hash={r.hash ?? ''}>
                {r.hash ? shortHash(r.hash) : (r.error ?? '—')}
              </td>
              <td className="num">{ms(r.latencyMs)}</td>
              <td className="num">{ms(r.totalTimeMs)}</td>
            </tr>
          ))}
          {pending.map((seed, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: pending placeholders are positional
            <tr key={`p${i}`}>
              <td className="num">{i + 1}</td>
              <td>{seed}</td>
              <td>
                <StatusBadge status={PENDING_LABEL[sync?.status ?? 'pending']} />
              </td>
              <td className="mono">—</td>
              <td className="num">—</td>
              <td className="num">—</td>
            </tr>
          ))}
          {!sync ? (
            <tr>
              <td colSpan={6} className="empty">
                Press Run to hash the seeds in one sync request.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </TableWrap>
  );
});
