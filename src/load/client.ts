import { type HttpClientOptions, type LoadClient, NodeHttpClient } from './http-client.js';
import { RawHttpClient } from './raw-client.js';

/** Picks the load client for a target: the raw socket client for http, node's https client for https. */
export function createClient(base: URL, options: HttpClientOptions): LoadClient {
  return base.protocol === 'http:' ? new RawHttpClient(base, options) : new NodeHttpClient(base, options);
}
