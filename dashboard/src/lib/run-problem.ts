import { checkSeeds } from './seeds.js';

/**
 * Why the form cannot be run as it is, in the words the server would use, or null. Checking here saves a
 * round trip; the server checks everything again anyway.
 */
export function runProblem(
  seeds: readonly string[],
  difficulty: number,
  callbackUrl: string,
  limits: {
    maxSeedsPerRequest: number;
    maxSeedLength: number;
    syncMaxWorkUnits: number;
    callbackUrlMaxLength: number;
  },
): string | null {
  const check = checkSeeds(seeds, limits.maxSeedsPerRequest, limits.maxSeedLength);
  if (check.problem) return check.problem;
  const units = check.seeds.length * difficulty;
  if (units > limits.syncMaxWorkUnits) {
    return `Sync accepts at most ${limits.syncMaxWorkUnits} units of work (inputs × difficulty) per request; this run has ${units}. Lower the inputs or the difficulty.`;
  }
  const url = callbackUrl.trim();
  if (url !== '') {
    if (url.length > limits.callbackUrlMaxLength)
      return `The callback URL is longer than ${limits.callbackUrlMaxLength} characters.`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return 'The callback URL is not a valid URL.';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
      return 'The callback URL must start with http:// or https://.';
  }
  return null;
}
