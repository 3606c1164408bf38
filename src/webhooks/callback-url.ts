import { type AddressClassifier, classifyAddress } from './address-policy.js';

/**
 * Request-time check of a `callbackUrl` (SPEC §3): http(s), bounded length, a host, no credentials, and
 * no literal internal address or localhost name unless CALLBACK_ALLOW_PRIVATE is set. Hostnames that
 * merely *resolve* to internal addresses pass here on purpose: DNS answers can change, so the binding
 * check is the one made on the resolved address at connect time (safe-http.ts).
 */

export interface CallbackUrlOptions {
  readonly maxLength: number;
  readonly allowPrivate: boolean;
  /** Tests only: another address policy. */
  readonly classify?: AddressClassifier;
}

export type CallbackUrlResult = { ok: true; url: URL } | { ok: false; error: string };

const ALLOW_HINT =
  'Set CALLBACK_ALLOW_PRIVATE=true to allow private, loopback and link-local callbacks (local development only)';

/** Strips IPv6 brackets and one trailing root dot so `localhost.` and `[::1]` are recognised. */
export function bareHost(hostname: string): string {
  const unbracketed = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}

/** Names that always mean "this machine" (RFC 6761), whatever a resolver says. */
export function isLocalhostName(host: string): boolean {
  const name = bareHost(host).toLowerCase();
  return name === 'localhost' || name.endsWith('.localhost');
}

export function validateCallbackUrl(raw: string, opts: CallbackUrlOptions): CallbackUrlResult {
  if (typeof raw !== 'string' || raw.trim() === '') {
    return { ok: false, error: 'callbackUrl must be a non-empty http(s) URL' };
  }
  if (raw.length > opts.maxLength) {
    return {
      ok: false,
      error: `callbackUrl is ${raw.length} characters long; the limit is ${opts.maxLength} (CALLBACK_URL_MAX_LENGTH)`,
    };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return {
      ok: false,
      error: 'callbackUrl is not a valid absolute URL (expected e.g. https://example.com/hook)',
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return {
      ok: false,
      error: `callbackUrl must use http or https, not ${JSON.stringify(url.protocol.replace(/:$/, ''))}`,
    };
  }
  if (url.hostname === '') return { ok: false, error: 'callbackUrl must name a host' };
  if (url.username !== '' || url.password !== '') {
    return {
      ok: false,
      error:
        'callbackUrl must not contain credentials (user:password@); use WEBHOOK_SECRET signatures to authenticate deliveries',
    };
  }
  if (opts.allowPrivate) return { ok: true, url };

  if (isLocalhostName(url.hostname)) {
    return {
      ok: false,
      error: `callbackUrl host ${JSON.stringify(url.hostname)} is a localhost name and is refused. ${ALLOW_HINT}`,
    };
  }
  const host = bareHost(url.hostname);
  // WHATWG URL has already rewritten 2130706433, 0x7f.1, 017700000001, ::ffff:127.0.0.1 … into canonical form.
  if (/^[\d.]+$/.test(host) || host.includes(':')) {
    const verdict = (opts.classify ?? classifyAddress)(host);
    if (!verdict.public) {
      return {
        ok: false,
        error: `callbackUrl must not point at a private, loopback or link-local address; host ${url.hostname} (${verdict.reason}). ${ALLOW_HINT}`,
      };
    }
  }
  return { ok: true, url };
}
