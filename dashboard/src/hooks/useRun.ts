import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiClient } from '../api/client.js';
import type { ApiFailure } from '../api/errors.js';
import { RunController } from '../lib/run-controller.js';
import type { RunParams, RunState } from '../lib/run-state.js';

/** React binding of RunController: one run at a time; starting a new one stops the previous. */
export function useRun(client: ApiClient, maxIdsPerStatus: number, onFailure: (failure: ApiFailure) => void) {
  const [run, setRun] = useState<RunState | null>(null);
  const controller = useRef<RunController | null>(null);
  const nextId = useRef(1);
  const failureRef = useRef(onFailure);
  failureRef.current = onFailure;

  const start = useCallback(
    (params: RunParams) => {
      controller.current?.stop();
      const id = nextId.current++;
      const c = new RunController(id, client, params, maxIdsPerStatus, {
        // A stopped run's late callbacks must not overwrite the newer run's state.
        onState: (state) => {
          if (controller.current === c) setRun(state);
        },
        onFailure: (failure) => failureRef.current(failure),
      });
      controller.current = c;
      c.start();
    },
    [client, maxIdsPerStatus],
  );

  const stop = useCallback(() => controller.current?.stop(), []);

  useEffect(() => () => controller.current?.stop(), []);

  return { run, start, stop };
}
