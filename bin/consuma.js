#!/usr/bin/env node
import { existsSync } from 'node:fs';
// The CLI lives in TypeScript under src/cli; this file only loads its compiled form.
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('consuma: dist/ is missing; run `npm install` (or `npm run build`) first\n');
  process.exit(1);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
