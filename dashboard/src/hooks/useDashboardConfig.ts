import { useEffect, useState } from 'react';
import { ALGORITHMS, ITERATIONS_PER_LEVEL } from '../../../src/engine/algorithms.js';
import type { ApiClient, DashboardConfig } from '../api/client.js';

/**
 * The server's limits (GET /dashboard-config.json). Until it answers, the SPEC defaults apply, so the form
 * is usable at once; the server's own numbers replace them as soon as they arrive.
 */

export const DEFAULT_CONFIG: DashboardConfig = {
  version: '',
  algorithms: ALGORITHMS,
  iterationsPerLevel: ITERATIONS_PER_LEVEL,
  limits: {
    maxSeedsPerRequest: 500,
    maxSeedLength: 2048,
    maxRequestBodyBytes: 1_048_576,
    maxDifficulty: 100,
    maxStatusRequestIds: 500,
    callbackUrlMaxLength: 2048,
    syncMaxWorkUnits: 5000,
  },
  rateLimits: {
    sync: { max: 30, windowSeconds: 60 },
    async: { max: 60, windowSeconds: 60 },
    status: { max: 120, windowSeconds: 60 },
  },
  apiKeyRequired: false,
};

export function useDashboardConfig(client: ApiClient, online: boolean | null): DashboardConfig {
  const [config, setConfig] = useState<DashboardConfig>(DEFAULT_CONFIG);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (loaded || online === false) return;
    let cancelled = false;
    client.dashboardConfig().then(
      ({ data }) => {
        if (cancelled) return;
        setConfig(data);
        setLoaded(true);
      },
      () => {
        // Keep the defaults; the next time the backend is seen online this is tried again.
      },
    );
    return () => {
      cancelled = true;
    };
  }, [client, loaded, online]);
  return config;
}
