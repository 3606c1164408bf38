import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, ERROR_CATALOGUE, type ErrorCode } from './errors.js';
import { describeValidationError } from './validation-message.js';

/**
 * One handler renders every error as `{ error, code, ...details }`. Fastify's own client errors (bad JSON,
 * too large, wrong content type, schema violations) are mapped to catalogue codes; anything else is a 500
 * whose details stay in the log.
 */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | ApiError, request, reply) => {
    const api = toApiError(error, request);
    if (api.statusCode >= 500 && api.code === 'internal') {
      request.log.error({ err: error }, 'unhandled error');
    }
    return send(reply, api);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((method) =>
      routeExists(app, method, path),
    );
    if (allowed.length > 0) {
      return send(
        reply,
        new ApiError(
          'method_not_allowed',
          `${request.method} is not allowed on ${path}; use ${allowed.join(' or ')}`,
          {},
          { allow: allowed.join(', ') },
        ),
      );
    }
    return send(
      reply,
      new ApiError('not_found', `no route ${request.method} ${path}; see /docs for the API`),
    );
  });
}

/** `hasRoute` reads its url as a route pattern, and a client's path such as `/:x(` is not a valid one. */
function routeExists(app: FastifyInstance, method: string, path: string): boolean {
  try {
    return app.hasRoute({ method: method as 'GET', url: path });
  } catch {
    return false;
  }
}

export function send(reply: FastifyReply, error: ApiError): FastifyReply {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  return reply
    .code(error.statusCode)
    .type('application/json')
    .send({ error: error.message, code: error.code, ...error.details });
}

const FASTIFY_CODES: Record<string, { code: ErrorCode; message: (e: FastifyError) => string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    code: 'invalid_json',
    message: () => 'the body is not valid JSON; send a JSON object',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'invalid_json',
    message: () => 'the body is empty; send a JSON object',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'body_too_large',
    message: () => 'the body is too large (MAX_REQUEST_BODY_BYTES); send fewer or shorter seeds',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'unsupported_media_type',
    message: () => 'unsupported Content-Type; send the body as application/json',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'invalid_json',
    message: () => 'Content-Length does not match the body',
  },
};

function toApiError(error: FastifyError | ApiError, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (error.validation && error.validation.length > 0) {
    const schema = request.routeOptions.schema?.body;
    const first = error.validation[0];
    const message = first ? describeValidationError(first, schema) : 'the body is invalid';
    return new ApiError('invalid_body', message);
  }
  const known = error.code ? FASTIFY_CODES[error.code] : undefined;
  if (known) return new ApiError(known.code, known.message(error));
  if (error.statusCode === 429) return new ApiError('rate_limited', error.message);
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // A client error from a plugin we did not map: keep the status, give the catalogue's wording.
    const code = (Object.entries(ERROR_CATALOGUE).find(([, v]) => v.status === status)?.[0] ??
      'invalid_body') as ErrorCode;
    return new ApiError(code, error.message || ERROR_CATALOGUE[code].summary);
  }
  return new ApiError('internal', 'internal server error; the details have been logged');
}
