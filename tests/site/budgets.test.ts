// The built site stays light: pages without widgets ship only the tiny theme script, and
// a chapter page with widgets stays within the JavaScript budget.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPages } from '../support/built-site';
import { jsWeight } from '../support/js-weight';
import { JS_BUDGET_GZIP } from './budgets';

describe('JavaScript budget', () => {
  const pages = existsSync('dist') ? readPages('dist', '/') : [];

  it('has pages to measure', () => {
    expect(pages.length).toBeGreaterThan(0);
  });

  it.each(pages.map((p) => [p.url, p] as const))(
    '%s ships at most the budget, gzipped',
    (_, page) => {
      const weight = jsWeight('dist', '/', page);
      expect(weight.gzipBytes).toBeLessThanOrEqual(JS_BUDGET_GZIP);
      const hasIslands = page.html.includes('<astro-island');
      // Pages without widgets load no modules at all: only the inline theme script.
      if (!hasIslands) expect(weight.modules).toEqual([]);
      else expect(weight.modules.length).toBeGreaterThan(0);
    },
  );
});
