import { workerData } from 'node:worker_threads';
import { loadEngine } from '../engine/index.js';
import { runWork, WorkCancelledError, type WorkResult } from '../engine/work.js';
import type { HashTask, HashTaskReply, ThreadInit } from './protocol.js';

/**
 * Body of one pool thread. The engine is loaded once when the thread starts and reused for every task, so a
 * task costs only the message round trip. The main thread already reported any fallback warning.
 */
const init = workerData as ThreadInit;
const engine = loadEngine(init.engine, { quiet: true });

export default function hashTask(task: HashTask): HashTaskReply {
  const flag = new Int32Array(task.cancelFlag);
  const shouldStop = () => Atomics.load(flag, 0) !== 0;
  const results: WorkResult[] = [];
  try {
    for (const item of task.items) results.push(runWork(engine, item, shouldStop));
  } catch (error) {
    if (error instanceof WorkCancelledError)
      return { ok: false, reason: 'cancelled', completed: results.length };
    throw error;
  }
  return { ok: true, engine: engine.name, results };
}
