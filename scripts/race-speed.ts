// How fast the training race steps in a real browser on a slow phone: serves the build (SITE_DIR,
// else dist/), opens the chapter in the system Chromium with the CPU throttled 4× (Lighthouse's
// mobile setting), presses "100 steps" a few times per run and reads the "recompute:training-race"
// measures the state records around each batch (forward, backward and update of both models;
// drawing excluded). Each run waits until every batch's measure has arrived (the observer reports
// a task later) and fails if one never does, so a missing measure cannot inflate the rate. Prints
// steps per second per run and their median, then, as a second figure, the steps Play achieves
// per second with drawing included. A report, never a test: a loaded machine would make any
// threshold flaky. Run `npm run race-speed` after a build.
import type { Page } from 'playwright-core';
import { launchBrowser } from '../tests/support/browser.ts';
import { serveStatic, SITE_DIR } from '../tests/support/static-server.ts';

const CHAPTER = 'cross-entropy-vs-mse/';
/** CPU slowdown, a finite number ≥ 1; RACE_THROTTLE=1 gives the unthrottled figure. */
const THROTTLE_TEXT = process.env['RACE_THROTTLE'] ?? '4';
const THROTTLE = THROTTLE_TEXT.trim() === '' ? Number.NaN : Number(THROTTLE_TEXT);
if (!Number.isFinite(THROTTLE) || THROTTLE < 1) {
  console.error(
    `RACE_THROTTLE must be a finite number ≥ 1 (the CPU slowdown), got “${THROTTLE_TEXT}”.`,
  );
  process.exit(2);
}
const RUNS = 7;
/** Presses of "100 steps" per run. */
const BATCHES = 3;
const STEPS_PER_BATCH = 100;
const PLAY_SECONDS = 3;
const REQUIRED = 30;
/** How long a run waits for its last measure before it fails. */
const MEASURE_TIMEOUT_MS = 10_000;

/** Keep every race measure, even after the state clears its own entries. */
function observeRaceSteps(): void {
  const seen: number[] = [];
  (globalThis as unknown as { raceSteps: number[] }).raceSteps = seen;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.name === 'recompute:training-race') seen.push(entry.duration);
    }
  }).observe({ type: 'measure', buffered: true });
}

const measured = (page: Page) =>
  page.evaluate(() => [...(globalThis as unknown as { raceSteps: number[] }).raceSteps]);

/** The measures after the first `before`, once exactly `count` have arrived; else throws. */
async function measuresAfter(page: Page, before: number, count: number): Promise<number[]> {
  const deadline = Date.now() + MEASURE_TIMEOUT_MS;
  for (;;) {
    const fresh = (await measured(page)).slice(before);
    if (fresh.length > count) {
      throw new Error(`expected ${count} race measures, got ${fresh.length}`);
    }
    if (fresh.length === count) return fresh;
    if (Date.now() > deadline) {
      throw new Error(
        `only ${fresh.length} of ${count} race measures arrived within ${MEASURE_TIMEOUT_MS} ms`,
      );
    }
    await page.waitForTimeout(50);
  }
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

const site = await serveStatic(SITE_DIR);
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await page.addInitScript(observeRaceSteps);
  await page.goto(new URL(CHAPTER, site.url).href);
  const cell = page.getByRole('figure', { name: 'Training race' });
  // Touching the cell (focus moving into it) hydrates it, as it loads on first interaction.
  await cell.evaluate((el) => {
    el.scrollIntoView({ block: 'center' });
    el.dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
  });
  await page.waitForFunction(
    () => document.querySelector('#cell-training-race')?.closest('astro-island[ssr]') === null,
  );
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });

  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    // Alternate the two starts: the confidently wrong one is the chapter's point.
    await cell.getByLabel(run % 2 === 0 ? 'small random weights' : 'confidently wrong').check();
    await cell.getByRole('button', { name: 'Reset' }).click();
    const before = (await measured(page)).length;
    for (let b = 0; b < BATCHES; b++) {
      await cell.getByRole('button', { name: '100 steps' }).click();
    }
    const durations = await measuresAfter(page, before, BATCHES);
    const ms = durations.reduce((s, d) => s + d, 0);
    const rate = (BATCHES * STEPS_PER_BATCH) / (ms / 1000);
    rates.push(rate);
    console.log(
      `run ${run + 1}: ${BATCHES * STEPS_PER_BATCH} steps in ${ms.toFixed(1)} ms (${durations.length} measures) = ${rate.toFixed(0)} steps/s`,
    );
  }
  const typical = median(rates);
  console.log(
    `median: ${typical.toFixed(0)} steps/s with ${THROTTLE}× CPU throttling (forward, backward and update of both models; drawing excluded); required ≥ ${REQUIRED}`,
  );

  // Play with drawing included: the steps the animation takes in a few seconds.
  await cell.getByRole('button', { name: 'Reset' }).click();
  const stepsShown = async () => Number(await cell.locator('[data-race-step]').textContent());
  await cell.getByRole('button', { name: 'Play' }).click();
  await page.waitForTimeout(PLAY_SECONDS * 1000);
  const played = await stepsShown();
  await cell.getByRole('button', { name: 'Pause' }).click();
  console.log(
    `Play, drawing included: ${played} steps in ${PLAY_SECONDS} s = ${(played / PLAY_SECONDS).toFixed(0)} steps/s (at most 2 per animation frame)`,
  );
  if (!(typical >= REQUIRED)) process.exitCode = 1;
} catch (error) {
  console.error(`race-speed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await browser.close();
  await site.close();
}
