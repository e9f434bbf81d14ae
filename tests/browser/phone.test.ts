// Every built page on a 390 px phone: the page itself never scrolls sideways, no cell or figure
// reaches past the screen's edge, and whatever is too wide to fit (a table, code, a long
// formula) scrolls in its own box that the keyboard can reach.
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { browserSession, builtPages } from '../support/browser-session';
import { describe, expect, it } from 'vitest';
import { hydrated } from '../support/islands';

const PHONE = { width: 390, height: 844 };
const PAGES = builtPages();

const session = browserSession();

/** Open a page at phone size in a theme, cells hydrated as a reader scrolls to them, all folds open. */
async function openOnPhone(path: string, theme: 'light' | 'dark'): Promise<Page> {
  const context = await session.browser.newContext({ viewport: PHONE, colorScheme: theme });
  const page = await context.newPage();
  await page.goto(new URL(path.slice(1), session.site.url).href);
  if ((await page.locator('astro-island').count()) > 0) await hydrated(page);
  // Folded things (source listings, worked answers) must fit too once a reader opens them.
  await page.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true;
  });
  return page;
}

/** Cells and figures whose box reaches past either edge of the screen, described for a message. */
async function boxesOffScreen(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('[data-cell], figure')].flatMap((element) => {
      const box = element.getBoundingClientRect();
      if (box.left >= -0.5 && box.right <= width + 0.5) return [];
      const name = element.hasAttribute('data-cell') ? 'cell' : 'figure';
      const text = element.textContent.replace(/\s+/g, ' ').trim().slice(0, 50);
      return [`${name} at ${Math.round(box.left)}–${Math.round(box.right)} px: ${text}`];
    });
  });
}

describe('every page at 390 px', () => {
  it('has pages to check', () => {
    expect(PAGES.length).toBeGreaterThan(1);
  });

  it.each(PAGES)('%s never scrolls sideways', async (path) => {
    const page = await openOnPhone(path, 'light');
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(clientWidth).toBe(PHONE.width);
    expect(scrollWidth, `the document is ${scrollWidth} px wide`).toBeLessThanOrEqual(clientWidth);
    await page.context().close();
  });

  it.each(PAGES)('%s keeps every cell and figure inside the screen', async (path) => {
    const page = await openOnPhone(path, 'light');
    expect(await boxesOffScreen(page)).toEqual([]);
    await page.context().close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it.each(PAGES)(`%s passes an axe scan in the ${theme} theme`, async (path) => {
      const page = await openOnPhone(path, theme);
      const results = await new AxeBuilder({ page }).analyze();
      const violations = results.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
      );
      expect(violations).toEqual([]);
      await page.context().close();
    });
  }
});
