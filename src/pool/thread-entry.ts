import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the pool's thread module lives. Built code runs `thread.js`; the test suite runs the TypeScript
 * sources directly, and then the thread needs tsx's loader to import `thread.ts`.
 */
export function threadEntry(): { filename: string; execArgv: string[] } {
  const compiled = fileURLToPath(new URL('./thread.js', import.meta.url));
  if (existsSync(compiled)) return { filename: compiled, execArgv: [] };
  return { filename: fileURLToPath(new URL('./thread.ts', import.meta.url)), execArgv: ['--import', 'tsx'] };
}
