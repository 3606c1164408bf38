import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Makes sure dist/dashboard is the dashboard as it is now: rebuilds it (about a second) when it is missing or
 * older than any dashboard source file, so tests never exercise a stale bundle.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function ensureDashboardBuilt(): void {
  const index = join(ROOT, 'dist', 'dashboard', 'index.html');
  const sources = Math.max(
    newestMtime(join(ROOT, 'dashboard', 'src')),
    statSync(join(ROOT, 'dashboard', 'index.html')).mtimeMs,
    statSync(join(ROOT, 'dashboard', 'vite.config.ts')).mtimeMs,
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  execFileSync(
    join(ROOT, 'node_modules', '.bin', 'vite'),
    ['build', '--config', 'dashboard/vite.config.ts'],
    {
      cwd: ROOT,
      stdio: 'pipe',
    },
  );
}
