// E2E harness: serves dist/ on 127.0.0.1 under a sub-path (as GitHub Pages does), drives Debian's
// Chromium through playwright-core, records every request that is not to that server, every CSP
// violation and page error, and saves screenshots to test-output/.
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const DIST = join(ROOT, 'dist');
export const OUTPUT = join(ROOT, 'test-output');
export const SUB_PATH = '/intent-lab/';
export const CHROMIUM = '/usr/bin/chromium';

export function fixture(name: string): string {
  return join(ROOT, 'test', 'fixtures', name);
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** A static file server for dist/, mounted at SUB_PATH; anything outside it is a 404. */
export async function serveDist(): Promise<StaticServer> {
  if (!existsSync(join(DIST, 'index.html'))) throw new Error(`dist/ is not built (run \`vite build\` first): ${DIST}/index.html is missing`);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(SUB_PATH)) {
      res.writeHead(404).end('not under the sub-path');
      return;
    }
    let file = normalize(join(DIST, path.slice(SUB_PATH.length)));
    if (!file.startsWith(DIST)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}${SUB_PATH}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export const BASE_FLAGS = ['--no-sandbox', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const WEBGPU_FLAGS = ['--enable-unsafe-webgpu', '--enable-unsafe-swiftshader', '--use-webgpu-adapter=swiftshader'];

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Requests to anything but the test server (must stay empty). */
  foreign: string[];
  /** CSP violations and uncaught page errors (must stay empty). */
  problems: string[];
  close(): Promise<void>;
}

export async function openApp(url: string, extraFlags: string[] = []): Promise<Session> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'intent-lab-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_FLAGS, ...extraFlags],
    viewport: { width: 1360, height: 900 },
    acceptDownloads: true,
  });
  const origin = new URL(url).origin;
  const foreign: string[] = [];
  const problems: string[] = [];
  context.on('request', (req) => {
    const u = req.url();
    if (!(u.startsWith(`${origin}/`) || u.startsWith('blob:') || u.startsWith('data:'))) foreign.push(u);
  });
  // Long main-thread tasks (> 50 ms), recorded from the first script on.
  await context.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; ms: number }[] };
    w.__longTasks = [];
    try {
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: Math.round(e.startTime), ms: Math.round(e.duration) });
      }).observe({ type: 'longtask', buffered: true });
    } catch {
      // No Long Tasks API: nothing recorded.
    }
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    const text = msg.text();
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(text)) problems.push(`CSP: ${text}`);
    else if (msg.type() === 'error') problems.push(`console error: ${text}`);
  });
  await page.goto(url);
  return {
    context,
    page,
    foreign,
    problems,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(OUTPUT, { recursive: true });
  const path = join(OUTPUT, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Long main-thread tasks since the page loaded (ms each), and clears the record. */
export async function takeLongTasks(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __longTasks: { ms: number }[] };
    const out = w.__longTasks.map((t) => t.ms);
    w.__longTasks = [];
    return out;
  });
}

/** Plain text of a data-testid element. */
export async function testIdText(page: Page, id: string): Promise<string> {
  return ((await page.getByTestId(id).textContent()) ?? '').trim();
}

/**
 * Picks `path` in the Load view and waits until its load is shown. The summary of the data loaded
 * before stays on screen while the new file is checked, so waiting for the summary alone could
 * return at once: this waits for the next successful load's number (`data-load`).
 */
export async function loadFile(page: Page, path: string, timeout = 60_000): Promise<void> {
  // Counted on the Load view, which is always there: a load that dropped the data shows no `loaded`.
  const before = Number(await page.getByTestId('load-view').getAttribute('data-loads'));
  await page.getByTestId('file-input').setInputFiles(path);
  await page.locator(`[data-testid="loaded"][data-load="${before + 1}"]`).waitFor({ timeout });
}
