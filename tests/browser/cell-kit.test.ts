// The cell kit (components/ui: Cell, NumberField, Choice, ClassSelect) in a real browser: a
// small harness page (tests/browser/cell-kit/) is built with Vite into a temporary folder, so
// it never ships with the site, and driven by keyboard and with bad input as a reader would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import svelteStyles from '../../src/lib/vite-svelte-styles';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser';
import { serveStatic, type StaticSite } from '../support/static-server';

const HARNESS = fileURLToPath(new URL('./cell-kit/', import.meta.url));

let browser: Browser;
let site: StaticSite;
let out: string;
let page: Page;
let errors: string[];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'cell-kit-'));
  await build({
    root: HARNESS,
    base: '/',
    configFile: false,
    logLevel: 'warn',
    plugins: [svelte(), svelteStyles()],
    build: { outDir: out, emptyOutDir: true },
  });
  site = await serveStatic(out, '/');
  browser = await launchBrowser();
});

afterAll(async () => {
  // Any of them may be missing if beforeAll failed; the failure it reported is what matters.
  await (browser as Browser | undefined)?.close();
  await (site as StaticSite | undefined)?.close();
  if ((out as string | undefined) !== undefined) rmSync(out, { recursive: true, force: true });
});

beforeEach(async () => {
  page = await browser.newPage();
  errors = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url);
  await page.locator('[data-cell]').waitFor();
});

afterEach(async () => {
  // Nothing a reader types may throw or log an error.
  expect(errors).toEqual([]);
  await page.close();
});

const shown = (name: string) => page.locator(`[data-out="${name}"]`).textContent();
const errorLine = () => page.locator('[data-cell-error]').textContent();
const logitField = () => page.getByLabel('logit o₁', { exact: true });
const logitSlider = () => page.getByRole('slider', { name: 'logit o₁ slider' });

/** Replace a field's text from the keyboard: select all, then type. */
async function typeInto(field: ReturnType<Page['locator']>, text: string): Promise<void> {
  await field.focus();
  await page.keyboard.press('ControlOrMeta+A');
  if (text === '') await page.keyboard.press('Backspace');
  else await page.keyboard.type(text);
}

describe('Cell', () => {
  it('is a figure named by its title, showing the program, the inputs and the outputs', async () => {
    const cell = page.getByRole('figure', { name: 'Cell kit' });
    await expect.poll(() => cell.count()).toBe(1);
    expect(await cell.getAttribute('class')).toContain('width-page');
    expect(await page.getByLabel('PyTorch code').textContent()).toBe('softmax(tensor([2]))');
    expect(await page.locator('[data-cell-summary]').textContent()).toBe(
      'logit 2, rate 1, unit bits, class dog',
    );
  });

  it('has an error line that screen readers hear, empty while every field is valid', async () => {
    const line = page.locator('[data-cell-error]');
    expect(await line.getAttribute('role')).toBe('status');
    expect(await line.getAttribute('aria-live')).toBe('polite');
    expect(await errorLine()).toBe('');
  });
});

describe('NumberField', () => {
  it('recomputes as the reader types, and names itself by its input', async () => {
    await typeInto(logitField(), '−3.5');
    await expect.poll(() => shown('logit')).toBe('-3.5');
    expect(await logitField().getAttribute('data-field')).toBe('logit o₁');
    expect(await logitField().getAttribute('aria-invalid')).toBe('false');
    expect(await page.getByLabel('PyTorch code').textContent()).toBe('softmax(tensor([-3.5]))');
  });

  it.each([
    [
      '1,000',
      'logit o₁: “1,000” has a comma: write numbers with a decimal point and no thousands separator, e.g. 1000 or 0.5. Still using 2.',
    ],
    [
      '0,5',
      'logit o₁: “0,5” has a comma: write numbers with a decimal point and no thousands separator, e.g. 1000 or 0.5. Still using 2.',
    ],
    ['-1e309', 'logit o₁: “-1e309” is beyond the largest float64 (±1.8e308). Still using 2.'],
    [
      '1e-400',
      'logit o₁: “1e-400” is closer to 0 than the smallest float64 (5e-324): type 0 if you mean 0. Still using 2.',
    ],
    ['2x', 'logit o₁: “2x” is not a number. Still using 2.'],
    ['', 'logit o₁ is empty: type a number. Still using 2.'],
    ['101', 'logit o₁ must be at most 100, got 101. Still using 2.'],
  ])(
    'keeps “%s” as typed, explains it and keeps computing with the last value',
    async (text, message) => {
      // fill() sets the whole text in one input event, as pasting does.
      await logitField().fill(text);
      await expect.poll(errorLine).toBe(message);
      expect(await logitField().inputValue()).toBe(text);
      expect(await logitField().getAttribute('aria-invalid')).toBe('true');
      expect(await shown('logit')).toBe('2');
      await typeInto(logitField(), '4');
      await expect.poll(errorLine).toBe('');
      expect(await shown('logit')).toBe('4');
      expect(await logitField().getAttribute('aria-invalid')).toBe('false');
    },
  );

  it('keystroke by keystroke, computes with each valid prefix and says which it keeps', async () => {
    await typeInto(logitField(), '1,000');
    await expect
      .poll(errorLine)
      .toBe(
        'logit o₁: “1,000” has a comma: write numbers with a decimal point and no thousands separator, e.g. 1000 or 0.5. Still using 1.',
      );
    expect(await shown('logit')).toBe('1');
    await page.keyboard.press('Backspace');
    await expect.poll(errorLine).toContain('“1,00” has a comma');
    for (let i = 0; i < 3; i++) await page.keyboard.press('Backspace');
    await expect.poll(errorLine).toBe('');
    expect(await logitField().inputValue()).toBe('1');
  });

  it('lists every bad field in the error line, in order', async () => {
    await typeInto(page.getByLabel('learning rate η', { exact: true }), '0');
    await typeInto(logitField(), 'x');
    await expect
      .poll(errorLine)
      .toBe(
        'logit o₁: “x” is not a number. Still using 2. learning rate η must be at least 0.01, got 0. Still using 1.',
      );
  });

  it('moves its slider from the keyboard, and the field’s text follows', async () => {
    await logitField().focus();
    await page.keyboard.press('Tab');
    await expect
      .poll(() => logitSlider().evaluate((el) => el === document.activeElement))
      .toBe(true);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => logitField().inputValue()).toBe('2.5');
    expect(await shown('logit')).toBe('2.5');
    await page.keyboard.press('Home');
    await expect.poll(() => logitField().inputValue()).toBe('-10');
    expect(await shown('logit')).toBe('-10');
  });

  it('rests its slider at the end of its travel for a typed value beyond it', async () => {
    await typeInto(logitField(), '50');
    await expect.poll(() => shown('logit')).toBe('50');
    expect(await logitSlider().inputValue()).toBe('10');
    // A bad text leaves the slider at the last valid value.
    await typeInto(logitField(), 'oops');
    await expect.poll(errorLine).not.toBe('');
    expect(await logitSlider().inputValue()).toBe('10');
  });
});

describe('Choice', () => {
  it('is a group named by its legend, with room for extra controls after the radios', async () => {
    const group = page.getByRole('group', { name: 'Unit' });
    expect(await group.getByRole('radio').count()).toBe(3);
    expect(await group.locator('[data-choice-extra]').count()).toBe(1);
    expect(await group.getByRole('radio', { name: 'bits' }).isChecked()).toBe(true);
  });

  it('changes the setting with the arrow keys, wrapping at the end', async () => {
    await page.getByRole('radio', { name: 'bits' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => shown('unit')).toBe('nats');
    expect(await page.getByRole('radio', { name: 'nats' }).isChecked()).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => shown('unit')).toBe('hartleys');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => shown('unit')).toBe('bits');
  });

  it('changes the setting by click too', async () => {
    await page.getByText('hartleys', { exact: true }).click();
    await expect.poll(() => shown('unit')).toBe('hartleys');
  });
});

describe('ClassSelect', () => {
  it('shows the class labels and hands back the chosen class index', async () => {
    const select = page.getByLabel('true class');
    expect(await select.locator('option').allTextContents()).toEqual(['cat', 'dog', 'bird']);
    expect(await select.getAttribute('data-field')).toBe('true-class');
    await select.selectOption({ label: 'bird' });
    await expect.poll(() => shown('class')).toBe('2');
  });

  it('moves between classes with the arrow keys', async () => {
    await page.getByLabel('true class').focus();
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => shown('class')).toBe('0');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => shown('class')).toBe('2');
    expect(await page.locator('[data-cell-summary]').textContent()).toContain('class bird');
  });
});
