// The loss and gradient plot on its built page, driven as a reader would: the first state in the
// HTML (JavaScript off), the slider by keyboard, the plot by pointer, a bad field, the table view,
// and a 390 px phone that never scrolls sideways.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { browserSession, openChapter } from '../support/browser-session';
import { SITE_DIR } from '../support/static-server';

const PATH = 'cross-entropy-vs-mse/';
const session = browserSession();
let page: Page;
let errors: string[];
let cell: Locator;

/** Open the chapter at `width` and wait for the plot's island (only) to hydrate. */
async function open(width = 1000): Promise<void> {
  ({ page, errors } = await openChapter(session, PATH, { width, hydrate: false }));
  cell = page.locator('#cell-loss-gradient-plot');
  await cell.scrollIntoViewIfNeeded();
  await cell.dispatchEvent('focusin'); // a client:interaction cell loads when the reader reaches for it
  await page.waitForFunction(() => {
    const island = document.getElementById('cell-loss-gradient-plot')?.closest('astro-island');
    return island !== null && island !== undefined && !island.hasAttribute('ssr');
  });
}

const text = async (selector: string) =>
  ((await cell.locator(selector).textContent()) ?? '').trim();
const field = (name: string) => cell.getByLabel(name, { exact: false }).first();
const slider = () => cell.getByRole('slider', { name: 'logit o₁ slider' });

beforeEach(() => {
  errors = [];
});

afterEach(async () => {
  // Nothing a reader does may throw or log an error.
  expect(errors).toEqual([]);
  await (page as Page | undefined)?.context().close();
});

describe('the loss and gradient plot', () => {
  it('is in the HTML with its first state, the numbers the prose quotes, before any script runs', () => {
    const html = readFileSync(join(SITE_DIR, PATH, 'index.html'), 'utf8');
    const figure = html.slice(html.indexOf('id="cell-loss-gradient-plot"'));
    expect(figure).toContain('tensor(6.1291, dtype=torch.float64)');
    expect(figure).toContain('tensor([[-0.0026,  0.0554, -0.0528]], dtype=torch.float64)');
    expect(figure).toMatch(/data-plot-ratio[^>]*>385</);
    expect(figure).toMatch(/data-plot-gradient="mse"[^>]*>0\.0026</);
    // The prose quotes the same gradient on o₁.
    expect(html).toMatch(/class="core-number"[^>]*>−0\.0026</);
    expect(figure).toContain('<path');
  });

  it('moves the point by keyboard: arrows step o₁ by 0.1, Home and End reach the ends', async () => {
    await open();
    await slider().focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => field('logit o₁').inputValue()).toBe('-3.9');
    const ratioNear = await text('[data-plot-ratio]');
    await page.keyboard.press('End');
    await expect.poll(() => field('logit o₁').inputValue()).toBe('8');
    expect(await text('[data-plot-ratio]')).not.toBe(ratioNear);
    await page.keyboard.press('Home');
    await expect.poll(() => field('logit o₁').inputValue()).toBe('-8');
    expect(await text('[data-plot-gradient="mse"]')).toBe('0.0000');
    expect(await text('[data-plot-gradient="ce"]')).toBe('1.0000');
    expect(await cell.locator('[data-cell-summary]').textContent()).toContain('At o₁ = −8.0');
  });

  it('moves the point where the plot is clicked or dragged', async () => {
    await open();
    const box = (await cell.locator('[data-plot]').boundingBox())!;
    // The x axis runs from −8 at 40/340 of the width to 8 at 328/340.
    const at = (logit: number) => box.x + ((40 + ((logit + 8) / 16) * 288) / 340) * box.width;
    await page.mouse.click(at(0), box.y + box.height / 2);
    await expect.poll(() => field('logit o₁').inputValue()).toBe('0');
    await page.mouse.move(at(0), box.y + 40);
    await page.mouse.down();
    await page.mouse.move(at(2), box.y + 40, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => field('logit o₁').inputValue()).toBe('2');
    expect(
      await page
        .locator('pre[data-cell-program]', { has: page.locator('text=ce.backward()') })
        .first()
        .textContent(),
    ).toContain('[[2.0, 2.0, 0.0]]');
  });

  it('ignores a drag that starts outside the plot, such as a text selection', async () => {
    await open();
    const box = (await cell.locator('[data-plot]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y - 30);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + 40, { steps: 5 });
    await page.mouse.up();
    expect(await field('logit o₁').inputValue()).toBe('-4');
  });

  it('lets a vertical swipe over the plot scroll the page', async () => {
    await open(390);
    expect(
      await cell.locator('[data-plot]').evaluate((svg) => getComputedStyle(svg).touchAction),
    ).toBe('pan-y');
  });

  it('keeps a bad field’s text, names it, and computes on with the last valid value', async () => {
    await open();
    const o2 = field('logit o₂');
    await o2.focus();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2,5');
    await expect.poll(() => text('[data-cell-error]')).toContain('logit o₂');
    expect(await o2.inputValue()).toBe('2,5');
    expect(await text('[data-plot-ratio]')).toBe('385');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('0');
    await expect.poll(() => text('[data-cell-error]')).toBe('');
    expect(await text('[data-plot-ratio]')).not.toBe('385');
  });

  it('shows the curves as a table of o₁ = −8 … 8 behind a disclosure', async () => {
    await open();
    await cell.getByText('The curves as a table').click();
    const rows = cell
      .getByRole('region', { name: /Both losses and gradients/ })
      .locator('tbody tr');
    expect(await rows.count()).toBe(17);
    expect(await rows.first().locator('th').textContent()).toBe('−8');
  });

  it('fits a 390 px phone without scrolling the page sideways', async () => {
    await open(390);
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      window: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    const plot = (await cell.locator('[data-plot]').boundingBox())!;
    expect(plot.width).toBeGreaterThan(280);
  });
});
