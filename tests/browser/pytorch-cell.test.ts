// The PyTorch cell's page (/pytorch-cell/), driven as a reader would: the first example and what
// PyTorch 1.13 prints for it without JavaScript, keyboard only (Tab indents, Esc then Tab leaves,
// Ctrl+Enter runs), examples and Reset, hostile programs answered with a message rather than a
// hang, links to a program (and a bad one refused), a 390 px phone and both themes with axe.
import { readFileSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, openChapter, type OpenOptions } from '../support/browser-session';
import { hydrated } from '../support/islands';

const PATH = '/pytorch-cell/';
const session = browserSession();

/** The example programs with what real PyTorch 1.13 printed for them (scripts/pycell-fixtures.py). */
const EXAMPLES = (
  JSON.parse(readFileSync('src/pycell/fixtures/expected.json', 'utf8')) as {
    examples: { id: string; code: string; stdout: string; error: string | null }[];
  }
).examples;
const example = (index: number) => {
  const found = EXAMPLES[index];
  if (found === undefined) throw new Error(`expected.json has no example ${index}`);
  return found;
};

const open = (options: OpenOptions = {}) => openChapter(session, PATH, options);
const cell = (page: Page) => page.locator('[data-pytorch-cell]');
const editor = (page: Page) => cell(page).locator('[data-pycell-editor]');
/** What the output area shows: stdout's text (without its final newline) and the error line. */
const shown = async (page: Page) => ({
  stdout: (await cell(page).locator('[data-pycell-stdout]').allTextContents()).join(''),
  error: (await cell(page).locator('[data-pycell-error]').allTextContents()).join('') || null,
});
/** What a program's run should show, as the output area writes it. */
const expected = (run: { stdout: string; error: string | null }) => ({
  stdout: run.stdout.replace(/\n$/, ''),
  error: run.error,
});
/**
 * Put a program in the editor as a paste does, in one input event. (Playwright's fill types it
 * through Chromium's editing commands, which take seconds for a few thousand lines even in a bare
 * textarea: measured 6 s for 2,000 lines.)
 */
const paste = (page: Page, code: string) =>
  editor(page).evaluate((field: HTMLTextAreaElement, text) => {
    field.value = text;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  }, code);
/** Wait until the cell is no longer running. */
const settled = (page: Page) =>
  expect
    .poll(() => cell(page).locator('[data-pycell-run]').textContent(), { timeout: 30_000 })
    .toBe('Run');

describe('the PyTorch cell page', () => {
  it('shows the first example and what PyTorch prints for it without JavaScript', async () => {
    const { page } = await open({ javaScript: false });
    expect(await editor(page).inputValue()).toBe(example(0).code);
    expect(await shown(page)).toEqual(expected(example(0)));
    expect(await cell(page).locator('[data-pycell-run]').isDisabled()).toBe(true);
    await page.context().close();
  });

  it('is operated by keyboard: Tab indents, Esc then Tab leaves, Ctrl+Enter runs', async () => {
    const { page, errors } = await open();
    const field = editor(page);
    await field.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type('x = 2');
    await page.keyboard.press('Enter');
    await page.keyboard.type('for i in range(3):');
    await page.keyboard.press('Enter');
    // Enter after a colon indents the next line by four spaces; Shift+Tab takes them back.
    await page.keyboard.type('x = x * 10');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('print(x)');
    await page.keyboard.press('Home');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await field.inputValue()).toBe('x = 2\nfor i in range(3):\n    x = x * 10\nprint(x)');
    await page.keyboard.press('ControlOrMeta+Enter');
    await settled(page);
    expect(await shown(page)).toEqual({ stdout: '2000', error: null });
    expect(await cell(page).locator('[data-pycell-status]').textContent()).toBe(
      'Run finished: printed 1 line.',
    );
    // Tab alone stays in the editor (it indents); Esc then Tab moves on to the next control.
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => document.activeElement?.hasAttribute('data-pycell-editor')),
    ).toBe(true);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.hasAttribute('data-pycell-run'))).toBe(
      true,
    );
    // The editor's accessible name says how to run, and a visible hint says the rest.
    expect(await field.getAttribute('aria-label')).toMatch(/Ctrl\+Enter runs/);
    const hint = await field.getAttribute('aria-describedby');
    expect(await page.locator(`[id="${hint}"]`).textContent()).toMatch(/Esc, then Tab/);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('loads an example from the menu, runs it as PyTorch does, and Reset brings it back', async () => {
    const { page, errors } = await open();
    const second = example(1);
    await cell(page).locator('[data-pycell-examples]').selectOption(second.id);
    expect(await editor(page).inputValue()).toBe(second.code);
    expect(await shown(page)).toEqual(expected(second));
    await cell(page).locator('[data-pycell-run]').click();
    await settled(page);
    expect(await shown(page)).toEqual(expected(second));
    expect(await cell(page).locator('[data-pycell-time]').textContent()).toMatch(
      /ran in [\d.]+ ms/,
    );
    // An edit changes what is printed; Reset returns to the example and its output.
    await editor(page).fill(`${second.code}\nprint(1 / 0)`);
    await cell(page).locator('[data-pycell-run]').click();
    await settled(page);
    expect(await shown(page)).toEqual({
      stdout: expected(second).stdout,
      error: 'ZeroDivisionError: division by zero',
    });
    await cell(page).locator('[data-pycell-reset]').click();
    expect(await editor(page).inputValue()).toBe(second.code);
    expect(await shown(page)).toEqual(expected(second));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('runs every example as PyTorch 1.13 printed it', async () => {
    const { page, errors } = await open();
    for (const { id, ...run } of EXAMPLES) {
      await cell(page).locator('[data-pycell-examples]').selectOption(id);
      await cell(page).locator('[data-pycell-run]').click();
      await settled(page);
      expect(await shown(page), id).toEqual(expected(run));
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('answers hostile programs with a message, never a hang', async () => {
    const { page, errors } = await open();
    const hostile = [
      `x = ${'['.repeat(5000)}${']'.repeat(5000)}`,
      'import torch\nx = torch.zeros(100000, 100000)',
      'for i in range(10**9):\n    x = i',
      `x = 1\n${'x = x + 1\n'.repeat(11_000)}`,
      'def f():\n    return 1',
    ];
    for (const program of hostile) {
      await paste(page, program);
      const started = Date.now();
      await cell(page).locator('[data-pycell-run]').click();
      await settled(page);
      const { error } = await shown(page);
      const problem = await cell(page).locator('[data-pycell-problem]').allTextContents();
      expect(error ?? problem.join(''), program.slice(0, 40)).toMatch(/\w+Error: .+/);
      expect(Date.now() - started).toBeLessThan(20_000);
    }
    // The page stayed responsive throughout: the interpreter never ran on its thread.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('takes a 100 KB paste at once, refuses a longer one with a message, and keeps typing quick', async () => {
    const { page, errors } = await open();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    /** Paste `text` as a reader does (Ctrl+V) and give the time until the page's next frame. */
    const pasteForReal = async (text: string) => {
      await editor(page).focus();
      await page.keyboard.press('ControlOrMeta+a');
      await page.evaluate((t) => navigator.clipboard.writeText(t), text);
      const started = Date.now();
      await page.keyboard.press('ControlOrMeta+v');
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => setTimeout(done))),
      );
      return Date.now() - started;
    };
    // One line of 99,985 characters, under the 100,000 a cell runs: taken whole, and run.
    const line = `print(1${' + 1'.repeat(24_994)})`;
    expect(line.length).toBeLessThan(100_000);
    expect(await pasteForReal(line)).toBeLessThan(2000);
    expect(await editor(page).inputValue()).toBe(line);
    await cell(page).locator('[data-pycell-run]').click();
    await settled(page);
    expect(await shown(page)).toEqual({ stdout: '24995', error: null });
    // Over the limit: nothing is pasted (nothing cut silently) and the note says why.
    const over = `x = 1\n`.repeat(17_000);
    expect(await pasteForReal(over)).toBeLessThan(2000);
    expect(await editor(page).inputValue()).toBe(line);
    expect(await cell(page).locator('[data-pycell-edit-note]').textContent()).toMatch(
      /^\s*Nothing was pasted: with it the program would be 102,000 characters, over the 100,000 characters \(97\.7 KB\) a cell runs\.\s*$/,
    );
    // 17,000 lines just under the limit: typing in them answers within a frame or two.
    const lines = 'x = 1\n'.repeat(16_600);
    await paste(page, lines);
    await editor(page).focus();
    await editor(page).evaluate((field: HTMLTextAreaElement) => field.setSelectionRange(0, 0));
    const latency = await page.evaluate(
      () =>
        new Promise<number>((done) => {
          const field = document.querySelector('[data-pycell-editor]') as HTMLTextAreaElement;
          const started = performance.now();
          field.addEventListener(
            'input',
            () => requestAnimationFrame(() => setTimeout(() => done(performance.now() - started))),
            { once: true },
          );
          field.setRangeText('y', 0, 0, 'end');
          field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText' }));
        }),
    );
    expect(latency).toBeLessThan(1000);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('marks the line an error arose on, and “Error on line N” puts the caret there', async () => {
    const { page, errors } = await open();
    const program = `import torch\n${'x = 1\n'.repeat(60)}for i in range(2):\n    print(i)\nprint(y)\nprint(2)\n`;
    await paste(page, program);
    await cell(page).locator('[data-pycell-run]').click();
    await settled(page);
    expect((await shown(page)).error).toBe("NameError: name 'y' is not defined");
    // The gutter marks line 64 with a box and a pointer, not colour alone; the error text is Python's.
    expect(await cell(page).locator('[data-pycell-error-mark]').textContent()).toBe('64');
    expect(
      await cell(page)
        .locator('[data-pycell-error-mark]')
        .evaluate((mark) => [
          getComputedStyle(mark, '::before').content,
          getComputedStyle(mark).outlineStyle,
        ]),
    ).toEqual(['"▸"', 'solid']);
    await cell(page).locator('[data-pycell-goto]').click();
    expect(await cell(page).locator('[data-pycell-goto]').textContent()).toBe('Error on line 64');
    const caret = await editor(page).evaluate((field: HTMLTextAreaElement) => ({
      focused: document.activeElement === field,
      line: field.value.slice(0, field.selectionStart).split('\n').length,
      at: field.value.slice(field.selectionStart, field.selectionStart + 8),
    }));
    expect(caret).toEqual({ focused: true, line: 64, at: 'print(y)' });
    // The line is in the editor's view, which scrolled to it.
    const visible = await cell(page)
      .locator('.pycell-scroll')
      .evaluate(
        (box) => box.scrollTop > 0 && box.scrollTop < box.scrollHeight - box.clientHeight + 1,
      );
    expect(visible).toBe(true);
    // Edited, the program's lines may have moved: the mark leaves, the control stays.
    await page.keyboard.type('z');
    expect(await cell(page).locator('[data-pycell-error-mark]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('words its page in the chapters’ way: spaces before inline code, curly quotes, Reset explained', async () => {
    const { page } = await open();
    const text = (await page.locator('#what-it-runs ~ p').allTextContents())
      .join(' ')
      .replace(/\s+/g, ' ');
    expect(text).toContain(
      'loss core: import torch (with torch.nn, torch.nn.functional and torch.optim) and import math;',
    );
    expect(text).toContain('loops over range, lists and tensors; if/else; with torch.no_grad():;');
    expect(text).toContain('has an “Edit and run” control');
    expect(text).toContain('with “Link to this program”');
    expect(text).not.toMatch(/\w`|:`|"/);
    expect(await cell(page).locator('[data-pycell-reset]').getAttribute('aria-label')).toMatch(
      /^Reset: back to /,
    );
    // "The program printed nothing." follows the label directly, as one line of text.
    await paste(page, 'x = 1');
    await cell(page).locator('[data-pycell-run]').click();
    await settled(page);
    expect(await cell(page).locator('[data-pycell-output]').innerText()).toMatch(
      /What PyTorch prints · ran in [\d.]+ ms\nThe program printed nothing\.$/,
    );
    await page.context().close();
  });

  it('shares a program by link, and refuses a bad link keeping its own program', async () => {
    const { page, errors } = await open();
    const program = 'import torch\nprint(torch.tensor([1.0, 2.0]).sum())  # é';
    await editor(page).fill(program);
    await cell(page).locator('[data-pycell-link]').click();
    await expect
      .poll(() => cell(page).locator('[data-pycell-link-note]').textContent())
      .toMatch(/address bar/);
    const hash = await page.evaluate(() => location.hash);
    expect(hash).toMatch(/^#cell\/pytorch-cell\?code=[\w-]+$/);
    const linked = await open({ hash });
    // The link's program arrives once the cell has hydrated and read the fragment.
    await expect.poll(() => editor(linked.page).inputValue()).toBe(program);
    // The menu says where the program came from, not the first example's name.
    await expect
      .poll(() => cell(linked.page).locator('[data-pycell-examples] option:checked').textContent())
      .toBe('From the link');
    await settled(linked.page);
    expect((await shown(linked.page)).stdout).toMatch(/^tensor\(3\.\)$/);
    const bad = await open({ hash: '#cell/pytorch-cell?code=%%%' });
    await expect
      .poll(() => cell(bad.page).locator('[data-pycell-link-note]').textContent())
      .toMatch(/was not loaded: .*\. The cell keeps its own program\./);
    expect(await editor(bad.page).inputValue()).toBe(example(0).code);
    const long = await open({ hash: `#cell/pytorch-cell?code=${'QUFB'.repeat(2732)}` });
    await expect
      .poll(() => cell(long.page).locator('[data-pycell-link-note]').textContent())
      .toMatch(/its program is 8\.1 KB, over the 8 KB a link carries/);
    expect([errors, linked.errors, bad.errors, long.errors]).toEqual([[], [], [], []]);
    for (const p of [page, linked.page, bad.page, long.page]) await p.context().close();
  });

  it('shows markup in a program and in what it prints as text: no element made, nothing run', async () => {
    const markup = '<img src=x onerror=alert(1)>';
    const program = `x = "${markup}"  # ${markup}\nprint(x)\nprint(y)`;
    const hash = `#cell/pytorch-cell?code=${Buffer.from(program).toString('base64url')}`;
    // Typed into the editor, and arriving by a link (which runs it on load).
    for (const options of [{}, { hash }]) {
      const { page, errors } = await open(options);
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      if (options.hash === undefined) {
        await editor(page).fill(program);
        await cell(page).locator('[data-pycell-run]').click();
      } else {
        await expect.poll(() => editor(page).inputValue()).toBe(program);
      }
      await settled(page);
      // The coloured copy under the editor holds the program's text (and the newline it ends in).
      expect(await cell(page).locator('pre.pycell-layer').textContent()).toBe(`${program}\n`);
      expect(await shown(page)).toEqual({
        stdout: markup,
        error: "NameError: name 'y' is not defined",
      });
      expect(await page.locator('img[src="x"], [onerror]').count()).toBe(0);
      expect([dialogs, errors]).toEqual([[], []]);
      await page.context().close();
    }
  });

  it('is linked from the home page and from a chapter’s navigation', async () => {
    const home = await open({ javaScript: false });
    await home.page.goto(session.site.url);
    const href = await home.page.locator('a', { hasText: 'Try it' }).first().getAttribute('href');
    expect(href).toBe(PATH);
    await home.page.goto(new URL('softmax-and-logits/', session.site.url).href);
    expect(await home.page.locator('.sidebar a', { hasText: 'Try it' }).getAttribute('href')).toBe(
      PATH,
    );
    await home.page.context().close();
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`fits a 390 px phone in the ${theme} theme, with no axe violation after a run`, async () => {
      const context = await session.browser.newContext({
        viewport: { width: 390, height: 844 },
        colorScheme: theme,
      });
      const page = await context.newPage();
      await page.goto(new URL(PATH.slice(1), session.site.url).href);
      await hydrated(page);
      await editor(page).fill(
        'import torch\nx = torch.tensor([1.0, 2.0])\nprint(x.softmax(dim=0))\nprint(y)',
      );
      await cell(page).locator('[data-pycell-run]').click();
      await settled(page);
      expect((await shown(page)).error).toBe("NameError: name 'y' is not defined");
      const { scrollWidth, clientWidth } = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
      const box = await cell(page).boundingBox();
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= 390.5).toBe(true);
      const results = await new AxeBuilder({ page }).include('[data-pytorch-cell]').analyze();
      const violations = results.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
      );
      expect(violations).toEqual([]);
      await context.close();
    });
  }
});
