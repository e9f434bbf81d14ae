// The Content-Security-Policy in Chromium: every built page runs its inline scripts and hydrates
// its cells under the policy with no violation, and a script or handler the build did not hash is
// blocked and reported (so the silence of the other tests means something).
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CSP_VIOLATION } from '../support/browser';
import { browserSession, builtPages, openChapter } from '../support/browser-session';

const session = browserSession();
const PAGES = builtPages();
const CHAPTER = '/softmax-and-logits/';

/** The policy the page is under, as its <meta> states it. */
const policyOf = (page: Page): Promise<string | null> =>
  page.evaluate(
    () =>
      document
        .querySelector('meta[http-equiv="Content-Security-Policy"]')
        ?.getAttribute('content') ?? null,
  );

/** Open the chapter with its HTML rewritten on the way, collecting console and page errors. */
async function openRewritten(
  rewrite: (html: string) => string,
): Promise<{ page: Page; errors: string[] }> {
  const context = await session.browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  const url = new URL(CHAPTER.slice(1), session.site.url).href;
  await page.route(url, async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, body: rewrite(await response.text()) });
  });
  await page.goto(url);
  return { page, errors };
}

describe('the Content-Security-Policy in the browser', () => {
  it('finds the built pages', () => {
    expect(PAGES).toEqual(expect.arrayContaining(['/', CHAPTER]));
  });

  it.each(PAGES)('%s runs its scripts and hydrates its cells with no violation', async (path) => {
    const { page, errors } = await openChapter(session, path);
    expect(await policyOf(page)).toMatch(/^default-src 'self'; script-src 'self' /);
    // The theme script in <head> ran: it is the first inline script every page has.
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toMatch(
      /^(light|dark)$/,
    );
    expect(await page.locator('astro-island[ssr]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lets a hydrated cell answer the reader’s input', async () => {
    const { page, errors } = await openChapter(session, CHAPTER);
    await page.locator('[data-field="logit o₁"]').fill('4');
    // softmax([4, 1, 0.1]) = (e⁴, e, e^0.1) / (e⁴ + e + e^0.1) = (54.598, 2.7183, 1.1052) / 58.422
    // = (0.93455, 0.046529, 0.018917), to four places as the cell writes them.
    await expect
      .poll(() => page.locator('[data-probability]').allTextContents())
      .toEqual(['0.9346', '0.0465', '0.0189']);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('blocks and reports an inline script the build did not hash', async () => {
    const { page, errors } = await openRewritten((html) =>
      html.replace('</body>', '<script>window.injected = true;</script></body>'),
    );
    await expect
      .poll(() => errors.filter((e) => e.startsWith(CSP_VIOLATION)))
      .toEqual([expect.stringMatching(/script-src-elem blocked (inline|an inline script)/)]);
    expect(await page.evaluate(() => 'injected' in window)).toBe(false);
    // The page's own scripts still ran.
    expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toMatch(
      /^(light|dark)$/,
    );
    await page.context().close();
  });

  it('blocks and reports an inline event handler', async () => {
    const { page, errors } = await openRewritten((html) =>
      html.replace(
        '</body>',
        '<button id="handler" onclick="window.clicked = true">x</button></body>',
      ),
    );
    await page.locator('#handler').click();
    await expect
      .poll(() => errors.filter((e) => e.startsWith(CSP_VIOLATION)))
      .toEqual([expect.stringContaining('script-src-attr blocked')]);
    expect(await page.evaluate(() => 'clicked' in window)).toBe(false);
    await page.context().close();
  });
});
