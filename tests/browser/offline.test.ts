// Offline reading, as a reader meets it: one visit to the home page installs the service worker
// (src/lib/post-build/service-worker.ts); then the host goes away (it drops every connection, so
// the worker's fetches fail as they do with no network) and every page of the build still opens
// with its styles, fonts, cells and search; when the host comes back with a new build, the reader
// sees the new page and the new worker drops the old build's cache; and a tab still showing the
// replaced build loads a cell it had not reached yet from the assets the new worker kept for it.
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { toText } from 'hast-util-to-text';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachePrefix, writeServiceWorker, WORKER_FILE } from '~/src/lib/post-build/service-worker';
import { launchBrowser } from '../support/browser';
import { findElements, listFiles, readPages, type BuiltPage } from '../support/built-site';
import { hydrated } from '../support/islands';
import { contentType, resolveRequest, serveStatic, SITE_DIR } from '../support/static-server';

/** The page's title as the built HTML has it, whitespace collapsed. */
const headingOf = (page: BuiltPage) => {
  const [h1] = findElements(page.tree, (node) => node.tagName === 'h1');
  if (h1 === undefined) throw new Error(`${page.file} has no <h1>`);
  return toText(h1).replace(/\s+/g, ' ').trim();
};

/**
 * The script URL of the service worker controlling the page, once one does; fails after
 * `timeout` ms saying so (a context opened without `serviceWorkers: 'allow'` never gets one).
 */
const controlled = async (page: Page, timeout = 30_000): Promise<string> => {
  try {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, {
      timeout,
      polling: 100,
    });
  } catch (error) {
    const state = await page
      .evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        return registration === undefined
          ? 'no registration'
          : `registration: installing ${registration.installing?.state ?? 'none'}, waiting ${registration.waiting?.state ?? 'none'}, active ${registration.active?.state ?? 'none'}`;
      })
      .catch(() => 'state unknown');
    throw new Error(
      `No service worker controls ${page.url()} after ${timeout} ms (${state}); is its context opened with serviceWorkers: 'allow'?`,
      { cause: error },
    );
  }
  return page.evaluate(() => navigator.serviceWorker.controller!.scriptURL);
};

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

/**
 * A static host for `root` at a fixed origin that can go away and come back: while down it drops
 * every connection unanswered, which the worker's fetches meet as they meet a lost network. The
 * server keeps listening throughout, so coming back never races for the port.
 */
async function switchableHost(root: string) {
  let up = true;
  /** Paths asked of the host while it was up, in order. */
  const requested: string[] = [];
  const server = createServer((request, response) => {
    if (!up) {
      request.socket.destroy();
      return;
    }
    const { pathname } = new URL(request.url ?? '/', 'http://localhost');
    requested.push(pathname);
    const file = resolveRequest(root, '/', pathname);
    const body = file ?? join(root, '404.html');
    response.writeHead(file === undefined ? 404 : 200, { 'content-type': contentType(body) });
    response.end(readFileSync(body));
  });
  await new Promise<void>((ready, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ready);
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('host has no port');
  return {
    requested,
    url: (path: string) => `http://127.0.0.1:${address.port}${path}`,
    up: () => {
      up = true;
    },
    down: () => {
      up = false;
      server.closeAllConnections(); // kept-alive connections go too
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

describe('offline reading', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let host: Awaited<ReturnType<typeof switchableHost>> | undefined;
  let copy = '';
  let firstCache = '';
  /** Each built page's address and title, read once from the copy before anything changes it. */
  let pages: { file: string; url: string; heading: string }[] = [];
  const headingAt = (file: string) => pages.find((p) => p.file === file)!.heading;
  const errors: string[] = [];
  const timings: Record<string, number> = {};
  const url = (path: string) => host!.url(path);
  const rewriteWorker = () => writeServiceWorker({ root: copy, base: '/', log: () => undefined });

  /**
   * A step of the reader's story that needs earlier ones (the worker installed, say): when one of
   * those did not pass, it fails at once naming it, instead of timing out in a state it never
   * reached.
   */
  const passed = new Set<string>();
  const step = (id: string, title: string, needs: string[], body: () => Promise<void>) =>
    it(title, async () => {
      const missing = needs.filter((need) => !passed.has(need));
      if (missing.length > 0)
        throw new Error(`Needs the earlier step(s) ${missing.join(', ')}, which did not pass.`);
      await body();
      passed.add(id);
    });

  beforeAll(async () => {
    // A copy of the build, so the test may change it into a "new build" without touching SITE_DIR.
    copy = join(mkdtempSync(join(tmpdir(), 'offline-')), 'site');
    cpSync(SITE_DIR, copy, { recursive: true });
    pages = readPages(copy, '/').map((p) => ({ file: p.file, url: p.url, heading: headingOf(p) }));
    host = await switchableHost(copy);
    browser = await launchBrowser();
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      serviceWorkers: 'allow',
    });
    page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  });

  afterAll(async () => {
    console.info(`offline test timings (ms): ${JSON.stringify(timings)}`);
    await (browser as Browser | undefined)?.close();
    await host?.close();
    if (copy !== '') rmSync(dirname(copy), { recursive: true, force: true });
  });

  step(
    'install',
    'installs the worker on the first visit and caches the whole build under its id',
    [],
    async () => {
      // Writing sw.js again over the unchanged build gives the same file: the id is the build's.
      const built = readFileSync(join(copy, WORKER_FILE), 'utf8');
      const written = await rewriteWorker();
      expect(readFileSync(join(copy, WORKER_FILE), 'utf8')).toBe(built);
      firstCache = written.cache;

      const started = performance.now();
      await page.goto(url('/'));
      expect(await controlled(page)).toBe(url(`/${WORKER_FILE}`));
      timings['install'] = Math.round(performance.now() - started);
      expect(await cacheNames(page)).toEqual([firstCache]);
      const cached = await page.evaluate(
        async (name) =>
          (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname),
        firstCache,
      );
      expect(cached.sort()).toEqual([...written.urls].sort());
      expect(errors).toEqual([]);
    },
  );

  step(
    'pages',
    'opens every page of the build with the host gone: text, styles, fonts and cells',
    ['install'],
    async () => {
      host!.down();
      const started = performance.now();
      await page.goto(url('/'));
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
    },
  );

  step('cell', 'runs a cell offline: it hydrates and answers the reader', ['install'], async () => {
    host!.down();
    await page.goto(url('/entropy-and-kl/'));
    await hydrated(page);
    await page.locator('[data-field="q₁"]').fill('0');
    await expect.poll(() => page.locator('[data-cross-entropy]').textContent()).toBe('∞');
    expect(errors).toEqual([]);
  });

  step('search', 'searches offline', ['install'], async () => {
    host!.down();
    // A string, so the test's own bundler leaves the page's import() alone.
    const results = await page.evaluate<string[]>(`(async () => {
      const pagefind = await import(${JSON.stringify(url('/pagefind/pagefind.js'))});
      const search = await pagefind.search('entropy');
      return Promise.all(search.results.map(async (result) => (await result.data()).url));
    })()`);
    expect(results).toContain('/entropy-and-kl/');
    expect(errors).toEqual([]);
  });

  step('404', 'shows the cached 404 page for a page it does not know', ['install'], async () => {
    host!.down();
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

  step(
    'update',
    'after an update, shows the new build at once and keeps only the new build’s cache',
    ['install'],
    async () => {
      // The "new build": one page's text changes, and sw.js is written for it as a build would.
      const changed = join(copy, 'entropy-and-kl', 'index.html');
      writeFileSync(
        changed,
        readFileSync(changed, 'utf8').replace('</h1>', '</h1><p data-new-build>Revised.</p>'),
      );
      const written = await rewriteWorker();
      expect(written.cache).not.toBe(firstCache);

      host!.up();
      const started = performance.now();
      await page.goto(url('/entropy-and-kl/'));
      expect(await page.locator('[data-new-build]').textContent()).toBe('Revised.');
      // Navigating checked sw.js: the new worker installs, activates and deletes the old cache
      // (every hashed asset of the old build is in the new one, so none is kept beside it).
      await expect.poll(() => cacheNames(page), { timeout: 30_000 }).toEqual([written.cache]);
      timings['update'] = Math.round(performance.now() - started);

      // What the new worker cached is the new build: offline again, the revised page opens.
      host!.down();
      await page.reload();
      expect(await page.locator('[data-new-build]').textContent()).toBe('Revised.');
      expect(errors).toEqual([]);
    },
  );

  step(
    'open tab',
    'keeps a tab of the replaced build working: a cell it had not reached yet still loads',
    ['install'],
    async () => {
      host!.up();
      const served = await rewriteWorker(); // the build the host serves now, unchanged
      const tab = await context.newPage();
      const tabErrors: string[] = [];
      tab.on('pageerror', (e) => tabErrors.push(e.message));
      tab.on('console', (m) => m.type() === 'error' && tabErrors.push(m.text()));
      await tab.goto(url('/softmax-and-logits/'));
      await controlled(tab);
      await expect.poll(() => cacheNames(tab), { timeout: 30_000 }).toContain(served.cache);

      // A cell below the fold: not hydrated, its island's script never asked for, and no cell
      // above the fold uses that script.
      const island = await tab.evaluate(() => {
        // An island is display: contents; its cell has the box.
        const top = (i: Element) =>
          i.querySelector('[data-cell]')?.getBoundingClientRect().top ?? Number.NaN;
        const islands = [...document.querySelectorAll('astro-island')];
        const above = islands.filter((i) => !(top(i) >= innerHeight));
        const script = (i: Element) => i.getAttribute('component-url') ?? '';
        const below = islands.find(
          (i) =>
            top(i) >= innerHeight &&
            i.hasAttribute('ssr') &&
            !above.some((a) => script(a) === script(i)),
        );
        return below === undefined
          ? undefined
          : {
              uid: below.getAttribute('uid') ?? '',
              script: new URL(script(below), location.href).pathname,
              loaded: performance
                .getEntriesByType('resource')
                .map((entry) => new URL(entry.name).pathname),
            };
      });
      if (island === undefined)
        throw new Error('/softmax-and-logits/ has no cell below the fold at 1280×900 to test with');
      expect(island.loaded).not.toContain(island.script);

      // Build B: that cell's script changed, so it has a new hash; the old file is gone from the
      // host and every page names the new one. sw.js is written for it as a build would.
      const renamed = island.script.replace(/\.js$/, 'b.js');
      renameSync(join(copy, island.script), join(copy, renamed));
      for (const file of listFiles(copy).filter((f) => f.endsWith('.html'))) {
        const html = readFileSync(join(copy, file), 'utf8');
        if (html.includes(island.script))
          writeFileSync(join(copy, file), html.replaceAll(island.script, renamed));
      }
      const next = await rewriteWorker();
      expect(next.urls).not.toContain(island.script);

      // The browser checks for the new worker (as it does on any navigation); it installs,
      // activates, takes over the open tab and replaces the old build's cache.
      const started = performance.now();
      await tab.evaluate(async () => {
        await (await navigator.serviceWorker.getRegistration())?.update();
      });
      const previous = `${cachePrefix('/')}previous-assets`;
      await expect.poll(() => cacheNames(tab), { timeout: 30_000 }).toEqual([next.cache, previous]);
      timings['update with a tab open'] = Math.round(performance.now() - started);

      // The reader scrolls to the cell: its island loads the old script from the kept copy.
      host!.requested.length = 0;
      await tab.evaluate((uid) => {
        document
          .querySelector(`astro-island[uid="${uid}"] [data-cell]`)
          ?.scrollIntoView({ block: 'center' });
      }, island.uid);
      await tab
        .waitForFunction(
          (uid) => !document.querySelector(`astro-island[uid="${uid}"]`)?.hasAttribute('ssr'),
          island.uid,
          { timeout: 15_000 },
        )
        .catch((error: unknown) => {
          throw new Error(
            `The cell using ${island.script} did not hydrate after the new worker took over (errors: ${tabErrors.join(' | ') || 'none'})`,
            { cause: error },
          );
        });
      expect(host!.requested).not.toContain(island.script);
      expect(tabErrors).toEqual([]);
      await tab.close();
    },
  );
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
      const context = await browser.newContext({ serviceWorkers: 'allow' });
      const page = await context.newPage();
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
