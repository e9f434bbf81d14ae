// Punctuation after an inline formula never starts a line: at phone and desktop widths, every
// comma or full stop that follows a formula sits on the line where the formula ends.
import { browserSession, builtPages } from '../support/browser-session';
import { describe, expect, it } from 'vitest';

const CHAPTERS = builtPages(
  (f) => f.endsWith('/index.html') && f.split('/').length === 2 && !f.startsWith('zh/'),
);

const session = browserSession();

describe('punctuation after inline math', () => {
  it('finds the chapters to check', () => {
    expect(CHAPTERS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(CHAPTERS.flatMap((path) => [390, 1280].map((width) => [path, width] as const)))(
    '%s at %i px keeps every trailing comma and full stop on its formula’s line',
    async (path, width) => {
      const page = await session.browser.newPage({ viewport: { width, height: 900 } });
      await page.goto(new URL(path.slice(1), session.site.url).href);
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
