/**
 * `consuma <command>`: a thin dispatcher. Each command lives in `commands/<name>.ts`, parses its own
 * flags with `node:util` parseArgs, and returns an exit code (2 = bad usage, reported in one line).
 */

type Command = { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'API + dashboard with in-process workers (--no-worker for API only)',
    load: () => import('./commands/serve.js'),
  },
  worker: { summary: 'queue workers only (needs REDIS_URL)', load: () => import('./commands/worker.js') },
  hash: { summary: 'hash one seed locally and print the digest', load: () => import('./commands/hash.js') },
  load: { summary: 'load generator against a running server', load: () => import('./commands/load.js') },
  bench: { summary: 'benchmark the hash engines on this machine', load: () => import('./commands/bench.js') },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: consuma <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun \`consuma <command> --help\` for a command's options.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`consuma: unknown command ${JSON.stringify(name)}; try \`consuma --help\`\n`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}
