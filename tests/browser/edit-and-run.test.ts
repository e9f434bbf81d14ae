// "Edit and run" on the built site: on every chapter with cells, a reader opens a cell's program
// in a PyTorch cell by keyboard alone, runs it and sees what the cell says PyTorch prints, edits
// a number and sees the output change, and closes the editor back to the static program with
// focus where it was; on a 390 px phone, in both themes, the open editor fits the screen and
// passes axe.
import { AxeBuilder } from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { programFragment } from '../../components/widgets/pytorch-cell/share-link';
import { outputMismatch } from '../../src/pycell/fixtures/compare-output';
import { browserSession, builtPages, openChapter } from '../support/browser-session';
import { SITE_DIR } from '../support/static-server';

/** A built page's HTML, by the path a reader visits. */
const htmlOf = (path: string) => readFileSync(join(SITE_DIR, path.slice(1), 'index.html'), 'utf8');

/** The chapters whose cells show a program (the gallery has its own tests). */
const CHAPTERS = builtPages(
  (file) => file.endsWith('/index.html') && file !== 'widgets/index.html',
).filter((path) => /<button[^>]*\bdata-cell-edit\b/.test(htmlOf(path)));

const session = browserSession();

/** The first cell of the page with an "Edit and run" control. */
function firstCell(page: Page): Locator {
  return page.locator('figure[data-cell]:has([data-cell-edit])').first();
}

/** What the open editor shows as the program's output, in the form a cell's printed has. */
async function shownOutput(editor: Locator): Promise<string> {
  const stdout = editor.locator('[data-pycell-stdout]');
  const error = editor.locator('[data-pycell-error]');
  const parts = [
    (await stdout.count()) > 0 ? await stdout.textContent() : null,
    (await error.count()) > 0 ? await error.textContent() : null,
  ];
  return parts.filter((part) => part !== null).join('\n');
}

/** Press Ctrl+Enter in the editor and wait until that run has finished (Run shows "Running…", then "Run"). */
async function runByKeyboard(page: Page, editor: Locator): Promise<void> {
  // A run may take less than a frame: a mutation observer sees its label change however quickly.
  await editor.locator('[data-pycell-run]').evaluate((button) => {
    const runs = { started: false, done: false };
    (window as unknown as { editRun: typeof runs }).editRun = runs;
    new MutationObserver(() => {
      const label = button.textContent.trim();
      if (label === 'Running…') runs.started = true;
      else if (runs.started && label === 'Run') runs.done = true;
    }).observe(button, { childList: true, characterData: true, subtree: true });
  });
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(
    () => (window as unknown as { editRun: { done: boolean } }).editRun.done,
    null,
    {
      timeout: 60_000,
    },
  );
}

/** Open the cell's program in a PyTorch cell from the keyboard; returns the editor's figure. */
async function openEditor(page: Page, cell: Locator): Promise<Locator> {
  await cell.scrollIntoViewIfNeeded();
  await cell.locator('[data-cell-edit]').focus();
  // Scrolled to (client:visible) or focused (client:interaction), the cell's island hydrates.
  await page.waitForFunction(
    (figure) => figure.closest('astro-island')?.hasAttribute('ssr') === false,
    await cell.elementHandle(),
  );
  await page.keyboard.press('Enter');
  const editor = cell.locator('[data-pytorch-cell]');
  await editor.waitFor();
  await page.waitForFunction(() => document.activeElement?.matches('[data-pycell-editor]'));
  return editor;
}

describe.each(CHAPTERS)('%s', (path) => {
  it('opens a cell’s program by keyboard, runs it to the cell’s output, runs an edit, and closes back', async () => {
    const { page, errors } = await openChapter(session, path);
    const cell = firstCell(page);
    const code = (await cell.locator('[data-cell-program]').textContent()) ?? '';
    const printed = (await cell.locator('[data-cell-printed]').textContent()) ?? '';
    expect(code).toContain('import torch');

    const editor = await openEditor(page, cell);
    // In place: the static program and its buttons give way to the editor, holding that program
    // and, before any run, the cell's own output.
    await expect(cell.locator('[data-cell-program]').isHidden()).resolves.toBe(true);
    await expect(cell.locator('[data-cell-edit]').isHidden()).resolves.toBe(true);
    const textarea = editor.locator('[data-pycell-editor]');
    expect(await textarea.inputValue()).toBe(code);
    // Styled as on its own page (a chapter's build does not ship the PyTorch cell's stylesheet):
    // the typed text is transparent over its highlighted copy.
    expect(await textarea.evaluate((field) => getComputedStyle(field).color)).toBe(
      'rgba(0, 0, 0, 0)',
    );
    expect(await shownOutput(editor)).toBe(printed);
    // Named apart from the cell around it, after it.
    const title = (await cell.locator('.cell-title').first().textContent()) ?? '';
    expect(await editor.locator('figcaption').first().textContent()).toContain(
      `Program of ${title}`,
    );

    await runByKeyboard(page, editor);
    expect(outputMismatch(printed, await shownOutput(editor))).toBeNull();

    // Make the first number of the program's first tensor nine-something (caret placed there,
    // then typed): what it prints must change.
    const at = /torch\.tensor\(\[*-?(\d)/.exec(code);
    expect(at).not.toBeNull();
    const digit = (at?.index ?? 0) + (at?.[0].length ?? 1) - 1;
    await textarea.evaluate(
      (field: HTMLTextAreaElement, i) => field.setSelectionRange(i, i),
      digit,
    );
    await page.keyboard.type('9');
    expect((await textarea.inputValue()).slice(digit, digit + 2)).toBe(`9${at?.[1] ?? ''}`);
    await runByKeyboard(page, editor);
    expect(await shownOutput(editor)).not.toBe(printed);

    // Esc then Tab leaves the editor; Close (before the editor, in its head) brings the static
    // program back and puts focus on the control that opened it.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.matches('textarea'))).toBe(false);
    await editor.locator('[data-pycell-close]').focus();
    await page.keyboard.press('Enter');
    await editor.waitFor({ state: 'detached' });
    await expect(cell.locator('[data-cell-program]').isVisible()).resolves.toBe(true);
    expect(await cell.locator('[data-cell-program]').textContent()).toBe(code);
    expect(
      await page.evaluate(() => document.activeElement?.hasAttribute('data-cell-edit') ?? false),
    ).toBe(true);

    // It opens again, afresh: the cell's program, not the edit.
    const again = await openEditor(page, cell);
    expect(await again.locator('[data-pycell-editor]').inputValue()).toBe(code);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('runs every cell’s program in place to what the cell says PyTorch prints', async () => {
    const { page, errors } = await openChapter(session, path);
    const cells = page.locator('figure[data-cell]:has([data-cell-edit])');
    const count = await cells.count();
    expect(count).toBeGreaterThan(0);
    const mismatches: string[] = [];
    for (let i = 0; i < count; i++) {
      const cell = cells.nth(i);
      const printed = (await cell.locator('[data-cell-printed]').textContent()) ?? '';
      const editor = await openEditor(page, cell);
      await runByKeyboard(page, editor);
      const mismatch = outputMismatch(printed, await shownOutput(editor));
      const title = (await cell.locator('.cell-title').first().textContent()) ?? '';
      if (mismatch !== null) mismatches.push(`cell ${i + 1} (${title}): ${mismatch}`);
      await editor.locator('[data-pycell-close]').click();
      await editor.waitFor({ state: 'detached' });
    }
    expect(mismatches).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`fits a 390 px phone open, and passes axe, in the ${theme} theme`, async () => {
      const context = await session.browser.newContext({
        viewport: { width: 390, height: 844 },
        colorScheme: theme,
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.goto(new URL(path.slice(1), session.site.url).href);
      expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);
      const cell = firstCell(page);
      const editor = await openEditor(page, cell);
      await runByKeyboard(page, editor);
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const box = document.querySelector('[data-pytorch-cell]')?.getBoundingClientRect();
        return {
          page: document.documentElement.scrollWidth - width,
          left: box?.left ?? -1,
          right: (box?.right ?? width + 1) - width,
        };
      });
      expect(overflow.page).toBeLessThanOrEqual(0);
      expect(overflow.left).toBeGreaterThanOrEqual(0);
      expect(overflow.right).toBeLessThanOrEqual(0.5);
      // In place, the editor adds no frame, badge or visible title to the cell's, and its program
      // gets the width: at least 38 characters of code show on a 390 px phone (35 did, framed twice).
      const inPlace = await editor.evaluate((figure) => {
        const box = figure.querySelector<HTMLElement>('.pycell-scroll');
        const gutter = figure.querySelector<HTMLElement>('.pycell-gutter');
        const probe = document.createElement('span');
        probe.textContent = '0'.repeat(10);
        figure.querySelector('pre.pycell-layer')?.append(probe);
        const char = probe.getBoundingClientRect().width / 10;
        probe.remove();
        const title = figure.querySelector<HTMLElement>('.pycell-title');
        return {
          border: getComputedStyle(figure).borderLeftWidth,
          badges: [...figure.querySelectorAll<HTMLElement>('.pycell-badge')].filter(
            (b) => b.checkVisibility() && b.textContent === 'In',
          ).length,
          titleShown: title === null ? true : title.getBoundingClientRect().width > 1,
          columns: Math.floor(((box?.clientWidth ?? 0) - (gutter?.offsetWidth ?? 0)) / char),
        };
      });
      expect(inPlace).toMatchObject({ border: '0px', badges: 0, titleShown: false });
      expect(inPlace.columns).toBeGreaterThanOrEqual(38);
      expect(await editor.getAttribute('aria-labelledby')).not.toBeNull();
      expect(
        await page.evaluate(
          (id) => document.getElementById(id ?? '')?.textContent,
          await editor.getAttribute('aria-labelledby'),
        ),
      ).toMatch(/^Program of /);
      // Printed lines wider than the phone scroll sideways in their box, not cut off the page.
      const out = editor.locator('[data-pycell-stdout]');
      if ((await out.count()) > 0) {
        expect(await out.evaluate((pre) => getComputedStyle(pre).overflowX)).toBe('auto');
      }
      const results = await new AxeBuilder({ page })
        .include('figure[data-cell]:has([data-pytorch-cell])')
        .analyze();
      const violations = results.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
      );
      expect(violations).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});

it('leaves the control off a page read without JavaScript, the program shown as built', async () => {
  const path = CHAPTERS[0] ?? '/';
  const { page } = await openChapter(session, path, { javaScript: false });
  const cell = firstCell(page);
  await expect(cell.locator('[data-cell-program]').isVisible()).resolves.toBe(true);
  await expect(cell.locator('[data-cell-edit]').isVisible()).resolves.toBe(false);
  await page.context().close();
});

/** The first chapter whose cell with a program hydrates as `directive` (client:visible or client:interaction). */
const firstWith = (directive: 'visible' | 'interaction') =>
  CHAPTERS.find((path) =>
    new RegExp(
      `<astro-island[^>]*client="${directive}"[^>]*>(?:(?!</astro-island>)[\\s\\S])*data-cell-edit`,
    ).test(htmlOf(path)),
  );

describe.each([
  ['visible', firstWith('visible')],
  ['interaction', firstWith('interaction')],
] as const)('a client:%s cell', (directive, path) => {
  it('opens “Edit and run” on the first click, made before the cell has hydrated', async () => {
    expect(path, `no chapter has a client:${directive} cell with a program`).toBeDefined();
    const context = await session.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    // Late hydration: every script module arrives 1.5 s after it is asked for.
    await page.route('**/_astro/**/*.js', async (route) => {
      await new Promise((wait) => setTimeout(wait, 1500));
      await route.continue();
    });
    await page.goto(new URL(path?.slice(1) ?? '', session.site.url).href);
    const island = page
      .locator(`astro-island[client="${directive}"]:has([data-cell-edit])`)
      .first();
    const button = island.locator('[data-cell-edit]').first();
    await button.scrollIntoViewIfNeeded();
    await button.click();
    // The click came before hydration…
    expect(await island.evaluate((el) => el.hasAttribute('ssr'))).toBe(true);
    // …and still opens the editor once the cell can.
    const editor = island.locator('[data-pytorch-cell]');
    await editor.waitFor({ timeout: 30_000 });
    expect(await editor.count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});

it('resets the editor to the cell’s program as the cell shows it now, after its fields changed', async () => {
  const path = firstWith('visible') ?? '/';
  const { page, errors } = await openChapter(session, path);
  const cell = page
    .locator('astro-island[client="visible"] figure[data-cell]:has([data-cell-edit])')
    .first();
  const editor = await openEditor(page, cell);
  const opened = await editor.locator('[data-pycell-editor]').inputValue();
  expect(await editor.locator('[data-pycell-reset]').getAttribute('aria-label')).toBe(
    'Reset: back to the cell’s program as the cell shows it now',
  );
  // Change the cell's first number field while the editor is open.
  const field = cell
    .locator('.cell-inputs input[inputmode="decimal"], .cell-inputs input[type="text"]')
    .first();
  const before = await field.inputValue();
  await field.fill(String(Number(before) + 1));
  await field.press('Tab');
  const now = await cell.locator('[data-cell-program]').textContent();
  expect(now).not.toBe(opened);
  await editor.locator('[data-pycell-reset]').click();
  expect(await editor.locator('[data-pycell-editor]').inputValue()).toBe(now);
  expect(await shownOutput(editor)).toBe(await cell.locator('[data-cell-printed]').textContent());
  expect(errors).toEqual([]);
  await page.context().close();
});

/** Chapters with a shareable cell, and the first such cell's id. */
const LINKABLE = CHAPTERS.flatMap((path) => {
  const id = /<figure[^>]*\bid="cell-([a-z0-9-]+)"/.exec(htmlOf(path))?.[1];
  return id === undefined ? [] : [[path, id] as const];
});

it.each(LINKABLE)(
  '%s opens a link to a program edited in cell %s in that cell’s editor, and runs it',
  async (path, cellId) => {
    const code = 'import torch\n\nprint(torch.tensor([1.5, 2.5]).sum())\n';
    const hash = programFragment(`${cellId}-code`, code);
    // Not hydrated by scrolling: the link alone must bring the cell (visible or on interaction) up.
    const { page, errors } = await openChapter(session, path, { hash, hydrate: false });
    const cell = page.locator(`#cell-${cellId}`);
    const editor = cell.locator('[data-pytorch-cell]');
    await editor.locator('[data-pycell-time]').waitFor({ timeout: 60_000 });
    expect(await editor.locator('[data-pycell-editor]').inputValue()).toBe(code);
    expect(await shownOutput(editor)).toBe('tensor(4.)');
    // Scrolled to with the sticky header's offset: the editor's top is not under the header.
    const clear = () =>
      editor.evaluate((figure) => {
        const header = document.querySelector('body > header, .site-header, header');
        const below = header ? header.getBoundingClientRect().bottom : 0;
        return Math.round(figure.getBoundingClientRect().top - below);
      });
    await expect.poll(clear).toBeGreaterThanOrEqual(0);
    // One element per id: the editor's figure has it, the slot it opened in gave it up.
    expect(await page.locator(`#cell-${cellId}-code`).count()).toBe(1);
    await editor.locator('[data-pycell-close]').click();
    await editor.waitFor({ state: 'detached' });
    expect(await page.locator(`#cell-${cellId}-code`).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.context().close();
  },
);
