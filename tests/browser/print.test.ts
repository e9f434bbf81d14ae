// Printing a chapter, as a reader does after playing with a cell: under print media the frame's
// navigation is gone and each cell carries a caption of its parameters; the PDF Chromium prints
// has the chapter, its link targets and the changed caption, no navigation, and no cell split
// across pages. Without JavaScript the cells print the first state the HTML was built with.
import type { Page } from 'playwright-core';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterEach, describe, expect, it } from 'vitest';
import { browserSession, openChapter } from '../support/browser-session';

/** Two chapters and a cell of each: a small cell with two per page, and a wide batch table. */
const SOFTMAX = { path: '/softmax-and-logits/', cell: '#cell-softmax-explorer', field: 'logit o₁' };
const BATCH = {
  path: '/pytorch-cross-entropy-loss/',
  cell: '#cell-batch-playground',
  field: 'logit of sample 0, class 0',
};
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

/** Each cell's title and print caption, in page order. */
async function cellsOf(page: Page): Promise<{ title: string; caption: string }[]> {
  return page.locator('[data-cell]').evaluateAll((cells) =>
    cells.map((cell) => ({
      title: cell.querySelector('.cell-title')?.textContent.trim() ?? '',
      caption:
        cell.querySelector('[data-cell-caption]')?.textContent.replace(/\s+/g, ' ').trim() ?? '',
    })),
  );
}

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
    expect(changed).toMatch(/^Parameters: logits o = \(3\.5, /);
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
    ]) {
      const found = page.locator(selector);
      expect(await found.count(), `${selector} is on the page`).toBeGreaterThan(0);
      const shown = await found.evaluateAll((all) =>
        all.filter((el) => el.getClientRects().length > 0).map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(shown, `${selector} prints`).toEqual([]);
    }
    // A field prints the value it holds; the chapter's own text stays.
    await expect(
      page.locator(`${SOFTMAX.cell} [data-field="${SOFTMAX.field}"]`).inputValue(),
    ).resolves.toBe('3.5');
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
        const cell = document.querySelector('[data-cell]');
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
    const bare = whole.replace(/\s+/g, '');

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
    expect(bare).toContain(`(${externalLink})`);
    expect(chapterLink).toMatch(/^\/[a-z-]+\/$/);
    // The chapter's full address when the build knew the site's (SITE_URL), else its path.
    expect(chapterPrinted).toBe(
      process.env['SITE_URL']
        ? new URL(chapterLink ?? '', process.env['SITE_URL']).href
        : chapterLink,
    );
    expect(bare).toContain(`(${chapterPrinted})`);
    // An in-page reference (an equation, a footnote) is not written out.
    expect(inPageLink).toMatch(/^#./);
    expect(bare).not.toContain(`(${inPageLink})`);

    expect(cells.map((c) => c.caption)[0]).toMatch(/^Parameters: logits x = \[\(3\.5, /);
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
    const bare = (await pdfPages(await page.pdf({ format: 'A4' }))).join('').replace(/\s+/g, '');
    expect(bare.split(bareUrl?.href ?? '').length - 1).toBe(bareUrl?.inText);
  });

  it('prints the first state the page was built with when JavaScript is off', async () => {
    const built = await open(SOFTMAX.path, false);
    await built.page.emulateMedia({ media: 'print' });
    const captions = built.page.locator('[data-cell-caption]');
    await expect(captions.first().isVisible()).resolves.toBe(true);
    const cells = await cellsOf(built.page);
    // The chapter passes logits [2, 1, 0.1] and a temperature control (softmax-and-logits.mdx).
    expect(cells[0]?.caption).toBe('Parameters: logits o = (2, 1, 0.1), temperature T = 1');
    const hydrated = await cellsOf((await open(SOFTMAX.path)).page);
    expect(cells).toEqual(hydrated);

    const texts = await pdfPages(await built.page.pdf({ format: 'A4' }));
    for (const cell of cells) expect(texts.join(' ')).toContain(cell.caption);
  });
});
