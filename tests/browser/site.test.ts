// The built site in a real browser (system Chromium via playwright-core): hydration, input,
// keyboard, JavaScript off, themes, console errors and an axe scan of every page in both themes.
import { AxeBuilder } from '@axe-core/playwright';
import type { BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { browserSession, builtPages } from '../support/browser-session';
import { describe, expect, it } from 'vitest';
import { distributionCrossEntropy, entropy, softmax, tensor } from '../../src/loss/index';
import { hydrated } from '../support/islands';
import { serveStatic } from '../support/static-server';

// The softmax explorer's one page.
const CHAPTER = '/softmax-and-logits/';
const PAGES = builtPages();

const session = browserSession();

/** Open a page and collect every console error and uncaught exception it produces. */
async function open(
  context: BrowserContext,
  path: string,
): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(new URL(path.slice(1), session.site.url).href);
  return { page, errors };
}

/** The probabilities the widget currently shows, as text. */
async function shownProbabilities(page: Page): Promise<string[]> {
  return page.locator('[data-probability]').allTextContents();
}

/** What the explorer shows: it computes in float32, PyTorch's default dtype. */
const expectedFor = (logits: number[]): string[] =>
  Array.from(softmax(tensor(logits, 'float32')).data).map((p) => p.toFixed(4));

describe('the softmax explorer', () => {
  it('shows the core’s numbers with JavaScript off', async () => {
    const context = await session.browser.newContext({ javaScriptEnabled: false });
    const { page } = await open(context, CHAPTER);
    expect(await shownProbabilities(page)).toEqual(expectedFor([2, 1, 0.1]));
    await context.close();
  });

  it('recomputes when a logit is typed, and explains bad input without losing it', async () => {
    const context = await session.browser.newContext();
    const { page, errors } = await open(context, CHAPTER);
    await hydrated(page);
    const first = page.locator('[data-field="logit o₁"]');
    await first.fill('4');
    await expect.poll(() => shownProbabilities(page)).toEqual(expectedFor([4, 1, 0.1]));
    await expect
      .poll(() => page.locator('[data-cell-program]').first().textContent())
      .toContain('torch.tensor([4.0, 1.0, 0.1])');
    await first.fill('4e');
    // The softmax explorer is the page's first cell; the stability lab follows it.
    await expect
      .poll(() => page.locator('[data-cell]').first().locator('[data-cell-error]').textContent())
      .toContain('“4e” is not a number');
    expect(await first.inputValue()).toBe('4e');
    expect(await first.getAttribute('aria-invalid')).toBe('true');
    expect(await shownProbabilities(page)).toEqual(expectedFor([4, 1, 0.1]));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works from the keyboard: arrow keys move a slider and the outputs follow', async () => {
    const context = await session.browser.newContext();
    const { page } = await open(context, CHAPTER);
    await hydrated(page);
    await page.locator('[data-field="logit o₂"]').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('[data-field="logit o₂"]').inputValue()).toBe('1.1');
    await expect.poll(() => shownProbabilities(page)).toEqual(expectedFor([2, 1.1, 0.1]));
    await context.close();
  });

  it('hydrates and recomputes under a sub-path base too', async () => {
    const sub = await serveStatic('dist-base', '/notebook/');
    const context = await session.browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(new URL(CHAPTER.slice(1), sub.url).href);
    await hydrated(page);
    await page.locator('[data-field="logit o₁"]').fill('0');
    await expect.poll(() => shownProbabilities(page)).toEqual(expectedFor([0, 1, 0.1]));
    expect(errors).toEqual([]);
    await context.close();
    await sub.close();
  });
});

describe('chapter 2 widget', () => {
  it('shows the core’s information numbers, ∞ when q misses an outcome of p, and nats on request', async () => {
    const context = await session.browser.newContext();
    const { page, errors } = await open(context, '/entropy-and-kl/');
    // The chapter's starting pair, whose two KL divergences differ.
    const p = tensor([0.5, 0.25, 0.125, 0.125]);
    const q = tensor([0.125, 0.5, 0.25, 0.125]);
    const bits = (t: { data: ArrayLike<number> }) => `${(t.data[0] as number).toFixed(4)} bits`;
    expect(await page.locator('[data-entropy]').textContent()).toBe(bits(entropy(p, { base: 2 })));
    expect(await page.locator('[data-cross-entropy]').textContent()).toBe(
      bits(distributionCrossEntropy(p, q, { base: 2 })),
    );
    await hydrated(page);
    await page.locator('[data-field="q₁"]').fill('0');
    await expect.poll(() => page.locator('[data-cross-entropy]').textContent()).toBe('∞');
    expect(await page.locator('[data-kl-pq]').textContent()).toBe('∞');
    await page.locator('[data-field="q₁"]').fill('0.125');
    await page.locator('[data-choice="nats"]').check();
    await expect
      .poll(() => page.locator('[data-entropy]').textContent())
      .toBe(`${(entropy(p).data[0] as number).toFixed(4)} nats`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets the reader drag a bar to set that outcome’s probability', async () => {
    const context = await session.browser.newContext();
    const { page, errors } = await open(context, '/entropy-and-kl/');
    await hydrated(page);
    const bar = page.locator('[data-bar="q₁"]');
    await bar.scrollIntoViewIfNeeded();
    const box = await bar.boundingBox();
    if (box === null) throw new Error('the q₁ bar has no box');
    const y = box.y + box.height / 2;
    // Press at 40% of the track, then drag past its left end: q₁ follows, then reaches 0.
    await page.mouse.move(box.x + box.width * 0.4, y);
    await page.mouse.down();
    await expect
      .poll(() => page.locator('[data-q]').first().textContent())
      .toMatch(/^0\.(39|40|41)/);
    await page.mouse.move(box.x - 30, y, { steps: 4 });
    await page.mouse.up();
    await expect.poll(() => page.locator('[data-field="q₁"]').inputValue()).toBe('0');
    expect(await page.locator('[data-kl-pq]').textContent()).toBe('∞');
    // The other outcomes share q₁'s former 0.125 in proportion, so q still sums to 1.
    const rest = await Promise.all(
      ['q₂', 'q₃', 'q₄'].map((f) => page.locator(`[data-field="${f}"]`).inputValue()),
    );
    expect(rest.map(Number)).toEqual([0.5, 0.25, 0.125].map((v) => Number((v / 0.875).toFixed(4))));
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('chapter 3 widgets', () => {
  const CHAPTER3 = '/softmax-and-logits/';

  it('sharpen the softmax when the temperature drops', async () => {
    const context = await session.browser.newContext();
    const { page, errors } = await open(context, CHAPTER3);
    await hydrated(page);
    await page.locator('[data-field="temperature T"]').fill('0.5');
    await expect.poll(() => shownProbabilities(page)).toEqual(expectedFor([4, 2, 0.2]));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('show three routes to log-softmax, marking wrong values, as PyTorch prints them, by keyboard', async () => {
    const context = await session.browser.newContext();
    const { page } = await open(context, CHAPTER3);
    await hydrated(page);
    const lab = page.locator('[data-cell]', { has: page.locator('[data-scale-input]') });
    expect(await lab.locator('td[data-marked="true"]').count()).toBe(0);
    await page.locator('[data-scale-input]').focus();
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight'); // k: 0 → 2
    await expect
      .poll(() => page.locator('[data-lab-logits]').textContent())
      .toBe('[100, 200, 300]');
    const twoCalls = lab.locator('[data-block="float32"] [data-route="log-of-softmax"] td');
    expect((await twoCalls.locator('code').allTextContents()).join(' ')).toBe(
      '-inf -99.9831 0.0000',
    );
    expect(
      await twoCalls.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-marked'))),
    ).toEqual(['true', 'true', 'false']);
    const fused = lab.locator('[data-block="float32"] [data-route="log-softmax"] td');
    expect(await fused.locator('code').allTextContents()).toEqual(['-200.', '-100.', '0.']);
    expect(await lab.locator('[data-cell-printed]').textContent()).toContain(
      'tensor([    -inf, -99.9831,   0.0000])',
    );
    await context.close();
  });
});

describe('chapter 4 widget', () => {
  it('checks the gradient against finite differences and lowers the loss step by step', async () => {
    const context = await session.browser.newContext();
    const { page, errors } = await open(context, '/gradient-of-cross-entropy/');
    await hydrated(page);
    const check = Number(await page.locator('[data-gradient-check]').textContent());
    expect(check).toBeLessThan(1e-6);
    const loss = async () => Number(await page.locator('[data-gradient-loss]').textContent());
    const before = await loss();
    await page.locator('[data-step]').click();
    await expect.poll(loss).toBeLessThan(before);
    const after = await loss();
    await page.locator('[data-step]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(loss).toBeLessThan(after);
    await expect.poll(() => page.locator('[data-loss-curve]').count()).toBe(1);
    // Confidently wrong: ŷ for the true class (cat) near 0, so its gradient ŷ − y is near −1.
    await page.locator('[data-preset="confidently-wrong"]').click();
    await expect.poll(() => page.locator('[data-field="logit o₁"]').inputValue()).toBe('-2');
    expect(await page.locator('[data-probability]').first().textContent()).toBe('0.0024');
    expect(await page.locator('[data-gradient-value]').first().textContent()).toBe('−0.9976');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('chapter 5 widget', () => {
  it('keeps expected minus observed equal to the measured slope as the reader edits', async () => {
    const context = await session.browser.newContext();
    const { page, errors } = await open(context, '/exponential-family/');
    const cells = async (family: string, column: string) =>
      (
        await page.locator(`[data-family="${family}"] [data-${column}] .entry`).allTextContents()
      ).join(', ');
    // Static HTML first: σ(0.8) − 0 and 1.5 − 0.4, before any script runs.
    expect(await cells('bernoulli', 'difference')).toBe((1 / (1 + Math.exp(-0.8))).toFixed(4));
    expect(await cells('gaussian', 'slope')).toBe('1.1000');
    await hydrated(page);
    await page.locator('[data-field="target t"]').fill('0.25');
    await page.locator('[data-field="mean μ"]').fill('-1');
    await page.locator('[data-field="observed-class"]').selectOption({ label: 'bird' });
    const sigma = 1 / (1 + Math.exp(-0.8));
    await expect.poll(() => cells('bernoulli', 'slope')).toBe((sigma - 0.25).toFixed(4));
    await expect.poll(() => cells('gaussian', 'difference')).toBe('−1.4000');
    await expect.poll(() => cells('categorical', 'observed')).toBe('0.0000, 0.0000, 1.0000');
    expect(await cells('categorical', 'difference')).toBe(await cells('categorical', 'slope'));
    expect(Number(await page.locator('[data-gap-value]').textContent())).toBeLessThan(1e-8);
    await page.locator('[data-field="target t"]').fill('2');
    await expect
      .poll(() => page.locator('[data-cell-error]').textContent())
      .toBe('target t must be at most 1, got 2. Still using 0.25.');
    expect(await page.locator('[data-field="target t"]').inputValue()).toBe('2');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('themes', () => {
  it('follow the system until the reader chooses, then remember the choice', async () => {
    const context = await session.browser.newContext({ colorScheme: 'dark' });
    const { page } = await open(context, '/');
    const theme = () => page.evaluate(() => document.documentElement.dataset['theme']);
    expect(await theme()).toBe('dark');
    const toggle = page.locator('[data-theme-toggle]');
    expect(await toggle.getAttribute('aria-pressed')).toBe('true');
    await toggle.click();
    expect(await theme()).toBe('light');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.goto(new URL(CHAPTER.slice(1), session.site.url).href);
    expect(await theme()).toBe('light');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
      background,
    );
    await context.close();
  });
});

describe('every page', () => {
  it.each(PAGES)('%s loads without console errors', async (path) => {
    const context = await session.browser.newContext();
    const { page, errors } = await open(context, path);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    // Every script has run once the page has loaded and its cells have hydrated (waiting for
    // network idleness instead timed out on a loaded CI machine).
    await page.waitForLoadState('load');
    if ((await page.locator('astro-island').count()) > 0) await hydrated(page);
    expect(errors).toEqual([]);
    await context.close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it.each(PAGES)(`%s passes an axe scan in the ${theme} theme`, async (path) => {
      const context = await session.browser.newContext({ colorScheme: theme });
      const { page } = await open(context, path);
      if ((await page.locator('astro-island').count()) > 0) await hydrated(page);
      expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);
      const results = await new AxeBuilder({ page }).analyze();
      const violations = results.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
      );
      expect(violations).toEqual([]);
      await context.close();
    });
  }
});
