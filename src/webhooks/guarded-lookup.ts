import { promises as dns, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { type AddressClassifier, classifyAddress } from './address-policy.js';

/**
 * A `lookup` for node:net/http that resolves a hostname and refuses the connection when ANY resolved
 * address is internal. Because the address that is checked is the very address the socket then connects
 * to, a hostname cannot pass validation and later be re-pointed (DNS rebinding) at an internal target.
 */

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/** Hostname → addresses. Injectable so tests can map names without real DNS. */
export type Resolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

/** The system resolver (getaddrinfo, honours /etc/hosts), as node itself would use. */
export const systemResolver: Resolver = async (hostname) => {
  const found = await dns.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

/** The error a refused destination produces; `code` lets callers tell it apart from network failures. */
export class BlockedAddressError extends Error {
  readonly code = 'ECALLBACKBLOCKED';
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(
      `${hostname === address ? address : `${hostname} resolves to ${address}`}: ${reason}; ` +
        'refused (set CALLBACK_ALLOW_PRIVATE=true to allow internal destinations)',
    );
    this.name = 'BlockedAddressError';
  }
}

export interface GuardOptions {
  readonly allowPrivate: boolean;
  readonly resolve?: Resolver;
  readonly classify?: AddressClassifier;
}

/** Returns the blocking error for an address, or null when it may be connected to. */
export function checkAddress(
  hostname: string,
  address: string,
  opts: GuardOptions,
): BlockedAddressError | null {
  if (opts.allowPrivate) return null;
  const verdict = (opts.classify ?? classifyAddress)(address);
  return verdict.public ? null : new BlockedAddressError(hostname, address, verdict.reason);
}

function notFound(hostname: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`getaddrinfo ENOTFOUND ${hostname}`);
  err.code = 'ENOTFOUND';
  return err;
}

export function guardedLookup(opts: GuardOptions): LookupFunction {
  const resolve = opts.resolve ?? systemResolver;
  return (hostname, options, callback) => {
    // Wrapped so a resolver that throws synchronously still reports through the callback.
    Promise.resolve()
      .then(() => resolve(hostname))
      .then(
        (addresses) => {
          // Check every answer, not just the one we would pick: a mixed answer set is a rebinding signal.
          for (const { address } of addresses) {
            const blocked = checkAddress(hostname, address, opts);
            if (blocked) return callback(blocked, '', 0);
          }
          const family =
            options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : (options.family ?? 0);
          const usable = family === 0 ? addresses : addresses.filter((a) => a.family === family);
          const first = usable[0];
          if (!first) return callback(notFound(hostname), '', 0);
          if (options.all) {
            const all: LookupAddress[] = usable.map((a) => ({ address: a.address, family: a.family }));
            return callback(null, all);
          }
          return callback(null, first.address, first.family);
        },
        (err: NodeJS.ErrnoException) => callback(err, '', 0),
      );
  };
}
