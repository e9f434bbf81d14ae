// Size report over dist/: JavaScript shipped per page before interaction (gzip), checked against
// the budget, and (reported only) what the page has loaded once all its cells are in use.
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
import { JS_BUDGET_GZIP } from '../tests/site/budgets.ts';
import { SITE_DIR } from '../tests/support/static-server.ts';

const pages = readPages(SITE_DIR, '/');
/** Gzipped bytes of modules read together, as jsWeight measures them. */
const gzipOf = (modules: readonly string[]) =>
  gzipSync(modules.map((m) => readFileSync(join(SITE_DIR, m), 'utf8')).join('\n'), { level: 9 })
    .byteLength;
const rows = pages.map((page) => {
  const weight = jsWeight(SITE_DIR, '/', page);
  const all = [...weight.modules, ...weight.lazyModules];
  return {
    page: page.url,
    ...weight,
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
    '',
    r.widgets.join(', '),
  );
}
const over = rows.filter((r) => r.gzipBytes > JS_BUDGET_GZIP);
console.log(
  `budget: ${JS_BUDGET_GZIP} B gzip per page; ${over.length === 0 ? 'all within' : `${over.length} over`}`,
);
process.exitCode = over.length === 0 ? 0 : 1;
console.log('\nwidget (its own modules beyond the shared Svelte runtime)   gzip B');
for (const [widget, bytes] of widgetWeights(SITE_DIR, '/', pages)) {
  console.log(widget.padEnd(58), String(bytes).padStart(7));
}
