import { type SignatureCheck, verifySignature } from './signing.js';

/**
 * The built-in webhook receiver's memory (SPEC §2, "built-in webhook receiver"): per inbox name the
 * newest entries first, bounded in entries per name, in number of names (least recently used name
 * evicted) and in stored body size, so anyone posting to it cannot make the process grow without limit.
 * Each entry records the Standard Webhooks signature check made against the configured secret.
 */

export interface InboxEntry {
  readonly receivedAtMs: number;
  /** Only `content-type` and the `webhook-*` headers are kept. */
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON when the body is JSON, otherwise the raw text; truncated bodies are kept as text. */
  readonly body: unknown;
  readonly bodyBytes: number;
  readonly truncated: boolean;
  readonly signature: SignatureCheck;
}

export interface InboxOptions {
  /** `whsec_…` to verify against (config.webhookSecret), or null. */
  readonly secret: string | null;
  readonly maxEntriesPerName?: number;
  readonly maxNames?: number;
  readonly maxBodyBytes?: number;
  readonly now?: () => number;
}

export const INBOX_NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export class InboxNameError extends Error {
  constructor(name: string) {
    super(`inbox name ${JSON.stringify(name.slice(0, 80))} is invalid: use 1-64 letters, digits, "_" or "-"`);
    this.name = 'InboxNameError';
  }
}

type RawHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

function keptHeaders(headers: RawHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) {
    const name = key.toLowerCase();
    if (value === undefined || (name !== 'content-type' && !name.startsWith('webhook-'))) continue;
    kept[name] = (Array.isArray(value) ? value.join(', ') : String(value)).slice(0, 1024);
  }
  return kept;
}

export class WebhookInbox {
  // A Map iterates in insertion order; re-inserting on use makes its first key the least recently used.
  private readonly names = new Map<string, InboxEntry[]>();
  private readonly maxEntries: number;
  private readonly maxNames: number;
  private readonly maxBodyBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: InboxOptions) {
    this.maxEntries = options.maxEntriesPerName ?? 100;
    this.maxNames = options.maxNames ?? 100;
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024;
    this.now = options.now ?? Date.now;
  }

  static isValidName(name: string): boolean {
    return INBOX_NAME_PATTERN.test(name);
  }

  /** Stores one delivery; the signature is checked over the exact raw bytes received. Throws InboxNameError. */
  add(name: string, headers: RawHeaders, rawBody: string | Uint8Array): InboxEntry {
    if (!WebhookInbox.isValidName(name)) throw new InboxNameError(name);
    const bytes = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : Buffer.from(rawBody);
    const truncated = bytes.length > this.maxBodyBytes;
    const text = bytes.subarray(0, this.maxBodyBytes).toString('utf8');
    let body: unknown = text;
    if (!truncated) {
      try {
        body = JSON.parse(text);
      } catch {
        // Not JSON: kept as text so the dashboard can still show what arrived.
      }
    }
    const entry: InboxEntry = {
      receivedAtMs: this.now(),
      headers: keptHeaders(headers),
      body,
      bodyBytes: bytes.length,
      truncated,
      signature: verifySignature(this.options.secret, headers, bytes),
    };
    const entries = this.touch(name) ?? [];
    entries.unshift(entry);
    if (entries.length > this.maxEntries) entries.length = this.maxEntries;
    this.names.set(name, entries);
    while (this.names.size > this.maxNames) {
      const oldest = this.names.keys().next().value as string;
      this.names.delete(oldest);
    }
    return entry;
  }

  /** Entries for `name`, newest first; empty for an unknown name. Throws InboxNameError. */
  list(name: string): readonly InboxEntry[] {
    if (!WebhookInbox.isValidName(name)) throw new InboxNameError(name);
    const entries = this.touch(name);
    return entries ? [...entries] : [];
  }

  get size(): number {
    return this.names.size;
  }

  /** Moves `name` to the most-recently-used end and returns its entries. */
  private touch(name: string): InboxEntry[] | undefined {
    const entries = this.names.get(name);
    if (entries) {
      this.names.delete(name);
      this.names.set(name, entries);
    }
    return entries;
  }
}
