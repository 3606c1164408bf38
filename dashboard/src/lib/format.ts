/** Number and time formatting shared by tables and panels; "—" stands for "not known (yet)". */

export const DASH = '—';

export function ms(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (Math.abs(value) >= 10_000) return `${(value / 1000).toFixed(2)} s`;
  return `${value.toFixed(digits)} ms`;
}

export function int(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return Math.round(value).toLocaleString('en-US');
}

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });

export function rate(value: number | null | undefined, unit = '/s'): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  if (value >= 10_000) return `${compact.format(value)}${unit}`;
  return `${value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1)}${unit}`;
}

/** A digest shortened for narrow columns; the full value goes in the title attribute. */
export function shortHash(hash: string | null | undefined, keep = 12): string {
  if (!hash) return DASH;
  return hash.length <= keep * 2 ? hash : `${hash.slice(0, keep)}…${hash.slice(-4)}`;
}

/** "in 3 s" / "now" for an estimated start time. */
export function relativeFuture(atMs: number | null | undefined, nowMs: number): string {
  if (atMs === null || atMs === undefined) return DASH;
  const seconds = Math.round((atMs - nowMs) / 1000);
  if (seconds <= 0) return 'now';
  if (seconds < 120) return `in ${seconds} s`;
  return `in ${Math.round(seconds / 60)} min`;
}
