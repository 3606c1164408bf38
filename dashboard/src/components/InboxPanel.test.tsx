// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { InboxEntry } from '../api/client.js';
import type { AsyncRow } from '../lib/async-rows.js';
import { InboxPanel } from './InboxPanel.js';

afterEach(cleanup);

const entry = (requestId: string, verified: boolean | null, cycle: number): InboxEntry => ({
  receivedAtMs: 1_700_000_000_000 + cycle,
  headers: { 'webhook-id': `msg_${requestId}` },
  body: { requestId, result: { cycle, seed: `seed-${cycle}`, status: 'done', hash: 'ff'.repeat(32) } },
  bodyBytes: 700 + cycle,
  truncated: false,
  signature: { verified, reason: verified === null ? 'no secret configured' : 'checked' },
});

const row = (requestId: string, cycle: number, attempts: number): AsyncRow => ({
  cycle,
  seed: `seed-${cycle}`,
  requestId,
  ackTimeMs: 1,
  // Only the callback part of the job matters to the panel.
  job: {
    requestId,
    callback: { url: 'u', status: 'delivered', attempts, lastStatusCode: 202, lastError: null },
  } as AsyncRow['job'],
});

describe('InboxPanel', () => {
  it('lists only this run’s deliveries with attempts, status code and the signature check', () => {
    const entries = [entry('r2', true, 2), entry('old', null, 9), entry('r1', false, 1)];
    render(
      <InboxPanel name="box" entries={entries} rows={[row('r1', 1, 3), row('r2', 2, 1)]} error={null} />,
    );
    const items = screen.getByTestId('deliveries').querySelectorAll('li');
    expect(items).toHaveLength(2);
    expect(items[0]?.textContent).toContain('#2 seed-2');
    expect(items[0]?.textContent).toContain('signature ✓');
    expect(items[0]?.textContent).toContain('attempts 1 · HTTP 202');
    expect(items[1]?.textContent).toContain('signature ✗');
    expect(items[1]?.textContent).toContain('attempts 3');
    expect(screen.getByText(/2 for this run/)).toBeTruthy();
  });

  it('explains what to do when no receiver is used', () => {
    render(<InboxPanel name={null} entries={[]} rows={[]} error={null} />);
    expect(screen.getByText(/Use the built-in receiver/)).toBeTruthy();
  });
});
