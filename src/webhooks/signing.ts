import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signatures: `webhook-id` (stable for one message across every retry, so receivers
 * can de-duplicate), `webhook-timestamp` (Unix seconds of this attempt) and `webhook-signature`
 * (`v1,<base64 HMAC-SHA256(secret, "<id>.<timestamp>.<body>")>`), with secrets written `whsec_<base64>`.
 * Verification is the receiving side of the same scheme, for the built-in inbox.
 */

export type WebhookHeaders = {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature'?: string;
};

export interface SignatureCheck {
  /** true/false when a secret is configured, null when there is nothing to check against. */
  readonly verified: boolean | null;
  readonly reason: string;
}

// Keys are decoded once per distinct secret; in practice there is exactly one (WEBHOOK_SECRET).
const signers = new Map<string, Webhook>();
function signer(secret: string): Webhook {
  let webhook = signers.get(secret);
  if (!webhook) {
    webhook = new Webhook(secret);
    signers.set(secret, webhook);
  }
  return webhook;
}

/** The message id of one job's webhook: derived from the job, hence identical across retries. */
export function webhookIdFor(requestId: string): string {
  return `msg_${requestId}`;
}

/**
 * Headers for one attempt. Without a secret, id and timestamp are still sent (they help receivers
 * de-duplicate and order), only the signature is left out.
 */
export function signatureHeaders(
  secret: string | null,
  webhookId: string,
  body: string,
  at: Date = new Date(),
): WebhookHeaders {
  const headers: WebhookHeaders = {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
  };
  if (secret !== null) headers['webhook-signature'] = signer(secret).sign(webhookId, at, body);
  return headers;
}

type IncomingHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/** A header by lower-case name, whatever case the caller's record uses; repeated values are joined. */
function single(headers: IncomingHeaders, name: string): string | undefined {
  const key = name in headers ? name : Object.keys(headers).find((k) => k.toLowerCase() === name);
  const value = key === undefined ? undefined : headers[key];
  return Array.isArray(value) ? value.join(' ') : (value as string | undefined);
}

/** Checks a received webhook: signature and timestamp tolerance (5 minutes, as the standard suggests). */
export function verifySignature(
  secret: string | null,
  headers: IncomingHeaders,
  rawBody: string | Uint8Array,
): SignatureCheck {
  if (secret === null)
    return { verified: null, reason: 'no WEBHOOK_SECRET configured; signature not checked' };
  const id = single(headers, 'webhook-id');
  const timestamp = single(headers, 'webhook-timestamp');
  const signature = single(headers, 'webhook-signature');
  if (!id || !timestamp || !signature) {
    return { verified: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature header' };
  }
  try {
    signer(secret).verify(
      rawBody,
      { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature },
      { jsonParse: false },
    );
    return { verified: true, reason: 'signature valid' };
  } catch (err) {
    return { verified: false, reason: err instanceof Error ? err.message : 'signature check failed' };
  }
}
