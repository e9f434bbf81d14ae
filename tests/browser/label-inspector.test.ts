// The label-format inspector on its built page, driven as a reader would: the static first state
// (JavaScript off) equal to the prose, keyboard only, bad input kept and explained, the classic
// mistakes' exact PyTorch errors, a link to a state, and a 390 px phone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, openChapter, type OpenOptions } from '../support/browser-session';

const CHAPTER = '/label-formats/';
const session = browserSession();

/** The chapter, hydrated unless JavaScript is off (see openChapter). */
const open = (options: OpenOptions = {}) => openChapter(session, CHAPTER, options);

const cell = (page: Page) =>
  page.locator('[data-cell]').filter({ hasText: 'Label-format inspector' });
const out = (page: Page, name: string) => cell(page).locator(`[data-out="${name}"]`);
const printed = (page: Page) => cell(page).locator('[data-cell-printed]').textContent();

describe('label-format inspector', () => {
  it('shows its first state without JavaScript, with the loss the prose quotes', async () => {
    const { page } = await open({ javaScript: false });
    const text = await printed(page);
    expect(text).toContain('torch.Size([3]) torch.int64');
    const loss = (await out(page, 'index-loss').textContent())?.trim() ?? '';
    expect(loss).toMatch(/^\d\.\d{4}$/);
    expect(await out(page, 'probability-loss').textContent()).toContain(loss);
    // The prose's first quoted number is the same loss.
    expect(await page.locator('.core-number').first().textContent()).toBe(loss);
    await page.context().close();
  });

  it('is operated by keyboard: presets, dtype radios and the target field', async () => {
    const { page, errors } = await open();
    const preset = cell(page).locator('[data-preset="float-indices"]');
    await preset.focus();
    await page.keyboard.press('Enter');
    await expect
      .poll(() => printed(page))
      .toMatch(/RuntimeError: expected scalar type Long but found Float$/);
    expect(await out(page, 'result').textContent()).toContain('expected scalar type Long');
    // Arrow keys move between the dtype radios, as in any radio group.
    await cell(page).locator('[data-choice="float32"]').focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => printed(page)).not.toContain('Error');
    const target = cell(page).locator('[data-field="target"]');
    await target.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('[2, 0, 4]');
    await expect.poll(() => printed(page)).toMatch(/IndexError: Target 4 is out of bounds\.$/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps unreadable text, explains it, and goes on showing the last readable target', async () => {
    const { page, errors } = await open();
    const before = await printed(page);
    const target = cell(page).locator('[data-field="target"]');
    await target.fill('[[0, 1], [1]]');
    await expect
      .poll(() => cell(page).locator('[data-cell-error]').textContent())
      .toMatch(/row 2 has 1 number and/);
    expect(await target.inputValue()).toBe('[[0, 1], [1]]');
    expect(await target.getAttribute('aria-invalid')).toBe('true');
    expect(await printed(page)).toBe(before);
    // The facts say they belong to the last readable target, until the text reads again.
    const facts = cell(page).locator('[data-out="target"]');
    expect(await facts.textContent()).toMatch(/^\s*\(last readable target\) shape \(3,\)/);
    await target.fill('[[2], [0], [3]]');
    await expect.poll(() => facts.textContent()).toMatch(/^\s*shape \(3, 1\)/);
    await expect.poll(() => printed(page)).toMatch(/multi-target not supported$/);
    expect(await printed(page)).toMatch(/^tensor\(1\.7028\)$/m);
    expect(await cell(page).locator('[data-cell-summary]').textContent()).toMatch(
      /PyTorch reads class indices/,
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('restores a state from a link, and refuses a hostile one with a note', async () => {
    const link = '#cell/label-inspector?x=1,2;3,4&t=[[0.5,0.5],[1,0]]&d=float32';
    const { page } = await open({ hash: link.replace(/\[/g, '%5B').replace(/\]/g, '%5D') });
    await expect.poll(() => printed(page)).toContain('torch.Size([2, 2]) torch.float32');
    const bad = await open({ hash: '#cell/label-inspector?x=1,2&t=__import__&d=int64' });
    await expect
      .poll(() => cell(bad.page).locator('[data-cell-link-note]').textContent())
      .toMatch(/not applied/);
    expect(await printed(bad.page)).toContain('torch.Size([3]) torch.int64');
    expect(bad.errors).toEqual([]);
    await page.context().close();
    await bad.page.context().close();
  });

  it('fits a 390 px phone: the page never scrolls sideways', async () => {
    const { page } = await open({ width: 390 });
    await cell(page).locator('[data-preset="soft"]').click();
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const box = await cell(page).boundingBox();
    expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390.5).toBe(true);
    await page.context().close();
  });
});
