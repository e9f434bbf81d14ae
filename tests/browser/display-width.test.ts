// Every display formula on a 390 px phone fits its column, equation number included: the
// .katex-display box scrolls sideways when its formula is too wide, and a reader should never
// have to scroll a formula to read its end. Long formulas are broken into aligned lines instead.
import type { Page } from 'playwright-core';
import { browserSession, builtPages } from '../support/browser-session';
import { describe, expect, it } from 'vitest';

const PHONE = { width: 390, height: 844 };
const PAGES = builtPages();

/**
 * Displays that still do not fit at 390 px, each with why and how far it may reach past its column.
 * The test fails if one gets wider, and also once it fits, so this list cannot outlive its reason.
 */
const EXCEPTIONS: readonly {
  page: string;
  tag: string;
  maxOverflow: number;
  why: string;
}[] = [];

const session = browserSession();

/** Open a page at phone size with every fold open, so formulas in worked answers are measured too. */
async function openOnPhone(path: string): Promise<Page> {
  const context = await session.browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(new URL(path.slice(1), session.site.url).href);
  await page.evaluate(() => {
    for (const details of document.querySelectorAll('details')) details.open = true;
  });
  return page;
}

interface Display {
  /** The equation number as printed, e.g. "(2.5)", or "" for an unnumbered display. */
  readonly tag: string;
  /** The start of the formula's TeX source, to find it in the chapter. */
  readonly tex: string;
  readonly scrollWidth: number;
  readonly clientWidth: number;
}

/** Every display formula on the page with the widths of the box that scrolls it. */
async function displays(page: Page): Promise<Display[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.katex-display')].map((element) => ({
      tag: element.querySelector('.tag')?.textContent.trim() ?? '',
      tex: (element.querySelector('annotation')?.textContent ?? '')
        .replace(/\s+/g, ' ')
        .trim()
        .slice(0, 60),
      scrollWidth: element.scrollWidth,
      clientWidth: element.clientWidth,
    })),
  );
}

describe('display formulas at 390 px', () => {
  it('has pages with display formulas to check', async () => {
    const page = await openOnPhone('/softmax-and-logits/');
    expect((await displays(page)).length).toBeGreaterThan(0);
    await page.context().close();
  });

  it.each(PAGES)('%s has no display formula wider than its column', async (path) => {
    const page = await openOnPhone(path);
    const found = await displays(page);
    const excepted = EXCEPTIONS.filter((e) => e.page === path);
    const tooWide = found
      .filter((d) => d.scrollWidth > d.clientWidth + 1)
      .filter((d) => !excepted.some((e) => e.tag === d.tag))
      .map((d) => `${d.tag || 'unnumbered'} ${d.scrollWidth} px in ${d.clientWidth} px: ${d.tex}`);
    expect(tooWide).toEqual([]);
    for (const exception of excepted) {
      const display = found.find((d) => d.tag === exception.tag);
      expect(
        display,
        `${exception.tag} is listed as an exception but is not on the page`,
      ).toBeDefined();
      const overflow = (display?.scrollWidth ?? 0) - (display?.clientWidth ?? 0);
      expect(overflow, `${exception.tag} now fits: remove its exception`).toBeGreaterThan(1);
      expect(overflow, `${exception.tag} got wider`).toBeLessThanOrEqual(exception.maxOverflow);
    }
    await page.context().close();
  });
});
