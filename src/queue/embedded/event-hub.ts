import { EventEmitter } from 'node:events';
import type { JobEvent, JobEventListener } from '../contract.js';

/** In-process fan-out of job events; a listener that throws is isolated from the others and the publisher. */
export class EventHub {
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(0);
  }

  get listening(): boolean {
    return this.emitter.listenerCount('event') > 0;
  }

  subscribe(listener: JobEventListener): () => void {
    const safe = (event: JobEvent) => {
      try {
        listener(event);
      } catch {
        // A broken subscriber must not break the runners that publish.
      }
    };
    this.emitter.on('event', safe);
    return () => this.emitter.off('event', safe);
  }

  emit(event: JobEvent): void {
    this.emitter.emit('event', event);
  }

  clear(): void {
    this.emitter.removeAllListeners();
  }
}
