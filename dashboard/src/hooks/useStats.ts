import { useEffect, useRef, useState } from 'react';
import type { Stats } from '../../../src/schemas/stats.js';
import type { ApiClient } from '../api/client.js';
import { ApiFailure } from '../api/errors.js';
import { appendSample, type StatsSample, sampleFrom } from '../lib/series.js';

/** GET /api/stats every 2 s while the backend is online, with a few minutes of history for the charts. */

const EVERY_MS = 2000;

export function useStats(client: ApiClient, online: boolean, onFailure: (failure: ApiFailure) => void) {
  const [stats, setStats] = useState<Stats | null>(null);
  const [history, setHistory] = useState<StatsSample[]>([]);
  const [error, setError] = useState<string | null>(null);
  const failureRef = useRef(onFailure);
  failureRef.current = onFailure;

  useEffect(() => {
    if (!online) return;
    let cancelled = false;
    let busy = false;
    const load = async () => {
      if (busy) return;
      busy = true;
      try {
        const { data } = await client.stats();
        if (cancelled) return;
        setStats(data);
        setError(null);
        setHistory((h) => appendSample(h, sampleFrom(data, Date.now())));
      } catch (e) {
        if (cancelled) return;
        setError(e instanceof Error ? e.message : String(e));
        // The key prompt matters here too: without a key no panel can show anything.
        if (e instanceof ApiFailure && e.kind === 'unauthorized') failureRef.current(e);
      } finally {
        busy = false;
      }
    };
    void load();
    const id = setInterval(() => void load(), EVERY_MS);
    return () => {
      cancelled = true;
      clearInterval(id);
    };
  }, [client, online]);

  return { stats, history, error };
}
