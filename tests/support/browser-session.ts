// The browser tests' shared setup: the built site's pages, one Chromium and one static server per
// test file, closed again after it (even when the setup itself failed part way).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { listFiles } from './built-site';
import { hydrated } from './islands';
import { serveStatic, SITE_DIR, type StaticSite } from './static-server';

/** Every page of the build in SITE_DIR, as the paths a reader visits ("/", "/entropy-and-kl/", …). */
export function builtPages(filter: (file: string) => boolean = () => true): string[] {
  return listFiles(SITE_DIR)
    .filter((f) => f.endsWith('.html') && filter(f))
    .map((f) => `/${f.replace(/index\.html$/, '')}`)
    .sort();
}

/** A Chromium and a server of SITE_DIR, started before the file's tests and closed after them. */
export function browserSession(): { browser: Browser; site: StaticSite } {
  const session = {} as { browser: Browser; site: StaticSite };
  beforeAll(async () => {
    session.browser = await launchBrowser();
    session.site = await serveStatic(SITE_DIR, '/');
  });
  afterAll(async () => {
    // Either may be missing if beforeAll failed; the failure it reported is the one that matters.
    await (session.browser as Browser | undefined)?.close();
    await (session.site as StaticSite | undefined)?.close();
  });
  return session;
}

export interface OpenOptions {
  /** @default true; false opens the page as a reader without JavaScript sees it. */
  readonly javaScript?: boolean;
  /** The viewport's width in CSS pixels. @default 1280 */
  readonly width?: number;
  /** A fragment to open the page at, such as a link to a cell's state. */
  readonly hash?: string;
  /** Wait for every island to hydrate (see islands.ts). @default true with JavaScript */
  readonly hydrate?: boolean;
}

/**
 * Open a chapter of the built site (`path` such as '/label-formats/') in a fresh context of the
 * session's browser, collecting every page error and console error in `errors` (a test expects
 * it empty); Content-Security-Policy violations arrive as console errors (see browser.ts).
 * Close it with `page.context().close()`.
 */
export async function openChapter(
  session: { browser: Browser; site: StaticSite },
  path: string,
  options: OpenOptions = {},
): Promise<{ page: Page; errors: string[] }> {
  const javaScript = options.javaScript ?? true;
  const context = await session.browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    javaScriptEnabled: javaScript,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(new URL(path.replace(/^\//, '') + (options.hash ?? ''), session.site.url).href);
  if (javaScript && (options.hydrate ?? true)) await hydrated(page);
  return { page, errors };
}
