import type { Config } from '../config/config.js';
import { bareHost } from './callback-url.js';

/**
 * The quick start's one exception to the SSRF rule: in embedded mode (one process, no Redis) a callback
 * aimed at this very process's built-in inbox (`http://127.0.0.1:<PORT>/api/webhooks/inbox/<name>`, or
 * `localhost`, `[::1]`, or HOST) is allowed even without CALLBACK_ALLOW_PRIVATE. It can only reach our own
 * inbox route, which merely stores what arrives. In Redis mode a delivery may run on another machine,
 * where "127.0.0.1:<PORT>" is something else entirely, so the exception never applies there.
 */

const INBOX_PATH = '/api/webhooks/inbox/';
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '::1']);

export function isOwnInbox(url: URL, config: Config): boolean {
  if (config.redisUrl !== null) return false;
  if (url.protocol !== 'http:') return false;
  if (url.username !== '' || url.password !== '') return false;
  const port = url.port === '' ? 80 : Number(url.port);
  if (port !== config.port) return false;
  const host = bareHost(url.hostname).toLowerCase();
  const ownHost = bareHost(config.host).toLowerCase();
  if (!LOOPBACK_NAMES.has(host) && host !== ownHost) return false;
  // WHATWG URL has already resolved `..` and `%2e%2e` segments, so this prefix cannot be escaped.
  return url.pathname.startsWith(INBOX_PATH) && url.pathname.length > INBOX_PATH.length;
}

/** Whether a delivery to `url` may go to a private, loopback or link-local address. */
export function allowPrivateFor(url: string | URL, config: Config): boolean {
  if (config.callback.allowPrivate) return true;
  try {
    return isOwnInbox(typeof url === 'string' ? new URL(url) : url, config);
  } catch {
    return false;
  }
}
