/**
 * The error catalogue: every refusal the API gives, with a stable code and its HTTP status. Handlers throw
 * `ApiError`; the error handler (error-handler.ts) renders `{ error, code, ...details }` and never leaks internals.
 */
export const ERROR_CATALOGUE = {
  invalid_json: { status: 400, summary: 'The body is not valid JSON.' },
  invalid_body: { status: 400, summary: 'A field is missing, of the wrong type or out of range.' },
  invalid_url: { status: 400, summary: 'The request URL is malformed (e.g. bad percent-encoding).' },
  unsupported_media_type: { status: 415, summary: 'The body must be sent as application/json.' },
  body_too_large: { status: 413, summary: 'The body is larger than MAX_REQUEST_BODY_BYTES.' },
  sync_work_too_large: { status: 413, summary: 'Too much work for one sync request; use async.' },
  unauthorized: { status: 401, summary: 'X-API-Key is missing or wrong.' },
  rate_limited: { status: 429, summary: 'Too many requests in the current window.' },
  queue_full: { status: 503, summary: 'The queue is over QUEUE_BACKPRESSURE_LENGTH waiting jobs.' },
  queue_unavailable: { status: 503, summary: 'The queue (Redis) cannot be reached.' },
  not_found: { status: 404, summary: 'No such route or resource.' },
  method_not_allowed: { status: 405, summary: 'The route exists but not for this method.' },
  internal: { status: 500, summary: 'An unexpected server error; it has been logged.' },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export class ApiError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = ERROR_CATALOGUE[code].status;
  }
}
