import { useCallback, useRef, useState } from 'react';

/**
 * The API key, kept in sessionStorage (gone when the tab closes, never written to localStorage) and exposed
 * both as state (for the UI) and as a stable getter (for the API client, which must not be rebuilt per key).
 */

const KEY = 'consuma.apiKey';

function read(): string | null {
  try {
    return sessionStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function useApiKey() {
  const [apiKey, setState] = useState<string | null>(read);
  const ref = useRef(apiKey);
  const getApiKey = useCallback(() => ref.current, []);
  const setApiKey = useCallback((value: string | null) => {
    const clean = value?.trim() || null;
    ref.current = clean;
    setState(clean);
    try {
      if (clean === null) sessionStorage.removeItem(KEY);
      else sessionStorage.setItem(KEY, clean);
    } catch {
      // Without storage the key still works until the page is reloaded.
    }
  }, []);
  return { apiKey, getApiKey, setApiKey };
}
