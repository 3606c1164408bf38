/**
 * Seeds for a run: auto mode makes `count` distinct readable seeds with a fresh prefix per run, manual mode
 * uses what the person typed (blank entries dropped). Both are clamped to the server's limits.
 */

export function autoSeeds(count: number, prefix: string): string[] {
  return Array.from({ length: Math.max(0, count) }, (_, i) => `${prefix}-${i + 1}`);
}

export function randomPrefix(random: () => number = Math.random): string {
  return `seed-${Math.floor(random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
}

export interface SeedCheck {
  readonly seeds: string[];
  /** Why the seeds cannot be sent as they are, or null. */
  readonly problem: string | null;
}

export function checkSeeds(raw: readonly string[], maxSeeds: number, maxLength: number): SeedCheck {
  const seeds = raw.filter((s) => s !== '');
  if (seeds.length === 0) return { seeds, problem: 'Add at least one seed.' };
  if (seeds.length > maxSeeds) return { seeds, problem: `At most ${maxSeeds} seeds per request.` };
  const long = seeds.findIndex((s) => s.length > maxLength);
  if (long >= 0) return { seeds, problem: `Seed ${long + 1} is longer than ${maxLength} characters.` };
  return { seeds, problem: null };
}
