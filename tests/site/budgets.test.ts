// The built site stays light: pages without widgets ship only the tiny theme script, a
// chapter page stays within the JavaScript budget, and a page loads the code of the cells it
// shows and of no other widget (chapters import every widget from one barrel; the build must
// not let that pull the others in).
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPages } from '../support/built-site';
import { jsWeight, moduleSources, widgetFolders, widgetsUsed } from '../support/js-weight';
import { JS_BUDGET_GZIP } from './budgets';

describe('JavaScript budget', () => {
  const pages = existsSync('dist') ? readPages('dist', '/') : [];
  const withCells = pages.filter((p) => p.html.includes('<astro-island'));

  it('has pages to measure, some with cells', () => {
    expect(pages.length).toBeGreaterThan(0);
    expect(withCells.length).toBeGreaterThan(0);
  });

  it.each(pages.map((p) => [p.url, p] as const))(
    '%s ships at most the budget, gzipped',
    (_, page) => {
      const weight = jsWeight('dist', '/', page);
      expect(weight.gzipBytes).toBeLessThanOrEqual(JS_BUDGET_GZIP);
      // Pages without widgets load no modules at all: only the inline theme script.
      if (!withCells.includes(page)) expect(weight.modules).toEqual([]);
      // A page whose cells all load on interaction (client:interaction) loads them only later.
      else expect(weight.modules.length + weight.lazyModules.length).toBeGreaterThan(0);
    },
  );

  it.each(withCells.map((p) => [p.url, p] as const))(
    '%s loads its own widgets’ modules and no other widget’s',
    (_, page) => {
      const { modules, lazyModules } = jsWeight('dist', '/', page);
      const shipped = widgetFolders(moduleSources('dist', [...modules, ...lazyModules]));
      expect(widgetsUsed(page).length).toBeGreaterThan(0);
      expect(shipped).toEqual(widgetsUsed(page));
    },
  );
});
