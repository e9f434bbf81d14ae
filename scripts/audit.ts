// `npm run audit`: Lighthouse's mobile preset (simulated slow 4G, 4× CPU slowdown) on the home
// page and every chapter of a build, served compressed as `npm run preview` serves it, in the
// system Chromium. It builds nothing: run `npm run build` first (SITE_DIR names another build,
// SITE_BASE its base path). Prints the median of AUDIT_RUNS runs (default 3) per page and exits
// non-zero when a page held to the goal scores below 95 for performance or below 100 for
// accessibility, best practices or SEO, naming the audits that failed.
//   npm run audit                                   every page
//   npm run audit -- /gradient-of-cross-entropy/    only the pages named (paths under the base)
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse, { type Result } from 'lighthouse';
import { normalizeBase } from '../src/lib/paths.ts';
import { findChromium } from '../tests/support/browser.ts';
import { serveStatic } from '../tests/support/static-server.ts';

/** The goal every home and chapter page is held to (the cell gallery is reported, not held). */
const GOAL = { performance: 0.95, accessibility: 1, 'best-practices': 1, seo: 1 } as const;
type Category = keyof typeof GOAL;
const CATEGORIES = Object.keys(GOAL) as Category[];
const METRICS = [
  ['FCP', 'first-contentful-paint'],
  ['LCP', 'largest-contentful-paint'],
  ['TBT', 'total-blocking-time'],
  ['CLS', 'cumulative-layout-shift'],
] as const;
const CHROME_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface AuditedPage {
  /** Path under the base, with trailing slash ('' for the home page). */
  readonly path: string;
  /** Whether the page must meet GOAL (home and chapters), or is only reported (the gallery). */
  readonly held: boolean;
}

/** Every page of a build worth auditing: each folder's index.html, the 404 page aside. */
export function listPages(root: string): AuditedPage[] {
  const pages: AuditedPage[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== '_astro' && !entry.name.startsWith('pagefind'))
        walk(full);
      else if (entry.name === 'index.html') {
        const folder = relative(root, dir).split(sep).join('/');
        const path = folder === '' ? '' : `${folder}/`;
        pages.push({ path, held: !/(^|\/)widgets\/$/.test(path) });
      }
    }
  };
  walk(root);
  return pages.sort((a, b) =>
    a.path === '' ? -1 : b.path === '' ? 1 : a.path.localeCompare(b.path),
  );
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? Number.NaN)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** A metric as the table shows it: seconds for paints, milliseconds for blocking, CLS bare. */
function formatMetric(name: (typeof METRICS)[number][0], value: number): string {
  if (name === 'CLS') return value.toFixed(3);
  if (name === 'TBT') return `${value.toFixed(0)} ms`;
  return `${(value / 1000).toFixed(2)} s`;
}

/** Audits that cost a category points in a run: title and display value. */
function failedAudits(lhr: Result, category: Category): [title: string, value: string][] {
  const refs = lhr.categories[category]?.auditRefs ?? [];
  const failed: [string, string][] = [];
  for (const ref of refs) {
    const audit = lhr.audits[ref.id];
    if (audit === undefined || audit.score === null) continue;
    if (audit.scoreDisplayMode === 'informative' || audit.scoreDisplayMode === 'notApplicable')
      continue;
    // Performance: metrics that lost points, and insights Lighthouse marks as failing.
    const limit = category === 'performance' ? 0.9 : 1;
    if (audit.score < limit) failed.push([audit.title, audit.displayValue ?? '']);
  }
  return failed;
}

const root = resolve(process.env['SITE_DIR'] ?? 'dist');
const base = normalizeBase(process.env['SITE_BASE']);
const runs = Number(process.env['AUDIT_RUNS'] ?? 3);
if (!existsSync(join(root, 'index.html'))) {
  console.error(`No built site at ${root} (no index.html). Run \`npm run build\` first.`);
  process.exit(2);
}
if (!Number.isInteger(runs) || runs < 1) {
  console.error(
    `AUDIT_RUNS must be a whole number of at least 1, not ${process.env['AUDIT_RUNS']}.`,
  );
  process.exit(2);
}
const wanted = process.argv.slice(2).map((arg) => arg.replace(/^\/+/, '').replace(/\/?$/, '/'));
const allPages = listPages(root);
const pages =
  wanted.length === 0 ? allPages : allPages.filter((p) => wanted.includes(p.path || '/'));
const unknown = wanted.filter((w) => !allPages.some((p) => (p.path || '/') === w));
if (unknown.length > 0) {
  console.error(
    `No such page in ${root}: ${unknown.join(', ')}. Pages: ${allPages.map((p) => `/${p.path}`).join(' ')}`,
  );
  process.exit(2);
}

const site = await serveStatic(root, base, { compress: true });
const chrome = await chromeLauncher.launch({
  chromePath: findChromium(),
  chromeFlags: CHROME_FLAGS,
});
const rows: string[][] = [];
const failures: string[] = [];
try {
  // Compress every file once before timing anything, as a host serves pre-compressed copies.
  for (const page of pages)
    await fetch(new URL(page.path, site.url), { headers: { 'accept-encoding': 'br' } });
  for (const page of pages) {
    const url = new URL(page.path, site.url).href;
    const results: Result[] = [];
    for (let run = 0; run < runs; run += 1) {
      const outcome = await lighthouse(url, {
        port: chrome.port,
        logLevel: 'error',
        output: 'json',
        onlyCategories: CATEGORIES,
      });
      if (outcome === undefined) throw new Error(`Lighthouse returned no result for ${url}`);
      if (outcome.lhr.runtimeError)
        throw new Error(`Lighthouse failed on ${url}: ${outcome.lhr.runtimeError.message}`);
      results.push(outcome.lhr);
      process.stderr.write('.');
    }
    const score = (category: Category) =>
      median(results.map((lhr) => lhr.categories[category]?.score ?? 0));
    const metric = (id: string) =>
      median(results.map((lhr) => lhr.audits[id]?.numericValue ?? Number.NaN));
    const scores = CATEGORIES.map(score);
    // Lighthouse's own CPU benchmark: low values mean a busy machine and pessimistic timings.
    const benchmark = median(results.map((lhr) => lhr.environment.benchmarkIndex));
    rows.push([
      `/${page.path}${page.held ? '' : ' (not held)'}`,
      ...scores.map((s) => String(Math.round(s * 100))),
      ...METRICS.map(([name, id]) => formatMetric(name, metric(id))),
      String(Math.round(benchmark)),
    ]);
    if (!page.held) continue;
    CATEGORIES.forEach((category, index) => {
      if ((scores[index] ?? 0) + 1e-9 >= GOAL[category]) return;
      const seen = new Map<string, { runs: number; values: Set<string> }>();
      for (const lhr of results)
        for (const [title, value] of failedAudits(lhr, category)) {
          const entry = seen.get(title) ?? { runs: 0, values: new Set<string>() };
          entry.runs += 1;
          if (value !== '') entry.values.add(value);
          seen.set(title, entry);
        }
      const why = [...seen]
        .map(([title, { runs: n, values }]) => {
          const shown = values.size > 0 ? `: ${[...values].join('; ')}` : '';
          return `    - ${title}${shown} [${n}/${runs} runs]`;
        })
        .join('\n');
      failures.push(
        `/${page.path} ${category} ${Math.round((scores[index] ?? 0) * 100)} < ${GOAL[category] * 100}\n${why}`,
      );
    });
  }
} finally {
  process.stderr.write('\n');
  chrome.kill();
  await site.close();
}

const header = ['page', 'perf', 'a11y', 'best pr.', 'SEO', ...METRICS.map(([name]) => name), 'CPU'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: readonly string[]) =>
  `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
console.log(`Lighthouse mobile, median of ${runs} run(s) per page, served compressed from ${root}`);
console.log(line(header));
console.log(
  `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`,
);
for (const row of rows) console.log(line(row));
console.log(
  "CPU: Lighthouse's benchmark index (higher is faster); simulated timings grow when the machine is busy.",
);
if (failures.length > 0) {
  console.error(`\nBelow the goal (performance ≥ 95, the rest 100):\n${failures.join('\n')}`);
  process.exit(1);
}
console.log('\nEvery home and chapter page meets the goal: performance ≥ 95, the rest 100.');
