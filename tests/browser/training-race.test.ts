// The training race on its chapter page, as a reader meets it: the first state without
// JavaScript, then keyboard-driven stepping, playing and pausing (also when the cell scrolls
// away or the page is hidden), bad input, reduced motion and a 390 px phone.
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession } from '../support/browser-session';

const CHAPTER = 'cross-entropy-vs-mse/';
/** What PyTorch 1.13 prints for the chapter's start (seed 1, small weights, η = 1). */
const PRINTED =
  'cross-entropy tensor([1.1665, 0.4997, 0.3743, 0.3147, 0.2784], dtype=torch.float64)\n' +
  'mse tensor([0.2375, 0.1925, 0.1553, 0.1288, 0.1106], dtype=torch.float64)';

const session = browserSession();

/**
 * Bring the race into view and reach into it as a reader would (focus its program), which
 * hydrates it whether it loads when visible or on first interaction; then wait for hydration.
 */
async function hydrateRace(page: Page): Promise<void> {
  const cell = page.locator('#cell-training-race');
  await cell.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await cell.locator('[data-cell-program]').focus();
  await page.waitForFunction(
    () => document.querySelector('#cell-training-race')?.closest('astro-island[ssr]') === null,
  );
}

/** Open the chapter; every console error and uncaught exception is collected. */
async function open(
  context: BrowserContext,
  hydrate = true,
): Promise<{ page: Page; cell: Locator; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(new URL(CHAPTER, session.site.url).href);
  if (hydrate) await hydrateRace(page);
  return { page, cell: page.getByRole('figure', { name: 'Training race' }), errors };
}

const stepShown = async (cell: Locator) =>
  Number(await cell.locator('[data-race-step]').textContent());

/** Whether this very element has the page's focus. */
const focused = (control: Locator) => control.evaluate((el) => el === document.activeElement);

describe('the training race', () => {
  it('shows its first state, with what PyTorch prints, without JavaScript', async () => {
    const context = await session.browser.newContext({ javaScriptEnabled: false });
    const { cell } = await open(context, false);
    expect(await cell.locator('[data-cell-printed]').textContent()).toBe(PRINTED);
    expect(await stepShown(cell)).toBe(0);
    expect(await cell.locator('[data-race-loss]').allTextContents()).toEqual(['1.1665', '0.2375']);
    // Each map is three region paths (one per class) plus the points: a light DOM.
    expect(await cell.locator('svg.map').count()).toBe(2);
    expect(await cell.locator('svg.map path.region').count()).toBe(6);
    await context.close();
  });

  it('steps, resets and changes its start from the keyboard', async () => {
    const context = await session.browser.newContext();
    const { page, cell, errors } = await open(context);
    await cell.getByRole('button', { name: 'Step', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => stepShown(cell)).toBe(1);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await expect.poll(() => stepShown(cell)).toBe(101);
    expect(await cell.locator('[data-cell-summary]').textContent()).toMatch(
      /^Step 101 of 1000\. Cross-entropy: loss \d\.\d{4}, accuracy \d+%\. Squared error: loss \d\.\d{4}, accuracy \d+%\.$/,
    );
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => stepShown(cell)).toBe(0);
    await cell.getByLabel('small random weights').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => cell.getByLabel('confidently wrong').isChecked()).toBe(true);
    await expect
      .poll(() => cell.locator('[data-race-accuracy]').allTextContents())
      .toEqual(['0%', '0%']);
    // The table view of the loss curves opens from the keyboard.
    await cell.getByText('Loss curves as a table').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => cell.locator('[data-race-table] tbody tr').count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('explains a bad seed without losing the text, and a good one starts a new race', async () => {
    const context = await session.browser.newContext();
    const { cell, errors } = await open(context);
    await cell.getByRole('button', { name: 'Step', exact: true }).click();
    const seed = cell.getByLabel('seed', { exact: true });
    await seed.fill('1.5');
    await expect
      .poll(() => cell.locator('[data-cell-error]').textContent())
      .toBe('seed must be a whole number, got 1.5. Still using 1.');
    expect(await seed.inputValue()).toBe('1.5');
    expect(await stepShown(cell)).toBe(1);
    await seed.fill('8');
    await expect.poll(() => cell.locator('[data-cell-error]').textContent()).toBe('');
    expect(await stepShown(cell)).toBe(0);
    expect(await cell.locator('[data-cell-program]').textContent()).toContain('lr = 1.0');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('plays until paused, and pauses when it leaves the screen or the page is hidden', async () => {
    const context = await session.browser.newContext();
    const { page, cell, errors } = await open(context);
    await cell.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => stepShown(cell)).toBeGreaterThan(10);
    await cell.getByRole('button', { name: 'Pause' }).click();
    const paused = await stepShown(cell);
    await page.waitForTimeout(300);
    expect(await stepShown(cell)).toBe(paused);

    await cell.getByRole('button', { name: 'Play' }).click();
    await expect.poll(() => stepShown(cell)).toBeGreaterThan(paused);
    await page.evaluate(() => window.scrollTo(0, 0));
    await expect.poll(() => cell.getByRole('button', { name: 'Play' }).count()).toBe(1);
    const scrolledAway = await stepShown(cell);
    await page.waitForTimeout(300);
    expect(await stepShown(cell)).toBe(scrolledAway);

    await cell.getByRole('button', { name: 'Play' }).click();
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { value: true, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await expect.poll(() => cell.getByRole('button', { name: 'Play' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps the focus on Play/Pause and the step buttons by keyboard, to the end of the race', async () => {
    const context = await session.browser.newContext();
    const { page, cell, errors } = await open(context);
    const play = cell.locator('[data-play]');
    await play.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => play.textContent()).toBe('Pause');
    await expect.poll(() => stepShown(cell)).toBeGreaterThan(0);
    expect(await focused(play)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => play.textContent()).toBe('Play');
    expect(await focused(play)).toBe(true);
    const paused = await stepShown(cell);
    await page.waitForTimeout(200);
    expect(await stepShown(cell)).toBe(paused);

    // Close to the end by keyboard, then Play runs to the last step: the button keeps the focus.
    const hundred = cell.getByRole('button', { name: '100 steps' });
    await hundred.focus();
    for (let n = 0; n < 9; n++) await page.keyboard.press('Enter');
    await expect.poll(() => stepShown(cell)).toBe(paused + 900);
    await play.focus();
    await page.keyboard.press('Enter');
    // The last steps animate frame by frame: on a loaded two-core machine that can take seconds.
    await expect.poll(() => stepShown(cell), { timeout: 15_000 }).toBe(1000);
    await expect.poll(() => play.textContent()).toBe('Play');
    expect(await play.getAttribute('aria-disabled')).toBe('true');
    expect(await focused(play)).toBe(true);
    expect(await cell.locator('[data-race-status]').textContent()).toContain('the end');
    // At the end Play, Step and 100 steps do nothing and keep the focus; Reset starts again.
    await page.keyboard.press('Enter');
    expect(await focused(play)).toBe(true);
    for (const name of ['Step', '100 steps']) {
      const button = cell.getByRole('button', { name, exact: true });
      expect(await button.getAttribute('aria-disabled')).toBe('true');
      await button.focus();
      await page.keyboard.press('Enter');
      expect(await focused(button)).toBe(true);
    }
    expect(await stepShown(cell)).toBe(1000);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => stepShown(cell)).toBe(0);
    expect(await play.getAttribute('aria-disabled')).toBe('false');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('does not animate under prefers-reduced-motion: Play gives way to Step, with the reason', async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.goto(new URL(CHAPTER, session.site.url).href);
    await hydrateRace(page);
    const cell = page.getByRole('figure', { name: 'Training race' });
    await expect.poll(() => cell.locator('[data-reduced-motion]').count()).toBe(1);
    expect(await cell.locator('[data-reduced-motion]').textContent()).toContain('reduced motion');
    expect(await cell.getByRole('button', { name: 'Play' }).count()).toBe(0);
    await cell.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => stepShown(cell)).toBe(1);
    await page.waitForTimeout(300);
    expect(await stepShown(cell)).toBe(1);
    await context.close();
  });

  it('fits a 390 px phone without sideways scrolling, maps side by side', async () => {
    const context = await session.browser.newContext({ viewport: { width: 390, height: 844 } });
    const { page, cell, errors } = await open(context);
    await cell.getByRole('button', { name: '100 steps' }).click();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const [left, right] = await cell
      .locator('svg.map')
      .evaluateAll((maps) => maps.map((m) => m.getBoundingClientRect()));
    expect(left?.top).toBe(right?.top);
    expect((right?.right ?? 999) <= 390).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
