// The KL/BCE lab's two cells on their built page, driven as a reader would: the static first
// states (JavaScript off) equal to the prose, keyboard only through the three gotchas, bad input
// kept and explained, PyTorch's error line, links to a state, and a 390 px phone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, openChapter, type OpenOptions } from '../support/browser-session';

const CHAPTER = '/kl-div-and-bce/';
const session = browserSession();

/** The chapter; its cells load on interaction (client:interaction), and `hydrate: false` leaves them untouched. */
const open = (options: OpenOptions = {}) => openChapter(session, CHAPTER, options);

/** The KL cell (first) or the BCE cell (second), by their ids in links. */
const cell = (page: Page, which: 'kl' | 'bce') =>
  page.locator(which === 'kl' ? '#cell-kl-bce-lab' : '#cell-kl-bce-lab-bce');
const printed = (page: Page, which: 'kl' | 'bce') =>
  cell(page, which).locator('[data-cell-printed]').textContent();

describe('KL/BCE lab', () => {
  it('shows both first states without JavaScript, as the prose describes them', async () => {
    const { page } = await open({ javaScript: false });
    expect(await printed(page, 'kl')).toBe('tensor(0.4533)\ntensor(-1.2660)\ntensor(0.4533)');
    expect(await cell(page, 'kl').locator('[data-row="wrong"]').textContent()).toContain(
      'negative',
    );
    expect(await printed(page, 'bce')).toBe(
      'tensor(20.)\ntensor([1.])\ntensor([1.])\ntensor(100.)\ntensor([0.])',
    );
    expect(await cell(page, 'bce').locator('[data-cell-summary]').textContent()).toContain(
      'so it counts as −100',
    );
    await page.context().close();
  });

  it('is operated by keyboard: the gotcha radios, the N and C fields and sliders', async () => {
    const { page, errors } = await open();
    const kl = cell(page, 'kl');
    await kl.locator('[data-choice="log-input"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => printed(page, 'kl'))
      .toBe('tensor(0.1289)\ntensor(0.5157)\ntensor(0.5157)');
    await kl.locator('[data-field="batch size N"]').focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('3');
    await kl.getByRole('slider', { name: 'classes C slider' }).focus();
    // C = 4 → 8 by the arrow key, one step at a time.
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => printed(page, 'kl'))
      .toBe('tensor(0.1020)\ntensor(0.8160)\ntensor(0.8160)');
    expect(await kl.locator('[data-note]').textContent()).toContain('the factor C = 8');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('moves z by arrow keys, shows the vanished gradient, and PyTorch’s error for a forgotten sigmoid', async () => {
    const { page, errors } = await open();
    const bce = cell(page, 'bce');
    await bce.getByRole('slider', { name: 'logit z slider' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => printed(page, 'bce')).toMatch(/^tensor\(21\.\)\n/);
    await bce.locator('[data-field="logit z"]').fill('-50');
    await bce.locator('[data-field="target y"]').fill('1');
    await expect.poll(() => printed(page, 'bce')).toMatch(/tensor\(\[-1\.9287e-10\]\)$/);
    await bce.locator('[data-field="forgot-sigmoid"]').focus();
    await page.keyboard.press('Space');
    await expect
      .poll(() => printed(page, 'bce'))
      .toMatch(/\nRuntimeError: all elements of input should be between 0 and 1$/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('keeps unreadable text, explains it, and goes on with the last valid value', async () => {
    const { page, errors } = await open();
    const bce = cell(page, 'bce');
    const before = await printed(page, 'bce');
    const z = bce.locator('[data-field="logit z"]');
    await z.fill('1,5');
    await expect
      .poll(() => bce.locator('[data-cell-error]').textContent())
      .toMatch(/^logit z: “1,5” has a comma/);
    expect(await z.inputValue()).toBe('1,5');
    expect(await z.getAttribute('aria-invalid')).toBe('true');
    expect(await printed(page, 'bce')).toBe(before);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('restores a state from a link, and refuses a hostile one with a note', async () => {
    const link = '#cell/kl-bce-lab?v=mean&o=1,2,0.5&t=0.5,1.5,2&n=3&c=8&z=20&y=0&raw=0';
    const { page } = await open({ hash: link });
    await expect
      .poll(() => printed(page, 'kl'))
      .toBe('tensor(0.1020)\ntensor(0.8160)\ntensor(0.8160)');
    const bad = await open({ hash: '#cell/kl-bce-lab-bce?v=bce&z=1e999&raw=<script>' });
    await expect
      .poll(() => cell(bad.page, 'bce').locator('[data-cell-link-note]').textContent())
      .toMatch(/not applied/);
    expect(await printed(bad.page, 'bce')).toMatch(/^tensor\(20\.\)/);
    expect(bad.errors).toEqual([]);
    await page.context().close();
    await bad.page.context().close();
  });

  it('loads its code for a link without a touch, and for a first click it then carries out', async () => {
    const linked = await open({
      hash: '#cell/kl-bce-lab-bce?v=bce&o=1,2,0.5&t=0.5,1.5,2&n=2&c=4&z=-30&y=1&raw=0',
      hydrate: false,
    });
    await expect
      .poll(() => cell(linked.page, 'bce').locator('[data-cell-link-note]').textContent())
      .toBe('State restored from the link.');
    expect(await printed(linked.page, 'bce')).toMatch(/^tensor\(30\.\)/);
    expect(linked.errors).toEqual([]);
    await linked.page.context().close();

    const { page, errors } = await open({ hydrate: false });
    const kl = cell(page, 'kl');
    await kl.scrollIntoViewIfNeeded();
    expect(await kl.evaluate((el) => el.closest('astro-island')?.hasAttribute('ssr'))).toBe(true);
    await kl.locator('[data-choice="mean-batchmean"]').click();
    await expect
      .poll(() => printed(page, 'kl'))
      .toBe('tensor(0.1289)\ntensor(0.5157)\ntensor(0.5157)');
    expect(await kl.locator('[data-choice="mean-batchmean"]').isChecked()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('fits a 390 px phone in every gotcha: the page never scrolls sideways', async () => {
    const { page } = await open({ width: 390 });
    const fits = async () => {
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      for (const which of ['kl', 'bce'] as const) {
        const box = await cell(page, which).boundingBox();
        expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390.5).toBe(true);
      }
    };
    for (const scenario of ['log-input', 'mean-batchmean', 'bce-clamp']) {
      await cell(page, 'kl').locator(`[data-choice="${scenario}"]`).check();
      await fits();
    }
    await page.context().close();
  });
});
