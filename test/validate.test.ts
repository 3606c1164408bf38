import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** The lint/format and typecheck step, run as part of the suite so CI fails on either. */
describe('validate', () => {
  it('npm run validate (biome check + tsc --noEmit) is clean', () => {
    const run = spawnSync('npm', ['run', '--silent', 'validate'], { encoding: 'utf8', timeout: 240_000 });
    expect(run.status, `${run.stdout}\n${run.stderr}`.slice(-4000)).toBe(0);
  }, 300_000);
});
