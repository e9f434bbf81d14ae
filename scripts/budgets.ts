// Size report over dist/: JavaScript shipped per page before interaction (gzip), checked against
// its budget (35 KB a chapter, 6 KB a page without cells, the gallery's frame 6 KB before its cells
// load one by one), and (reported only) what the page has loaded once all its cells are in use.
// Run after `npm run build`: node scripts/budgets.ts
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readPages } from '../tests/support/built-site.ts';
import {
  jsWeight,
  moduleSources,
  widgetFolders,
  widgetWeights,
} from '../tests/support/js-weight.ts';
import { budgetOf, pageKind } from '../tests/site/budgets.ts';
import { SITE_DIR } from '../tests/support/static-server.ts';

const pages = readPages(SITE_DIR, '/');
/** Gzipped bytes of modules read together, as jsWeight measures them. */
const gzipOf = (modules: readonly string[]) =>
  gzipSync(modules.map((m) => readFileSync(join(SITE_DIR, m), 'utf8')).join('\n'), { level: 9 })
    .byteLength;
const rows = pages.map((page) => {
  const weight = jsWeight(SITE_DIR, '/', page);
  const kind = pageKind(page);
  // The gallery answers for its frame alone: its cells load as they scroll into view.
  const budgeted = kind === 'gallery' ? jsWeight(SITE_DIR, '/', page, { islands: false }) : weight;
  const all = [...weight.modules, ...weight.lazyModules];
  return {
    page: page.url,
    ...weight,
    kind,
    budget: budgetOf(kind),
    budgeted: budgeted.gzipBytes,
    // What the page has loaded once every cell is in use (its links' reader included).
    inUse:
      all.length === 0 ? weight.gzipBytes : gzipOf(all) + weight.gzipBytes - gzipOf(weight.modules),
    widgets: widgetFolders(moduleSources(SITE_DIR, all)),
  };
});
console.log(
  'page'.padEnd(34),
  'modules',
  'inline B',
  'raw B'.padStart(8),
  'gzip B'.padStart(8),
  'in use B'.padStart(9),
  'budget B'.padStart(9),
  ' widgets shipped',
);
for (const r of rows) {
  console.log(
    r.page.padEnd(34),
    String(r.modules.length).padStart(7),
    String(r.inlineBytes).padStart(8),
    String(r.rawBytes).padStart(8),
    String(r.gzipBytes).padStart(8),
    String(r.inUse).padStart(9),
    `${r.kind === 'gallery' ? `${r.budgeted}/` : ''}${r.budget}`.padStart(9),
    '',
    r.widgets.join(', '),
  );
}
const over = rows.filter((r) => r.budgeted > r.budget);
console.log(
  `budgets: ${over.length === 0 ? 'every page within its own' : `over: ${over.map((r) => r.page).join(', ')}`}`,
);
process.exitCode = over.length === 0 ? 0 : 1;
console.log('\nwidget (its own modules beyond the shared Svelte runtime)   gzip B');
for (const [widget, bytes] of widgetWeights(SITE_DIR, '/', pages)) {
  console.log(widget.padEnd(58), String(bytes).padStart(7));
}
