// The batch playground on its built page, driven as a reader would: the static first state
// (JavaScript off) equal to the prose, keyboard only (fields, add/remove buttons, radios),
// bad input kept and explained, PyTorch's error lines, a link to a state, and a 390 px phone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, openChapter, type OpenOptions } from '../support/browser-session';

const CHAPTER = '/pytorch-cross-entropy-loss/';
const session = browserSession();

/** The chapter, hydrated unless JavaScript is off (see openChapter). */
const open = (options: OpenOptions = {}) => openChapter(session, CHAPTER, options);

const cell = (page: Page) => page.locator('[data-cell]').filter({ hasText: 'Batch playground' });
const printed = async (page: Page) =>
  (await cell(page).locator('[data-cell-printed]').textContent()) ?? '';
const field = (page: Page, label: string) => cell(page).getByLabel(label, { exact: true });

/** Replace a field's text from the keyboard: focus, select all, type. */
async function typeInto(page: Page, label: string, text: string): Promise<void> {
  await field(page, label).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

describe('batch playground', () => {
  it('shows its first state without JavaScript: the weighted mean the prose quotes, written out', async () => {
    const { page } = await open({ javaScript: false });
    const text = await printed(page);
    const loss = /^tensor\((\d\.\d{4})\)/.exec(text)?.[1];
    expect(loss).toBeDefined();
    // The prose quotes the weighted mean of the same batch (the ninth number on the page).
    const quoted = await page.locator('.core-number').allTextContents();
    expect(quoted).toContain(loss);
    const written = (await cell(page).locator('[data-written-reduction]').textContent()) ?? '';
    expect(written).toContain('(w₂ + w₀ + w₁ + w₂)');
    expect(written).toContain(`= ${loss}`);
    await page.context().close();
  });

  it('is operated by keyboard: labelled logit and target fields, buttons and radios', async () => {
    const { page, errors } = await open();
    await typeInto(page, 'target of sample 1', '-100');
    await expect.poll(() => cell(page).locator('[data-ignored]').count()).toBe(1);
    await expect
      .poll(async () => cell(page).locator('[data-written-reduction]').textContent())
      .toContain('(ℓ₀ + ℓ₂ + ℓ₃) / (w₂ + w₁ + w₂)');
    // Add a sample with Enter on the focused button; its fields are labelled by sample and class.
    await cell(page).locator('[data-resize="sample1"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => field(page, 'logit of sample 4, class 2').count()).toBe(1);
    await typeInto(page, 'logit of sample 4, class 2', '5');
    await expect
      .poll(() => cell(page).locator('[data-cell-program]').textContent())
      .toContain('[0.0, 0.0, 5.0],');
    // Arrow keys move between the reduction radios.
    await cell(page).locator('[data-choice="mean"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => cell(page).locator('[data-cell-program]').textContent())
      .toContain("reduction='sum'");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps the focus on a button: one that disables itself hands it to its partner', async () => {
    const { page, errors } = await open();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-resize'));
    const rows = () => cell(page).locator('table.batch tbody tr').count();
    // Enter on "Remove last sample" until one sample is left: the focus moves to "Add sample".
    await cell(page).locator('[data-resize="sample-1"]').focus();
    for (let n = 4; n > 1; n--) {
      expect(await focused()).toBe('sample-1');
      await page.keyboard.press('Enter');
      await expect.poll(rows).toBe(n - 1);
    }
    await expect.poll(focused).toBe('sample1');
    expect(await cell(page).locator('[data-resize="sample-1"]').isDisabled()).toBe(true);
    // And back: Enter on "Add sample" until the limit of 16 hands it to "Remove last sample".
    for (let n = 1; n < 16; n++) {
      expect(await focused()).toBe('sample1');
      await page.keyboard.press('Enter');
      await expect.poll(rows).toBe(n + 1);
    }
    await expect.poll(focused).toBe('sample-1');
    expect(await cell(page).locator('[data-resize="sample1"]').isDisabled()).toBe(true);
    // Classes too: three down to the minimum of two.
    await cell(page).locator('[data-resize="class-1"]').focus();
    await page.keyboard.press('Enter');
    await expect.poll(focused).toBe('class1');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('prints PyTorch’s error line for a target out of range, a float target and weights of the wrong length', async () => {
    const { page, errors } = await open();
    await typeInto(page, 'target of sample 0', '3');
    await expect.poll(() => printed(page)).toBe('IndexError: Target 3 is out of bounds.');
    expect(await cell(page).locator('[data-refused]').textContent()).toContain('out of bounds');
    await typeInto(page, 'target of sample 0', '2');
    await cell(page).locator('[data-choice="float-index"]').check();
    await expect
      .poll(() => printed(page))
      .toBe('RuntimeError: expected scalar type Long but found Float');
    await cell(page).locator('[data-choice="index"]').check();
    await cell(page).locator('[data-resize="class1"]').click();
    await expect
      .poll(() => printed(page))
      .toBe(
        'RuntimeError: weight tensor should be defined either for all 4 classes or no classes but got weight tensor of shape: [3]',
      );
    await cell(page).locator('[data-resize="weight1"]').click();
    await expect.poll(() => printed(page)).toMatch(/^tensor\(/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps bad text, explains it, and computes on with the last valid value', async () => {
    const { page, errors } = await open();
    const before = await printed(page);
    await typeInto(page, 'logit of sample 2, class 0', '3,5');
    await expect
      .poll(() => cell(page).locator('[data-cell-error]').textContent())
      .toContain('logit of sample 2, class 0: “3,5” has a comma');
    expect(await field(page, 'logit of sample 2, class 0').inputValue()).toBe('3,5');
    expect(await printed(page)).toBe(before);
    await typeInto(page, 'label_smoothing ε', '2');
    await expect
      .poll(() => cell(page).locator('[data-cell-error]').textContent())
      .toContain('label_smoothing ε must be at most 1, got 2.');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('restores a linked state: the whole table and its options', async () => {
    const hash = '#cell/batch-playground?x=1,2;0,0.5&t=1,-100&w=&i=-100&s=0.1&r=sum&f=index';
    const { page, errors } = await open({ hash });
    await expect
      .poll(() => cell(page).locator('[data-cell-link-note]').textContent())
      .toBe('State restored from the link.');
    expect(await field(page, 'logit of sample 1, class 1').inputValue()).toBe('0.5');
    expect(await cell(page).locator('[data-cell-program]').textContent()).toContain(
      "reduction='sum', label_smoothing=0.1",
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fits a 390 px phone: the table scrolls inside its own labelled, focusable box', async () => {
    const { page, errors } = await open({ width: 390 });
    await cell(page).locator('[data-resize="class1"]').click();
    await cell(page).locator('[data-resize="class1"]').click();
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    const region = cell(page).getByRole('region', {
      name: 'Logits and targets, one row per sample',
    });
    expect(await region.getAttribute('tabindex')).toBe('0');
    const scrolls = await region.evaluate((el) => el.scrollWidth > el.clientWidth);
    expect(scrolls).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
