// Printing a chapter, as a reader does after playing with a cell: under print media the frame's
// navigation is gone and each cell is a numbered static figure ("Cell 6.1: <its parameters>");
// the PDF Chromium prints has the chapter, its link targets (not after equation references or
// footnote marks) and the changed caption, no navigation, no field or slider chrome, no empty
// chart, and no cell split across pages, in every chapter with cells, on A4 and Letter paper.
// Without JavaScript the cells print the first state the HTML was built with.
import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, describe, expect, it } from 'vitest';
import { SITE_DIR } from '../support/static-server';
import { browserSession, builtPages, openChapter } from '../support/browser-session';

/** Two chapters and a cell of each: a small cell with two per page, and a wide batch table. */
const SOFTMAX = { path: '/softmax-and-logits/', cell: '#cell-softmax-explorer', field: 'logit o₁' };
const BATCH = {
  path: '/pytorch-cross-entropy-loss/',
  cell: '#cell-batch-playground',
  field: 'logit of sample 0, class 0',
};
/** The training race, which starts untrained. */
const RACE = { path: '/cross-entropy-vs-mse/', cell: '[data-cell]:has([data-race-status])' };
const session = browserSession();
let pages: Page[] = [];

/** Open the chapter (closed again after the test), every cell hydrated unless JavaScript is off. */
async function open(path: string, javaScript = true): Promise<{ page: Page; errors: string[] }> {
  const opened = await openChapter(session, path, { javaScript });
  pages.push(opened.page);
  return opened;
}

afterEach(async () => {
  await Promise.all(pages.map((page) => page.context().close()));
  pages = [];
});

/** Text with every run of white space as one space, as it is compared below. */
const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The text of each page of a PDF, squeezed, in order (pdf.js reads the text Chromium laid out). */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), verbosity: 0 }).promise;
  const texts: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    const runs = content.items.map((item) =>
      'str' in item ? item.str + (item.hasEOL ? '\n' : '') : '',
    );
    texts.push(squeeze(runs.join('')));
  }
  await document.destroy();
  return texts;
}

/** Type into a cell's field by keyboard alone: focus it, select its text, type the new value. */
async function typeInto(page: Page, cell: string, field: string, value: string): Promise<void> {
  await page.locator(`${cell} [data-field="${field}"]`).focus();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(value);
}

/** Each cell's title and print caption (its parameters; print.css writes the number before them). */
async function cellsOf(page: Page): Promise<{ title: string; caption: string }[]> {
  return page.locator('[data-cell]').evaluateAll((cells) =>
    cells.map((cell) => ({
      title: cell.querySelector('.cell-title')?.textContent.trim() ?? '',
      caption:
        cell.querySelector('[data-cell-caption]')?.textContent.replace(/\s+/g, ' ').trim() ?? '',
    })),
  );
}

/** Without white space: how a PDF's text is compared where lines may wrap anywhere. */
const bare = (text: string) => text.replace(/\s+/g, '');

/** The chapter's number, its frontmatter `order`, read from its file as the build reads it. */
function chapterNumber(path: string): number {
  const slug = path.replaceAll('/', '');
  const source = readFileSync(new URL(`../../content/en/${slug}.mdx`, import.meta.url), 'utf8');
  const order = /^order:\s*(\d+)\s*$/m.exec(source)?.[1];
  if (order === undefined) throw new Error(`content/en/${slug}.mdx has no order`);
  return Number(order);
}

/**
 * The chapters of the build in SITE_DIR that have cells: pages with a chapter file, so a number.
 * The gallery (/widgets/) and the PyTorch cell's page (/pytorch-cell/) have cells but are no
 * chapter: their cells are not numbered figures, and the PyTorch cell prints its program and
 * output (tested on its own below).
 */
const CHAPTERS_WITH_CELLS = builtPages((file) =>
  readFileSync(`${SITE_DIR}/${file}`, 'utf8').includes('data-cell'),
).filter(
  (path) =>
    /^\/[a-z0-9-]+\/$/.test(path) &&
    existsSync(new URL(`../../content/en/${path.replaceAll('/', '')}.mdx`, import.meta.url)),
);

describe('printing a chapter', () => {
  it('hides the navigation under print media and captions each cell with its current parameters', async () => {
    const { page, errors } = await open(SOFTMAX.path);
    const caption = page.locator(`${SOFTMAX.cell} [data-cell-caption]`);
    await expect(caption.isVisible()).resolves.toBe(false);
    const first = squeeze((await caption.textContent()) ?? '');
    await typeInto(page, SOFTMAX.cell, SOFTMAX.field, '3.5');
    await page.emulateMedia({ media: 'print' });

    await expect(caption.isVisible()).resolves.toBe(true);
    const changed = squeeze((await caption.textContent()) ?? '');
    expect(changed).toMatch(/^logits o = \(3\.5, /);
    expect(changed.replace('3.5', '2')).toBe(first);
    for (const selector of [
      '.skip-link',
      '.site-header',
      '.mobile-chapters',
      '.sidebar',
      '.toc',
      '.prev-next',
      '.heading-anchor',
      '[data-cell-link]',
      '[data-cell] button',
      // A cell's In/Out badges and its sliders: each field prints its value beside its label.
      '[data-cell] .cell-badge',
      '[data-cell] input[type="range"]',
    ]) {
      const found = page.locator(selector);
      expect(await found.count(), `${selector} is on the page`).toBeGreaterThan(0);
      const shown = await found.evaluateAll((all) =>
        all.filter((el) => el.getClientRects().length > 0).map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(shown, `${selector} prints`).toEqual([]);
    }
    // A field prints the value it holds, as text with no box around it; the chapter's own text stays.
    const field = page.locator(`${SOFTMAX.cell} [data-field="${SOFTMAX.field}"]`);
    await expect(field.inputValue()).resolves.toBe('3.5');
    await expect(
      field.evaluate((el) => {
        const style = getComputedStyle(el);
        return [style.borderTopColor, style.backgroundColor];
      }),
    ).resolves.toEqual(['rgba(0, 0, 0, 0)', 'rgba(0, 0, 0, 0)']);
    await expect(page.locator('h1').isVisible()).resolves.toBe(true);
    expect(errors).toEqual([]);
  });

  it('prints in the light theme whatever theme the reader chose', async () => {
    const { page } = await open(SOFTMAX.path);
    await page.locator('[data-theme-toggle]').first().click();
    await expect(page.evaluate(() => document.documentElement.dataset['theme'])).resolves.toBe(
      'dark',
    );
    const colours = () =>
      page.evaluate(() => {
        const style = (el: Element) => getComputedStyle(el);
        const cell = document.querySelector('[data-cell] [data-cell-outputs]');
        return {
          page: style(document.documentElement).backgroundColor,
          text: style(document.body).color,
          cell: cell === null ? '' : style(cell).backgroundColor,
        };
      });
    const screen = await colours();
    await page.emulateMedia({ media: 'print' });
    const paper = await colours();
    expect(screen.page).not.toBe(paper.page);
    expect(paper).toEqual({
      page: 'rgb(255, 255, 255)',
      text: 'rgb(0, 0, 0)',
      cell: 'rgb(255, 255, 255)',
    });
  });

  it('prints a PDF with the chapter, written-out link targets and the changed caption, and no navigation or split cell', async () => {
    const { page, errors } = await open(BATCH.path);
    await typeInto(page, BATCH.cell, BATCH.field, '3.5');
    const title = squeeze((await page.locator('h1').textContent()) ?? '');
    const navigation = {
      contents: squeeze(await page.locator('.toc').innerText()),
      chapters: squeeze(await page.locator('.sidebar .nav-list').innerText()),
      prevNext: squeeze(await page.locator('.prev-next').innerText()),
    };
    const hrefOf = (selector: string) => page.locator(selector).first().getAttribute('href');
    const externalLink = await hrefOf('.prose a[href^="https://"]:not([data-print-shows-target])');
    const chapterLink = await hrefOf('.prose a.chapter-ref');
    const chapterPrinted = await page
      .locator('.prose a.chapter-ref')
      .first()
      .getAttribute('data-print-href');
    const inPageLink = await hrefOf('.prose a[href^="#"]:not(.heading-anchor)');
    const buttons = await page.evaluate(() => {
      const prose = document.querySelector('.prose')?.cloneNode(true) as HTMLElement;
      for (const cell of prose.querySelectorAll('[data-cell]')) cell.remove();
      const text = prose.textContent.replace(/\s+/g, ' ');
      return [...document.querySelectorAll('[data-cell] button')].map((button) => {
        const label = button.textContent.replace(/\s+/g, ' ').trim();
        return { label, inProse: text.split(label).length - 1 };
      });
    });
    expect(buttons.length).toBeGreaterThan(0);
    await page.emulateMedia({ media: 'print' });
    const cells = await cellsOf(page);
    const texts = await pdfPages(await page.pdf({ format: 'A4' }));
    const whole = texts.join(' ');
    // Link targets may wrap anywhere: compare them with the white space taken out.
    const bareText = bare(whole);

    expect(texts.length).toBeGreaterThan(1);
    expect(whole).toContain(title);
    for (const absent of ['On this page', 'Link to this state', 'Skip to content']) {
      expect(whole, absent).not.toContain(absent);
    }
    expect(navigation.contents.length).toBeGreaterThan(0);
    expect(whole).not.toContain(navigation.contents);
    expect(whole).not.toContain(navigation.chapters);
    expect(whole).not.toContain(navigation.prevNext);
    // A cell's button prints nowhere: its label appears only where the prose names it.
    for (const { label, inProse } of buttons) {
      expect(whole.split(label).length - 1, `button ${label}`).toBe(inProse);
    }

    expect(externalLink).toMatch(/^https:\/\//);
    expect(bareText).toContain(`(${externalLink})`);
    expect(chapterLink).toMatch(/^\/[a-z-]+\/$/);
    // The chapter's full address when the build knew the site's (SITE_URL), else its path.
    expect(chapterPrinted).toBe(
      process.env['SITE_URL']
        ? new URL(chapterLink ?? '', process.env['SITE_URL']).href
        : chapterLink,
    );
    expect(bareText).toContain(`(${chapterPrinted})`);
    // An in-page reference (an equation, a footnote) is not written out.
    expect(inPageLink).toMatch(/^#./);
    expect(bareText).not.toContain(`(${inPageLink})`);

    // The changed cell prints as numbered figure 6.1 with its new parameters.
    expect(cells.map((c) => c.caption)[0]).toMatch(/^logits x = \[\(3\.5, /);
    expect(bareText).toContain(bare(`Cell ${chapterNumber(BATCH.path)}.1: ${cells[0]?.caption}`));
    for (const cell of cells) {
      const withCaption = texts.findIndex((text) => text.includes(cell.caption));
      expect(withCaption, `caption of ${cell.title}`).toBeGreaterThanOrEqual(0);
      expect(texts[withCaption], `${cell.title} split across pages`).toContain(cell.title);
    }
    expect(errors).toEqual([]);
  });

  it('writes a bare URL once, since its text already is its target', async () => {
    const { page } = await open(SOFTMAX.path);
    const bareUrl = await page.evaluate(() => {
      const href = document
        .querySelector('.prose a[data-print-shows-target]')
        ?.getAttribute('href');
      const text = document.querySelector('.prose')?.textContent.replace(/\s+/g, '') ?? '';
      return href ? { href, inText: text.split(href).length - 1 } : null;
    });
    expect(bareUrl?.href).toMatch(/^https:\/\//);
    const printed = bare((await pdfPages(await page.pdf({ format: 'A4' }))).join(''));
    expect(printed.split(bareUrl?.href ?? '').length - 1).toBe(bareUrl?.inText);
  });

  it('prints the first state the page was built with when JavaScript is off', async () => {
    const built = await open(SOFTMAX.path, false);
    await built.page.emulateMedia({ media: 'print' });
    const captions = built.page.locator('[data-cell-caption]');
    await expect(captions.first().isVisible()).resolves.toBe(true);
    const cells = await cellsOf(built.page);
    // The chapter passes logits [2, 1, 0.1] and a temperature control (softmax-and-logits.mdx).
    expect(cells[0]?.caption).toBe('logits o = (2, 1, 0.1), temperature T = 1');
    const hydrated = await cellsOf((await open(SOFTMAX.path)).page);
    expect(cells).toEqual(hydrated);

    const texts = await pdfPages(await built.page.pdf({ format: 'A4' }));
    for (const cell of cells) expect(texts.join(' ')).toContain(cell.caption);
  });
  it.each(CHAPTERS_WITH_CELLS)(
    'prints %s on A4 and Letter with each cell whole, numbered and captioned at its foot, fields as values, and no address after an equation reference',
    async (path) => {
      expect(CHAPTERS_WITH_CELLS.length).toBeGreaterThan(4);
      const { page, errors } = await open(path);
      await page.emulateMedia({ media: 'print' });
      const chapter = chapterNumber(path);
      const cells = await page.locator('[data-cell]').evaluateAll((all) =>
        all.map((cell) => {
          const firstLine = (el: Element | null) =>
            ((el as HTMLElement | null)?.innerText ?? '')
              .split('\n')
              .map((line) => line.trim())
              .find((line) => line !== '') ?? '';
          const shown = (el: Element) => el.getClientRects().length > 0;
          const choices = [...cell.querySelectorAll('label')].filter((label) =>
            label.querySelector(':scope > input[type="radio"], :scope > input[type="checkbox"]'),
          );
          return {
            title: cell.querySelector('.cell-title')?.textContent.trim() ?? '',
            caption:
              cell.querySelector('[data-cell-caption]')?.textContent.replace(/\s+/g, ' ').trim() ??
              '',
            output: firstLine(
              cell.querySelector('[data-cell-printed]') ??
                cell.querySelector('[data-cell-outputs]'),
            ),
            // The caption sits at the figure's foot, below the outputs; the program after it.
            order: [
              '.cell-head',
              '[data-cell-outputs]',
              '[data-cell-caption]',
              '[data-cell-program]',
            ].map((part) => {
              const rect = cell.querySelector(part)?.getBoundingClientRect();
              return rect === undefined ? -1 : rect.top + scrollY;
            }),
            // The figure draws no frame of its own, so no stub of it can stay behind on a page.
            frame: getComputedStyle(cell).borderTopWidth,
            headFrame: getComputedStyle(cell.querySelector('.cell-head') as Element).borderTopWidth,
            // Chrome that does nothing on paper: shown, it would print.
            chrome: [
              ...cell.querySelectorAll(
                'input[type="range"], input[type="radio"], input[type="checkbox"], .cell-badge, button',
              ),
            ]
              .filter(shown)
              .map((el) => el.outerHTML.slice(0, 60)),
            unchosenShown: choices
              .filter((label) => !label.querySelector('input')?.checked && shown(label))
              .map((label) => label.textContent.trim()),
            chosenHidden: choices
              .filter((label) => label.querySelector('input')?.checked && !shown(label))
              .map((label) => label.textContent.trim()),
          };
        }),
      );
      const references = await page
        .locator('.prose a.eqref')
        .evaluateAll((links) =>
          links.map((a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') ?? '' })),
        );
      expect(cells.length).toBeGreaterThan(0);
      for (const cell of cells) {
        expect(cell.output, `${cell.title}: an output`).not.toBe('');
        expect([cell.frame, cell.headFrame], `${cell.title}: frame`).toEqual(['0px', '1px']);
        expect(cell.order, `${cell.title}: title, outputs, caption, program`).toEqual(
          [...cell.order].sort((a, b) => a - b),
        );
        expect(Math.min(...cell.order), `${cell.title}: each part`).toBeGreaterThanOrEqual(0);
        expect(cell.chrome, `${cell.title}: chrome on paper`).toEqual([]);
        expect(cell.unchosenShown, `${cell.title}: options not chosen`).toEqual([]);
        expect(cell.chosenHidden, `${cell.title}: the chosen option`).toEqual([]);
      }

      for (const format of ['A4', 'Letter'] as const) {
        const texts = (await pdfPages(await page.pdf({ format }))).map(bare);
        cells.forEach((cell, n) => {
          const caption = bare(`Cell ${chapter}.${n + 1}: ${cell.caption}`);
          const at = texts.findIndex((text) => text.includes(caption));
          expect(at, `${format}: ${caption}`).toBeGreaterThanOrEqual(0);
          const sheet = texts[at] ?? '';
          // Title at the top, caption at the foot: one page holds them, so all between them too.
          expect(sheet, `${format}: ${cell.title} split from its caption`).toContain(
            bare(cell.title),
          );
          expect(sheet, `${format}: ${cell.title}'s output`).toContain(bare(cell.output));
        });
        const whole = texts.join('');
        // No empty chart's axes: the training race's "steps 0 to 0" stays off paper.
        expect(whole, `${format}: an empty chart`).not.toContain('steps0to0');
        // An equation reference prints its number, not its address; nor does a footnote mark.
        for (const { text } of references) {
          expect(whole, `${format}: ${text}`).not.toMatch(
            new RegExp(`${text.replace(/[().]/g, '\\$&')}\\((?:/|https?:)`),
          );
        }
        expect(whole).not.toContain('#user-content-fn');
      }
      expect(errors).toEqual([]);
    },
  );

  it('prints the PyTorch cell page with the program and what it printed, and no controls', async () => {
    const { page, errors } = await open('/pytorch-cell/');
    const cell = page.locator('[data-pytorch-cell]');
    // A reader's own program, run, as the cell then holds it.
    const program =
      'import torch\nx = torch.tensor([2.0, 1.0, 0.1])\nprint(x.softmax(dim=0))\nprint(y)';
    await cell.locator('[data-pycell-editor]').fill(program);
    await cell.locator('[data-pycell-run]').click();
    await expect.poll(() => cell.locator('[data-pycell-run]').textContent()).toBe('Run');
    const output = ['tensor([0.6590, 0.2424, 0.0986])', "NameError: name 'y' is not defined"];
    expect(await cell.locator('[data-pycell-output] pre').allTextContents()).toEqual(output);
    await cell.locator('[data-pycell-link]').click();
    await expect.poll(() => cell.locator('[data-pycell-link-note]').textContent()).toMatch(/link/i);
    const labels = await page.evaluate(() => {
      const prose = document.querySelector('.prose')?.cloneNode(true) as HTMLElement;
      for (const cell of prose.querySelectorAll('[data-cell]')) cell.remove();
      const text = prose.textContent.replace(/\s+/g, '');
      const cell = document.querySelector('[data-pytorch-cell]');
      return [
        ...[...(cell?.querySelectorAll('button, label, [data-pycell-link-note]') ?? [])].map((el) =>
          el.textContent.replace(/\s+/g, ''),
        ),
        (cell?.querySelector('.pycell-hint')?.textContent ?? '').replace(/\s+/g, ''),
      ]
        .filter((label) => label !== '')
        .map((label) => ({ label, inProse: text.split(label).length - 1 }));
    });
    expect(labels.length).toBeGreaterThan(4);
    await page.emulateMedia({ media: 'print' });
    // On paper: the program (its coloured copy, not the textarea over it or the line numbers that
    // wrapped lines would leave behind) and the output; no button, menu, hint, badge or note.
    const shown = await cell.evaluate((figure) =>
      [...figure.querySelectorAll('*')]
        .filter(
          (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden',
        )
        .map((el) => el.tagName.toLowerCase() + [...el.classList].map((c) => `.${c}`).join('')),
    );
    for (const part of ['pre.pycell-layer', 'pre.pycell-stdout', 'pre.pycell-error']) {
      expect(
        shown.some((el) => el.startsWith(part)),
        part,
      ).toBe(true);
    }
    for (const chrome of [
      'button',
      'select',
      'textarea',
      'label',
      'pycell-gutter',
      'pycell-hint',
      'pycell-badge',
      'pycell-note',
    ]) {
      expect(
        shown.filter((el) => el.split('.').includes(chrome) || el.startsWith(chrome)),
        chrome,
      ).toEqual([]);
    }
    const texts = await pdfPages(await page.pdf({ format: 'A4' }));
    const printed = bare(texts.join(''));
    expect(printed).toContain(bare(program));
    for (const line of output) expect(printed).toContain(bare(line));
    for (const { label, inProse } of labels) {
      expect(printed.split(label).length - 1, label).toBe(inProse);
    }
    // The program and its output are one figure on one sheet.
    expect(
      texts.some(
        (text) => bare(text).includes(bare(program)) && bare(text).includes(bare(output[1] ?? '')),
      ),
    ).toBe(true);
    expect(errors).toEqual([]);
  });

  it('prints an untrained race as a short line instead of empty loss charts, its chosen start only, and the curves once it has trained', async () => {
    const { page } = await open(RACE.path);
    const race = page.locator(RACE.cell);
    const unchosen = squeeze(
      (await race.locator('label:has(input[type="radio"]:not(:checked))').textContent()) ?? '',
    );
    const chosen = squeeze(
      (await race.locator('label:has(input[type="radio"]:checked)').textContent()) ?? '',
    );
    // How often the prose outside cells names the option that is not chosen.
    const inProse = await page.evaluate((label) => {
      const prose = document.querySelector('.prose')?.cloneNode(true) as HTMLElement;
      for (const cell of prose.querySelectorAll('[data-cell]')) cell.remove();
      return prose.textContent.replace(/\s+/g, '').split(label.replace(/\s+/g, '')).length - 1;
    }, unchosen);
    await page.emulateMedia({ media: 'print' });
    const untrained = bare((await pdfPages(await page.pdf({ format: 'A4' }))).join(''));
    expect(untrained).toContain(bare('Not trained yet (step 0 of 1000)'));
    expect(untrained).not.toMatch(/steps0to\d/);
    expect(untrained).toContain(bare(`Start from: ${chosen}`));
    expect(untrained.split(bare(unchosen)).length - 1, unchosen).toBe(inProse);

    await page.emulateMedia({ media: 'screen' });
    await race.locator('[data-step]').click();
    await expect.poll(() => race.locator('[data-race-step]').textContent()).toBe('1');
    await page.emulateMedia({ media: 'print' });
    const trained = bare((await pdfPages(await page.pdf({ format: 'A4' }))).join(''));
    expect(trained).not.toContain(bare('Not trained yet'));
    expect(trained.split('steps0to1across').length - 1).toBe(2);
  });
});
