// Punctuation after an inline formula never starts a line: at phone and desktop widths, every
// comma or full stop that follows a formula sits on the line where the formula ends.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { listFiles } from '../support/built-site';
import { serveStatic, type StaticSite } from '../support/static-server';

const CHAPTERS = listFiles('dist')
  .filter((f) => f.endsWith('/index.html') && f.split('/').length === 2 && !f.startsWith('zh/'))
  .map((f) => `/${f.replace(/index\.html$/, '')}`)
  .sort();

let browser: Browser;
let site: StaticSite;

beforeAll(async () => {
  browser = await launchBrowser();
  site = await serveStatic('dist', '/');
});

afterAll(async () => {
  await (browser as Browser | undefined)?.close();
  await (site as StaticSite | undefined)?.close();
});

describe('punctuation after inline math', () => {
  it('finds the chapters to check', () => {
    expect(CHAPTERS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(CHAPTERS.flatMap((path) => [390, 1280].map((width) => [path, width] as const)))(
    '%s at %i px keeps every trailing comma and full stop on its formula’s line',
    async (path, width) => {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(new URL(path.slice(1), site.url).href);
      const orphans = await page.evaluate(() => {
        const found: string[] = [];
        for (const formula of document.querySelectorAll('.katex')) {
          const next = formula.nextSibling;
          if (next?.nodeType !== Node.TEXT_NODE || !/^[.,;:]/.test(next.textContent ?? '')) {
            continue;
          }
          const range = document.createRange();
          range.setStart(next, 0);
          range.setEnd(next, 1);
          const mark = range.getBoundingClientRect();
          // The formula's last line box: the bottom-most of its client rects.
          const boxes = [...formula.getClientRects()];
          const last = boxes.reduce((a, b) => (b.bottom > a.bottom ? b : a));
          if (mark.top >= last.bottom - 1) {
            found.push(formula.querySelector('annotation')?.textContent ?? '?');
          }
        }
        return found;
      });
      await page.close();
      expect(orphans).toEqual([]);
    },
  );
});
