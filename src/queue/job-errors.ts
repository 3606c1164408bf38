/**
 * Processor failures are transient by default (retried with backoff up to config.queue.jobAttempts);
 * throw PermanentJobError for a failure no retry can fix, and the job fails at once.
 */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
