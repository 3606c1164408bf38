import { useEffect, useRef, useState } from 'react';
import type { ApiClient, InboxEntry } from '../api/client.js';

/**
 * Polls the built-in receiver (GET /api/webhooks/inbox/:name) about once a second while `active`, and
 * once more when it stops, so deliveries show up as they arrive without a stream of their own.
 */

const EVERY_MS = 1000;

export function inboxNameFromUrl(url: string, origin: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.origin !== origin) return null;
    const match = /^\/api\/webhooks\/inbox\/([A-Za-z0-9_-]{1,64})$/.exec(parsed.pathname);
    return match?.[1] ?? null;
  } catch {
    return null;
  }
}

export function useInbox(client: ApiClient, name: string | null, active: boolean) {
  const [entries, setEntries] = useState<InboxEntry[]>([]);
  const [error, setError] = useState<string | null>(null);
  const busy = useRef(false);

  useEffect(() => {
    if (name === null) {
      setEntries([]);
      return;
    }
    let cancelled = false;
    const load = async () => {
      if (busy.current) return;
      busy.current = true;
      try {
        const { data } = await client.inbox(name);
        if (!cancelled) {
          setEntries(data.entries);
          setError(null);
        }
      } catch (e) {
        if (!cancelled) setError(e instanceof Error ? e.message : String(e));
      } finally {
        busy.current = false;
      }
    };
    void load();
    if (!active)
      return () => {
        cancelled = true;
      };
    const id = setInterval(() => void load(), EVERY_MS);
    return () => {
      cancelled = true;
      clearInterval(id);
    };
  }, [client, name, active]);

  return { entries, error };
}
