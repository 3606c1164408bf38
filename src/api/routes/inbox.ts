import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { ErrorSchema } from '../../schemas/common.js';
import { INBOX_NAME_PATTERN, type WebhookInbox } from '../../webhooks/inbox.js';

const NameParams = Type.Object({ name: Type.String({ pattern: INBOX_NAME_PATTERN.source }) });

/**
 * The built-in webhook receiver: POST stores what arrives (any content type, raw bytes kept so the
 * signature is checked over exactly what was sent), GET lists it newest first.
 */
export function inboxRoutes(app: FastifyInstance, inbox: WebhookInbox, bodyLimit: number): void {
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
      done(null, body),
    );

    scope.post(
      '/api/webhooks/inbox/:name',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'Receive a webhook into the named inbox',
          params: NameParams,
          response: {
            202: Type.Object({
              stored: Type.Boolean(),
              signatureVerified: Type.Union([Type.Boolean(), Type.Null()]),
            }),
            400: ErrorSchema,
          },
        },
      },
      async (request, reply) => {
        const { name } = request.params as { name: string };
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const entry = inbox.add(name, request.headers, body);
        reply.code(202);
        return { stored: true, signatureVerified: entry.signature.verified };
      },
    );

    scope.get(
      '/api/webhooks/inbox/:name',
      {
        schema: {
          tags: ['webhooks'],
          summary: 'List what the named inbox received, newest first',
          params: NameParams,
          response: { 400: ErrorSchema },
        },
      },
      async (request) => {
        const { name } = request.params as { name: string };
        const entries = inbox.list(name);
        return { name, count: entries.length, entries };
      },
    );
  });
}
