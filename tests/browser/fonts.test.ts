// Font preloads in Chromium: on every page, the KaTeX faces the browser downloads are exactly the
// ones the page preloads (none missed, none preloaded for nothing), each downloaded once.
import { describe, expect, it } from 'vitest';
import { browserSession, builtPages, openChapter } from '../support/browser-session';

const PAGES = builtPages((file) => file !== '404.html');
const session = browserSession();

describe('font preloads', () => {
  it.each(PAGES)('%s downloads exactly the faces it preloads, once each', async (path) => {
    const { page, errors } = await openChapter(session, path, { hydrate: false, width: 390 });
    const downloaded: string[] = [];
    // Off-screen prose skips layout (content-visibility: auto) until the reader nears it: lay the
    // whole page out, so every face its formulas use is asked for, wherever it sits.
    await page.addStyleTag({ content: '.prose > * { content-visibility: visible !important; }' });
    await page.evaluate(() => document.body.getBoundingClientRect().height);
    // Read what the page fetched from the browser's own record, preloads included.
    await page.evaluate(() => document.fonts.ready);
    await page.waitForLoadState('load');
    downloaded.push(
      ...(await page.evaluate(() =>
        performance
          .getEntriesByType('resource')
          .map((entry) => new URL(entry.name).pathname)
          .filter((url) => url.endsWith('.woff2') || url.endsWith('.woff') || url.endsWith('.ttf')),
      )),
    );
    const preloaded = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="font"]')].map(
        (link) => new URL(link.href).pathname,
      ),
    );
    // Faces in use: every @font-face the page's text made the browser load (a face preloaded
    // for nothing stays 'unloaded' here even though its file was fetched).
    const used = await page.evaluate(
      () => [...document.fonts].filter((face) => face.status === 'loaded').length,
    );
    expect(new Set(downloaded).size, 'each font fetched once').toBe(downloaded.length);
    expect([...downloaded].sort()).toEqual([...preloaded].sort());
    expect(used).toBe(preloaded.length);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
