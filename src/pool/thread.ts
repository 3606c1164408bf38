import { workerData } from 'node:worker_threads';
import { loadEngine } from '../engine/index.js';
import { runWork, WorkCancelledError } from '../engine/work.js';
import type { HashTask, HashTaskReply, ThreadInit } from './protocol.js';

/**
 * Body of one pool thread. The engine is loaded once when the thread starts and reused for every task, so a
 * task costs only the message round trip. The main thread already reported any fallback warning.
 */
const init = workerData as ThreadInit;
const engine = loadEngine(init.engine, { quiet: true });

export default function hashTask(task: HashTask): HashTaskReply {
  const flags = new Int32Array(task.cancelFlags);
  const results = task.items.map((item, i) => {
    const shouldStop = () => Atomics.load(flags, i) !== 0;
    try {
      return runWork(engine, item, shouldStop);
    } catch (error) {
      if (error instanceof WorkCancelledError) return null;
      throw error;
    }
  });
  return { engine: engine.name, results };
}
