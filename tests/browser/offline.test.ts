// Offline reading, as a reader meets it: one visit to the home page installs the service worker
// (src/lib/post-build/service-worker.ts); then the host goes away (the server is closed, so the
// worker's fetches fail as they do with no network) and every page of the build still opens with
// its styles, fonts, cells and search; and when the host comes back with a new build, the reader
// sees the new page and the new worker drops the old build's cache.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { toText } from 'hast-util-to-text';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeServiceWorker, WORKER_FILE } from '~/src/lib/post-build/service-worker';
import { launchBrowser } from '../support/browser';
import { findElements, readPages, type BuiltPage } from '../support/built-site';
import { hydrated } from '../support/islands';
import { serveStatic, SITE_DIR, type StaticSite } from '../support/static-server';

/** The page's title as the built HTML has it, whitespace collapsed. */
const headingOf = (page: BuiltPage) => {
  const [h1] = findElements(page.tree, (node) => node.tagName === 'h1');
  if (h1 === undefined) throw new Error(`${page.file} has no <h1>`);
  return toText(h1).replace(/\s+/g, ' ').trim();
};

/** Resolves once a service worker is active and controls the page. */
const controlled = (page: Page) =>
  page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (navigator.serviceWorker.controller === null)
      await new Promise((claimed) =>
        navigator.serviceWorker.addEventListener('controllerchange', claimed, { once: true }),
      );
    return navigator.serviceWorker.controller?.scriptURL;
  });

const cacheNames = (page: Page) => page.evaluate(() => caches.keys());

/** Whether every stylesheet the page links has loaded, and no web font failed to. */
const stylesAndFontsLoaded = (page: Page) =>
  page.evaluate(async () => {
    const links = [...document.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')];
    await document.fonts.ready;
    return {
      stylesheets: links.length,
      unloaded: links.filter((link) => link.sheet === null).map((link) => link.href),
      failedFonts: [...document.fonts]
        .filter((font) => font.status === 'error')
        .map((font) => font.family),
    };
  });

describe('offline reading', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let site: StaticSite | undefined;
  let copy = '';
  let port = 0;
  let firstCache = '';
  /** Each built page's address and title, read once from the copy before anything changes it. */
  let pages: { file: string; url: string; heading: string }[] = [];
  const headingAt = (file: string) => pages.find((p) => p.file === file)!.heading;
  const errors: string[] = [];
  const timings: Record<string, number> = {};

  const hostUp = async () => {
    site = await serveStatic(copy, '/', { port });
    port = Number(new URL(site.url).port);
  };
  const hostGone = async () => {
    await site?.close();
    site = undefined;
  };
  const url = (path: string) => `http://127.0.0.1:${port}${path}`;

  beforeAll(async () => {
    // A copy of the build, so the test may change it into a "new build" without touching SITE_DIR.
    copy = join(mkdtempSync(join(tmpdir(), 'offline-')), 'site');
    cpSync(SITE_DIR, copy, { recursive: true });
    pages = readPages(copy, '/').map((p) => ({ file: p.file, url: p.url, heading: headingOf(p) }));
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      serviceWorkers: 'allow',
    });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await hostUp();
  });

  afterAll(async () => {
    console.info(`offline test timings (ms): ${JSON.stringify(timings)}`);
    await (browser as Browser | undefined)?.close();
    await hostGone();
    if (copy !== '') rmSync(dirname(copy), { recursive: true, force: true });
  });

  it('installs the worker on the first visit and caches the whole build under its id', async () => {
    // Writing sw.js again over the unchanged build gives the same file: the id is the build's.
    const built = readFileSync(join(copy, WORKER_FILE), 'utf8');
    const written = await writeServiceWorker({ root: copy, base: '/', log: () => undefined });
    expect(readFileSync(join(copy, WORKER_FILE), 'utf8')).toBe(built);
    firstCache = written.cache;

    const started = performance.now();
    await page.goto(url('/'));
    expect(await controlled(page)).toBe(url(`/${WORKER_FILE}`));
    timings['install'] = Math.round(performance.now() - started);
    expect(await cacheNames(page)).toEqual([firstCache]);
    const cached = await page.evaluate(
      async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname),
      firstCache,
    );
    expect(cached.sort()).toEqual([...written.urls].sort());
    expect(errors).toEqual([]);
  });

  it('opens every page of the build with the host gone: text, styles, fonts and cells', async () => {
    await hostGone();
    const started = performance.now();
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe(headingAt('index.html'));
    expect(pages.length).toBeGreaterThan(2);
    for (const built of pages) {
      const response = await page.goto(url(built.url));
      expect(response?.status(), built.url).toBe(200);
      expect(response?.fromServiceWorker(), built.url).toBe(true);
      const shown = (await page.locator('h1').textContent())?.replace(/\s+/g, ' ').trim();
      expect(shown, built.url).toBe(built.heading);
      await hydrated(page);
      const styles = await stylesAndFontsLoaded(page);
      expect(styles.stylesheets, built.url).toBeGreaterThan(0);
      expect(styles.unloaded, built.url).toEqual([]);
      expect(styles.failedFonts, built.url).toEqual([]);
    }
    timings['every page offline'] = Math.round(performance.now() - started);
    expect(errors).toEqual([]);
  });

  it('runs a cell offline: it hydrates and answers the reader', async () => {
    await page.goto(url('/entropy-and-kl/'));
    await hydrated(page);
    await page.locator('[data-field="q₁"]').fill('0');
    await expect.poll(() => page.locator('[data-cross-entropy]').textContent()).toBe('∞');
    expect(errors).toEqual([]);
  });

  it('searches offline', async () => {
    // A string, so the test's own bundler leaves the page's import() alone.
    const results = await page.evaluate<string[]>(`(async () => {
      const pagefind = await import(${JSON.stringify(url('/pagefind/pagefind.js'))});
      const search = await pagefind.search('entropy');
      return Promise.all(search.results.map(async (result) => (await result.data()).url));
    })()`);
    expect(results).toContain('/entropy-and-kl/');
    expect(errors).toEqual([]);
  });

  it('shows the cached 404 page for a page it does not know', async () => {
    const started = performance.now();
    const response = await page.goto(url('/no-such-chapter/'));
    timings['unknown page offline'] = Math.round(performance.now() - started);
    expect(response?.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe(headingAt('404.html'));
    // The browser reports the 404 status itself; that one message is expected, and only it.
    expect(errors).toEqual([
      'Failed to load resource: the server responded with a status of 404 ()',
    ]);
    errors.length = 0;
  });

  it('after an update, shows the new build at once and keeps only the new build’s cache', async () => {
    // The "new build": one page's text changes, and sw.js is written for it as a build would.
    const changed = join(copy, 'entropy-and-kl', 'index.html');
    writeFileSync(
      changed,
      readFileSync(changed, 'utf8').replace('</h1>', '</h1><p data-new-build>Revised.</p>'),
    );
    const written = await writeServiceWorker({ root: copy, base: '/', log: () => undefined });
    expect(written.cache).not.toBe(firstCache);

    await hostUp();
    const started = performance.now();
    await page.goto(url('/entropy-and-kl/'));
    expect(await page.locator('[data-new-build]').textContent()).toBe('Revised.');
    // Navigating checked sw.js: the new worker installs, activates and deletes the old cache.
    await expect.poll(() => cacheNames(page), { timeout: 30_000 }).toEqual([written.cache]);
    timings['update'] = Math.round(performance.now() - started);

    // What the new worker cached is the new build: offline again, the revised page opens.
    await hostGone();
    await page.reload();
    expect(await page.locator('[data-new-build]').textContent()).toBe('Revised.');
    expect(errors).toEqual([]);
  });
});

describe('offline reading under a base path', () => {
  // The sub-path build beside SITE_DIR, as `npm run build:base` writes it (dist-base/).
  const baseBuild = join(dirname(SITE_DIR), 'dist-base');

  it('registers the worker for the base path only, with a cache of its own', async () => {
    expect(existsSync(join(baseBuild, WORKER_FILE)), `${baseBuild} has no ${WORKER_FILE}`).toBe(
      true,
    );
    const browser = await launchBrowser();
    const sub = await serveStatic(baseBuild, '/notebook/');
    try {
      const page = await browser.newPage();
      await page.goto(sub.url);
      expect(await controlled(page)).toBe(`${sub.url}${WORKER_FILE}`);
      const scope = await page.evaluate(
        async () => (await navigator.serviceWorker.getRegistration())?.scope,
      );
      expect(scope).toBe(sub.url);
      const names = await cacheNames(page);
      expect(names).toHaveLength(1);
      expect(names[0]).toMatch(/^cen-notebook:\/notebook\/:/);
    } finally {
      await browser.close();
      await sub.close();
    }
  });
});
