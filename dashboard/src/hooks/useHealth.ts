import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient, Health } from '../api/client.js';
import { ApiFailure } from '../api/errors.js';

/**
 * Backend status: GET /api/health every few seconds with its round-trip latency. When the backend cannot be
 * reached, retries back off (1, 2, 4 … 10 s) and the banner shows when the next attempt is due; any other
 * part of the dashboard that sees the backend go away can call `check` to confirm at once.
 */

const ONLINE_EVERY_MS = 5000;
const TIMEOUT_MS = 4000;

export interface HealthState {
  readonly health: Health | null;
  readonly latencyMs: number | null;
  /** null until the first answer. */
  readonly online: boolean | null;
  readonly failures: number;
  readonly nextCheckAtMs: number | null;
}

export function retryDelayMs(failures: number): number {
  return Math.min(10_000, 1000 * 2 ** Math.max(0, failures - 1));
}

export function useHealth(client: ApiClient): HealthState & { check: () => void } {
  const [state, setState] = useState<HealthState>({
    health: null,
    latencyMs: null,
    online: null,
    failures: 0,
    nextCheckAtMs: null,
  });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const failures = useRef(0);
  const inFlight = useRef(false);

  const check = useCallback(async () => {
    if (inFlight.current) return;
    inFlight.current = true;
    if (timer.current) clearTimeout(timer.current);
    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), TIMEOUT_MS);
    let online = false;
    let health: Health | null = null;
    let latencyMs: number | null = null;
    try {
      const result = await client.health(controller.signal);
      online = true;
      health = result.data;
      latencyMs = result.ms;
    } catch (error) {
      // Any answer at all, even an error status, means the server is there.
      online = error instanceof ApiFailure && error.kind !== 'offline';
    } finally {
      clearTimeout(timeout);
      inFlight.current = false;
    }
    failures.current = online ? 0 : failures.current + 1;
    const delay = online ? ONLINE_EVERY_MS : retryDelayMs(failures.current);
    setState((prev) => ({
      health: health ?? prev.health,
      latencyMs: online ? latencyMs : null,
      online,
      failures: failures.current,
      nextCheckAtMs: Date.now() + delay,
    }));
    timer.current = setTimeout(() => void check(), delay);
  }, [client]);

  useEffect(() => {
    void check();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [check]);

  return { ...state, check: () => void check() };
}
