import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonChains } from '../support/python.js';
import { type ServerProcess, startServer } from '../support/server.js';
import { ensureDashboardBuilt, ROOT } from './build.js';

/**
 * The dashboard in headless Chromium against real `consuma serve` processes: a run fills both tables with
 * the digests python3's hashlib gives, async rows move queued → done live over SSE, the built-in webhook
 * receiver shows deliveries, a stopped backend shows the offline banner, a 429 shows a countdown, and a
 * 401 prompts for the API key. Screenshots go to test-output/screenshots/.
 */

const SHOTS = join(ROOT, 'test-output', 'screenshots');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

function ensureBuilt(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` before the E2E tests');
  }
  ensureDashboardBuilt();
}

const BASE_ENV = {
  CALLBACK_ALLOW_PRIVATE: 'true',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  WORKER_CONCURRENCY: '2',
};

let browser: Browser;
let server: ServerProcess;
const others: ServerProcess[] = [];

async function openPage(url: string, width = 1280, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme });
  const page = await context.newPage();
  await page.goto(url, { timeout: 20_000 });
  await expect
    .poll(() => page.getByTestId('backend-status').textContent(), { timeout: 10_000 })
    .toMatch(/Online/);
  return page;
}

// Runs in the page (a string, because the test program has no DOM types): records every status the last
// async row shows, the queue-position texts it showed, and every live-mode hint, as the DOM changes.
const RECORDER = `(() => {
  const r = (window.recorded = { seen: [], modes: [], positions: [] });
  new MutationObserver(() => {
    const row = document.querySelector('[data-testid="async-table"] tbody tr[data-seed]:last-child');
    const status = row?.getAttribute('data-status');
    if (status && r.seen.at(-1) !== status) r.seen.push(status);
    const queue = row?.querySelector('td:nth-child(4)')?.textContent ?? '';
    if (queue.startsWith('#')) r.positions.push(queue);
    const mode = document.querySelector('[data-testid="async-summary"] header .hint')?.textContent ?? '';
    if (r.modes.at(-1) !== mode) r.modes.push(mode);
  }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
})()`;

interface Recorded {
  seen: string[];
  modes: string[];
  positions: string[];
}

function runForm(page: Page) {
  return page.getByRole('form', { name: 'Run settings' });
}

async function setManualSeeds(page: Page, seeds: string[]): Promise<void> {
  await page.locator('label', { hasText: 'Manual' }).click();
  const editor = page.getByTestId('seed-editor');
  while ((await editor.getByRole('textbox').count()) < seeds.length) {
    await page.getByRole('button', { name: '+ Add seed' }).click();
  }
  while ((await editor.getByRole('textbox').count()) > seeds.length) {
    await page.getByRole('button', { name: `Remove seed ${seeds.length + 1}` }).click();
  }
  for (const [i, seed] of seeds.entries()) await page.getByLabel(`Seed ${i + 1}`, { exact: true }).fill(seed);
}

async function tableHashes(page: Page, testId: string): Promise<Record<string, string>> {
  return page.getByTestId(testId).evaluate((table) => {
    const out: Record<string, string> = {};
    for (const row of table.querySelectorAll('tbody tr[data-seed]')) {
      const hash = row.querySelector('[data-hash]')?.getAttribute('data-hash') ?? '';
      out[row.getAttribute('data-seed') ?? ''] = hash;
    }
    return out;
  });
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  ensureBuilt();
  mkdirSync(SHOTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  server = await startServer(BASE_ENV);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  for (const s of others) await s.stop();
});

describe('dashboard (E2E, headless Chromium)', () => {
  it('is served at / and runs manual seeds on both paths with python hashlib digests', async () => {
    const page = await openPage(`${server.url}/`);
    const seeds = ['a', 'b', 'héllo ☃'];
    await setManualSeeds(page, seeds);
    await runForm(page).getByLabel('Difficulty').fill('2');
    await runForm(page).getByLabel('Algorithm').selectOption('sha512');
    await page.getByTestId('run').click();

    const expected = pythonChains(
      seeds.map((seed) => ({ seed, difficulty: 2, algorithm: 'sha512' as const })),
    );
    const want = Object.fromEntries(seeds.map((s, i) => [s, expected[i]]));
    await expect.poll(() => tableHashes(page, 'sync-table'), { timeout: 20_000 }).toEqual(want);
    await expect.poll(() => tableHashes(page, 'async-table'), { timeout: 20_000 }).toEqual(want);
    await expect.poll(() => page.getByTestId('sync-done').textContent()).toBe('3');
    await expect.poll(() => page.getByTestId('async-done').textContent()).toBe('3');
    expect(await page.getByTestId('ack-table').locator('tbody tr').count()).toBe(3);
    await page.context().close();
  });

  it('shows async rows go from queued to done live, with queue position, over SSE', async () => {
    const page = await openPage(`${server.url}/`);
    await runForm(page).getByLabel('Number of inputs').fill('10');
    await runForm(page).getByLabel('Difficulty').fill('30');
    // Record every status the last row shows and every live-mode hint, as the DOM changes.
    await page.evaluate(RECORDER);
    await page.getByTestId('run').click();
    await expect.poll(() => page.getByTestId('async-done').textContent(), { timeout: 60_000 }).toBe('10');
    const { seen, modes, positions } = await page.evaluate<Recorded>('window.recorded');
    // 'waiting' is the row before any news (ack only); the first status news must be 'queued'.
    const news = seen.filter((s) => s !== 'waiting');
    expect(news[0]).toBe('queued');
    expect(news.at(-1)).toBe('done');
    expect(news.indexOf('done')).toBeGreaterThan(news.indexOf('queued'));
    expect(modes.some((m) => m.includes('live (SSE)'))).toBe(true);
    expect(modes.some((m) => m.includes('polling'))).toBe(false);
    expect(positions.length).toBeGreaterThan(0);
    expect(positions[0]).toMatch(/^#\d+, /);
    await page.context().close();
  }, 90_000);

  it('uses the built-in receiver and lists each delivery; screenshots in both themes and widths', async () => {
    for (const [width, scheme] of [
      [1280, 'light'],
      [1280, 'dark'],
      [390, 'light'],
      [390, 'dark'],
    ] as const) {
      const page = await openPage(`${server.url}/`, width, scheme);
      if (width === 1280) {
        // A short bounded async load first, so the load charts have a few seconds to show.
        const load = page.getByRole('form', { name: 'Load settings' });
        await load.locator('label', { hasText: 'async' }).click();
        await load.getByLabel('Requests').fill('20');
        await load.getByLabel('Rate (req/s)').fill('8');
        await load.getByRole('button', { name: 'Start load' }).click();
        await expect.poll(() => page.getByTestId('load-ok').textContent(), { timeout: 20_000 }).toBe('20');
        expect(await page.getByTestId('load-sent').textContent()).toBe('20');
      }
      await runForm(page).getByLabel('Number of inputs').fill('6');
      await page.getByRole('button', { name: 'Use built-in receiver' }).click();
      const url = await page.getByLabel('Callback URL (optional)').inputValue();
      expect(url).toMatch(new RegExp(`^${server.url}/api/webhooks/inbox/[A-Za-z0-9_-]+$`));
      await page.getByTestId('run').click();
      await expect
        .poll(() => page.getByTestId('deliveries').locator('li').count(), { timeout: 30_000 })
        .toBe(6);
      await expect
        .poll(() => page.getByTestId('async-table').locator('.badge.delivered').count(), { timeout: 15_000 })
        .toBe(6);
      const first = await page.getByTestId('deliveries').locator('li').first().textContent();
      expect(first).toMatch(/attempts 1 · HTTP 202/);
      // Let the stats panel take a couple of samples so its charts are not empty in the pictures.
      await page.waitForTimeout(2500);
      await page.screenshot({ path: join(SHOTS, `dashboard-${width}-${scheme}.png`), fullPage: true });
      await page.context().close();
    }
  }, 120_000);

  it('remembers the theme chosen with the toggle', async () => {
    const page = await openPage(`${server.url}/`, 1280, 'light');
    expect(await page.evaluate<string>('document.documentElement.dataset.theme')).toBe('light');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    expect(await page.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
    await page.reload();
    expect(await page.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
    expect(await page.evaluate<string | null>("localStorage.getItem('consuma.theme')")).toBe('dark');
    await page.context().close();
  });

  it('shows the offline banner when the backend stops', async () => {
    const doomed = await startServer(BASE_ENV);
    others.push(doomed);
    const page = await openPage(`${doomed.url}/`);
    expect(await page.getByTestId('offline-banner').count()).toBe(0);
    await doomed.stop();
    await expect.poll(() => page.getByTestId('offline-banner').count(), { timeout: 15_000 }).toBe(1);
    expect(await page.getByTestId('offline-banner').textContent()).toMatch(
      /Backend offline.*Retrying in \d+ s/,
    );
    expect(await page.getByTestId('backend-status').textContent()).toMatch(/Offline/);
    await page.screenshot({ path: join(SHOTS, 'offline-1280.png') });
    await page.context().close();
  }, 60_000);

  it('counts down from Retry-After when the sync rate limit is hit', async () => {
    const limited = await startServer({
      ...BASE_ENV,
      RATE_LIMIT_SYNC_REQUESTS: '1',
      RATE_LIMIT_SYNC_WINDOW_SECONDS: '30',
    });
    others.push(limited);
    const page = await openPage(`${limited.url}/`);
    await runForm(page).getByLabel('Number of inputs').fill('2');
    await runForm(page).getByLabel('Difficulty').fill('1');
    await page.getByTestId('run').click();
    await expect.poll(() => page.getByTestId('sync-done').textContent(), { timeout: 20_000 }).toBe('2');
    await expect.poll(() => page.getByTestId('async-done').textContent(), { timeout: 20_000 }).toBe('2');
    await page.getByTestId('run').click();
    const notice = page.getByTestId('notice');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toMatch(/Rate limited/);
    const first = Number((await page.getByTestId('countdown').textContent())?.match(/(\d+) s/)?.[1]);
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(30);
    expect(await page.getByTestId('run').textContent()).toMatch(/Wait \d+ s/);
    expect(await page.getByTestId('run').isDisabled()).toBe(true);
    await page.waitForTimeout(2200);
    const later = Number((await page.getByTestId('countdown').textContent())?.match(/(\d+) s/)?.[1]);
    expect(later).toBeLessThan(first);
    await page.screenshot({ path: join(SHOTS, 'rate-limited-1280.png') });
    await page.context().close();
  }, 60_000);

  it("asks for the API key on 401, sends it as X-API-Key afterwards, and shows a 400 in the server's words", async () => {
    const keyed = await startServer({
      ...BASE_ENV,
      API_KEY: 'e2e-secret-key',
      CALLBACK_ALLOW_PRIVATE: 'false',
    });
    others.push(keyed);
    const page = await openPage(`${keyed.url}/`);
    // The stats panel's first call is already refused, so the prompt opens without pressing Run.
    await expect.poll(() => page.getByTestId('api-key-input').isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await page.getByTestId('notice').textContent()).toMatch(/API key required/);
    await page.getByTestId('api-key-input').fill('e2e-secret-key');
    await page.getByRole('button', { name: 'Save' }).click();
    expect(await page.evaluate<string | null>("sessionStorage.getItem('consuma.apiKey')")).toBe(
      'e2e-secret-key',
    );
    await runForm(page).getByLabel('Number of inputs').fill('2');
    await page.getByTestId('run').click();
    await expect.poll(() => page.getByTestId('sync-done').textContent(), { timeout: 20_000 }).toBe('2');
    await expect.poll(() => page.getByTestId('async-done').textContent(), { timeout: 20_000 }).toBe('2');

    // A 400 shows the server's own explanation: this server does not allow private callback addresses.
    await page.getByLabel('Callback URL (optional)').fill('http://10.1.2.3/hook');
    await page.getByTestId('run').click();
    const notice = page.getByTestId('notice');
    await expect
      .poll(() => notice.textContent(), { timeout: 10_000 })
      .toMatch(/The server refused the input/);
    expect(await notice.textContent()).toMatch(
      /callbackUrl must not point at a private.*CALLBACK_ALLOW_PRIVATE/,
    );
    expect(await notice.textContent()).toMatch(/HTTP 400/);
    await page.screenshot({ path: join(SHOTS, 'bad-request-1280.png') });
    await page.context().close();
  }, 60_000);
});
