// The browser tests' shared setup: the built site's pages, one Chromium and one static server per
// test file, closed again after it (even when the setup itself failed part way).
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser } from './browser';
import { listFiles } from './built-site';
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
