// How long each widget's recompute takes in a real browser: serves dist/, opens every page with
// cells in the system Chromium, edits every number field and slider the way a reader would, and
// prints the "recompute:<widget>" performance measures per widget. A report, never a test: a
// loaded CI machine would make any threshold flaky. Run `npm run recompute-times`.
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/support/browser.ts';
import { readPages } from '../tests/support/built-site.ts';
import { hydrated } from '../tests/support/islands.ts';
import { serveStatic } from '../tests/support/static-server.ts';

/** Edits per field: enough samples for a median without making the run slow. */
const EDITS_PER_FIELD = 8;

/** Every recompute measure the page records, kept even if the page clears its entries. */
function observeRecomputes(): void {
  const seen: { name: string; duration: number }[] = [];
  (globalThis as unknown as { recomputes: typeof seen }).recomputes = seen;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name.startsWith('recompute:'))
        seen.push({ name: entry.name, duration: entry.duration });
    }
  }).observe({ type: 'measure', buffered: true });
}

/** Type new numbers into every number field and move every slider, as a reader would. */
async function exercise(page: Page): Promise<void> {
  const fields = page.locator('[data-cell] input:not([type="range"]):not([type="radio"])');
  for (let i = 0; i < (await fields.count()); i++) {
    const field = fields.nth(i);
    const start = Number(await field.inputValue());
    if (!Number.isFinite(start) || !(await field.isEditable())) continue;
    for (let k = 1; k <= EDITS_PER_FIELD; k++) await field.fill(String(start + k / 100));
    await field.fill(String(start));
  }
  const sliders = page.locator('[data-cell] input[type="range"]');
  for (let i = 0; i < (await sliders.count()); i++) {
    await sliders.nth(i).focus();
    for (let k = 0; k < EDITS_PER_FIELD; k++) await page.keyboard.press('ArrowRight');
    for (let k = 0; k < EDITS_PER_FIELD; k++) await page.keyboard.press('ArrowLeft');
  }
  const buttons = page.locator('[data-cell] button');
  for (let i = 0; i < (await buttons.count()); i++) {
    for (let k = 0; k < EDITS_PER_FIELD && (await buttons.nth(i).isEnabled()); k++)
      await buttons.nth(i).click();
  }
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

const site = await serveStatic('dist');
const browser = await launchBrowser();
const times = new Map<string, number[]>();
try {
  const pages = readPages('dist', '/').filter((p) => p.html.includes('<astro-island'));
  for (const built of pages) {
    const page = await browser.newPage();
    await page.addInitScript(observeRecomputes);
    await page.goto(new URL(built.url.slice(1), site.url).href);
    await hydrated(page);
    await exercise(page);
    const measured = await page.evaluate(
      () =>
        (globalThis as unknown as { recomputes: { name: string; duration: number }[] }).recomputes,
    );
    for (const { name, duration } of measured) {
      const key = `${name.slice('recompute:'.length)} ${built.url}`;
      times.set(key, [...(times.get(key) ?? []), duration]);
    }
    await page.close();
  }
} finally {
  await browser.close();
  await site.close();
}

console.log(
  'widget, page'.padEnd(56),
  'runs'.padStart(5),
  'median ms'.padStart(10),
  'p95 ms'.padStart(8),
  'max ms'.padStart(8),
);
for (const [key, durations] of [...times].sort(([a], [b]) => a.localeCompare(b))) {
  const sorted = [...durations].sort((a, b) => a - b);
  console.log(
    key.padEnd(56),
    String(sorted.length).padStart(5),
    quantile(sorted, 0.5).toFixed(2).padStart(10),
    quantile(sorted, 0.95).toFixed(2).padStart(8),
    (sorted.at(-1) ?? Number.NaN).toFixed(2).padStart(8),
  );
}
console.log(
  'Times come in 0.1 ms steps: the site is not cross-origin isolated, so Chromium coarsens performance.now().',
);
if (times.size === 0) {
  console.log('No recompute measures were recorded: does timed() still measure each recompute?');
  process.exitCode = 1;
}
