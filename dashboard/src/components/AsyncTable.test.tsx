// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AsyncRow } from '../lib/async-rows.js';
import { queuedJob } from '../test-support/job.js';
import { AsyncTable } from './AsyncTable.js';

afterEach(cleanup);

const job = queuedJob;

describe('AsyncTable', () => {
  it('shows queue position (1-based) and estimated start for queued jobs, digests and callbacks for done ones', () => {
    const now = 1_000_000;
    const rows: AsyncRow[] = [
      {
        cycle: 1,
        seed: 'a',
        requestId: 'r1',
        ackTimeMs: 0.3,
        job: job({ status: 'queued', queuePosition: 2, estimatedStartAtMs: now + 4000 }),
      },
      {
        cycle: 2,
        seed: 'b',
        requestId: 'r2',
        ackTimeMs: 0.3,
        job: job({
          status: 'done',
          attempts: 1,
          hash: 'ab'.repeat(32),
          latencyMs: 12.34,
          callbackTimeMs: 40,
          callback: {
            url: 'http://x/',
            status: 'delivered',
            attempts: 2,
            lastStatusCode: 202,
            lastError: null,
          },
        }),
      },
      { cycle: 3, seed: 'c', requestId: 'r3', ackTimeMs: 0.3, job: null },
    ];
    render(<AsyncTable rows={rows} now={now} withCallback />);
    const [first, second, third] = within(screen.getByTestId('async-table')).getAllByRole('row').slice(1);
    expect(first?.textContent).toContain('#3, in 4 s');
    expect(second?.getAttribute('data-status')).toBe('done');
    expect(second?.querySelector('[data-hash]')?.getAttribute('data-hash')).toBe('ab'.repeat(32));
    expect(second?.textContent).toContain('12.3 ms');
    expect(second?.textContent).toContain('delivered');
    expect(second?.textContent).toContain('202');
    expect(third?.getAttribute('data-status')).toBe('waiting');
    expect(third?.textContent).toContain('waiting');
  });

  it('says what will appear when there are no rows', () => {
    render(<AsyncTable rows={[]} now={0} withCallback={false} />);
    expect(screen.getByText(/appear here live/)).toBeTruthy();
  });
});
