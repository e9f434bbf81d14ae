// Links to a cell's state, on the built site: every cell of every page (a widget cell's
// parameters, a PyTorch cell's program) writes its state into the page's fragment, a fresh page
// opened at that link shows the same state with the cell scrolled into view, and hostile or
// random fragments are refused with a note in that cell while the page keeps working.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, builtPages } from '../support/browser-session';
import { SITE_DIR } from '../support/static-server';

/** A built page's HTML, by the path a reader visits. */
const htmlOf = (path: string) =>
  readFileSync(join(SITE_DIR, path.endsWith('/') ? `${path}index.html` : path), 'utf8');

/**
 * Every page with shareable cells of one kind, and their ids in page order. A widget cell links
 * to its parameters (`#cell/<id>?o=…`) and says what they give in its summary; a PyTorch cell
 * (data-pytorch-cell: /pytorch-cell/'s scratch cell) links to its program (`#cell/<id>?code=…`)
 * and shows it in its editor, so each kind has its own tests below, on the same terms.
 */
const cellsByPage = (pytorch: boolean) =>
  builtPages().flatMap((path) => {
    const html = htmlOf(path);
    const ids = [...html.matchAll(/<figure([^>]*)>/g)]
      .filter((m) => /\bdata-pytorch-cell\b/.test(m[1] ?? '') === pytorch)
      .map((m) => /\bid="cell-([a-z0-9-]+)"/.exec(m[1] ?? '')?.[1])
      .filter((id) => id !== undefined);
    return ids.length === 0 ? [] : [[path, ids] as const];
  });
const widgetCellsByPage = cellsByPage(false);
const programCellsByPage = cellsByPage(true);

const session = browserSession();

/** Open `url` in a fresh page, recording every error it logs or throws. */
async function open(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await session.browser.newPage({ viewport: { width: 1000, height: 800 } });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  return { page, errors };
}

/** Scroll to cell `id` and reach for it, as a reader does (a client:interaction cell loads then). */
async function reach(page: Page, id: string): Promise<void> {
  const cell = page.locator(`#cell-${id}`);
  await cell.scrollIntoViewIfNeeded();
  await cell.dispatchEvent('focusin');
}

/** Wait until the island holding cell `id` has hydrated (a linked cell must do so unscrolled). */
async function cellHydrated(page: Page, id: string): Promise<void> {
  await page.waitForFunction((cell) => {
    const island = document.getElementById(`cell-${cell}`)?.closest('astro-island');
    return island !== null && island !== undefined && !island.hasAttribute('ssr');
  }, id);
}

/** A cell's summary sentence and its link note. */
async function readCell(page: Page, id: string): Promise<{ summary: string; note: string }> {
  const cell = page.locator(`#cell-${id}`);
  return {
    summary: (await cell.locator('[data-cell-summary]').textContent()) ?? '',
    note: (await cell.locator('[data-cell-link-note]').textContent()) ?? '',
  };
}

/** Whether the cell's top is inside the window below the sticky header, as after following a link to it. */
async function inView(page: Page, id: string): Promise<boolean> {
  return page.evaluate((cell) => {
    const box = document.getElementById(`cell-${cell}`)?.getBoundingClientRect();
    // Below the sticky header, not under it.
    const header = document.querySelector('.site-header')?.getBoundingClientRect().bottom ?? 0;
    return box !== undefined && box.top >= header - 1 && box.top < innerHeight;
  }, id);
}

/** Change the cell the way a reader would: halve its first number field, if that keeps it valid. */
async function changeCell(page: Page, id: string): Promise<void> {
  const cell = page.locator(`#cell-${id}`);
  const field = cell.locator('input[inputmode="decimal"], input[type="text"]').first();
  if ((await field.count()) === 0) return;
  const before = await field.inputValue();
  const halved = String(Number(before) / 2);
  if (!Number.isFinite(Number(before)) || halved === before) return;
  await field.fill(halved);
  if (((await cell.locator('[data-cell-error]').textContent()) ?? '') !== '')
    await field.fill(before);
}

/** Two random printable strings, from a small seeded generator, so a failure can be replayed. */
function randomTexts(seed: number): string[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  return Array.from({ length: 2 }, () =>
    Array.from({ length: 12 + Math.floor(next() * 40) }, () =>
      String.fromCharCode(33 + Math.floor(next() * 94)),
    ).join(''),
  );
}

/** Fragments no cell may apply: unknown keys, broken escapes, markup, oversize, wrong numbers. */
function hostileQueries(seed: number): string[] {
  const random = randomTexts(seed);
  return [
    'zzz=1',
    'x=%E0%A4%A',
    `o=${'9,'.repeat(1200)}9`,
    'o=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
    ...random.map((r) => `zz${encodeURIComponent(r)}=1`),
  ];
}

describe.each(widgetCellsByPage)('cell links on %s', (path, ids) => {
  it.each(ids)(
    '%s: a link to its changed state reopens that state, scrolled into view',
    async (id) => {
      const first = await open(new URL(path, session.site.url).href);
      await reach(first.page, id);
      await cellHydrated(first.page, id);
      await changeCell(first.page, id);
      const shared = await readCell(first.page, id);
      await first.page.locator(`#cell-${id} [data-cell-link]`).click();
      await first.page.waitForFunction(() => location.hash.startsWith('#cell/'));
      const link = first.page.url();
      expect(new URL(link).hash).toMatch(new RegExp(`^#cell/${id}(\\?|$)`));
      expect(new URL(link).search).toBe('');
      expect((await readCell(first.page, id)).note).toMatch(/link to this state/i);

      const second = await open(link);
      await cellHydrated(second.page, id);
      await second.page.waitForFunction(
        (cell) => document.querySelector(`#cell-${cell} [data-cell-link-note]`)?.textContent,
        id,
      );
      const reopened = await readCell(second.page, id);
      expect(reopened.summary).toBe(shared.summary);
      expect(reopened.note).toBe('State restored from the link.');
      expect(await inView(second.page, id)).toBe(true);
      expect([...first.errors, ...second.errors]).toEqual([]);
      await first.page.close();
      await second.page.close();
    },
  );

  it.each(ids)(
    '%s: hostile and random links are refused with a note, and nothing breaks',
    async (id) => {
      const plain = await open(new URL(path, session.site.url).href);
      await reach(plain.page, id);
      await cellHydrated(plain.page, id);
      const untouched = await readCell(plain.page, id);
      await plain.page.close();
      // The first link arrives with a fresh page, the others as the reader pastes them into it.
      const [firstQuery, ...others] = hostileQueries(id.length);
      const { page, errors } = await open(
        `${new URL(path, session.site.url).href}#cell/${id}?${firstQuery}`,
      );
      await cellHydrated(page, id);
      let note = '';
      for (const query of [firstQuery, ...others]) {
        if (query !== firstQuery) {
          await page.evaluate((h) => (location.hash = h), `#cell/${id}?${query}`);
        }
        await page.waitForFunction(
          ([cell, before]) => {
            const shown = document.querySelector(
              `#cell-${cell} [data-cell-link-note]`,
            )?.textContent;
            return typeof shown === 'string' && shown !== '' && shown !== before;
          },
          [id, note] as const,
        );
        const shown = await readCell(page, id);
        note = shown.note;
        expect(shown.note, query).toMatch(
          /^The link's state was not applied: .+\. The cell is unchanged\.$/,
        );
        expect(shown.summary, query).toBe(untouched.summary);
        expect(await page.locator('img[src="x"]').count()).toBe(0);
      }
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});

/**
 * Program links no PyTorch cell may load: unknown keys, a broken escape, numbers and markup where
 * base64url belongs, a program over the 8 KB a link carries. Neighbours give different notes, so
 * each one's note is seen to arrive.
 */
function hostileProgramQueries(seed: number): string[] {
  const [first = '', second = ''] = randomTexts(seed);
  return [
    'zzz=1',
    'code=%E0%A4%A',
    `code=${'9,'.repeat(1200)}9`,
    `zz${encodeURIComponent(first)}=1`,
    'code=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
    `zz${encodeURIComponent(second)}=1`,
    `code=${'QUFB'.repeat(2800)}`,
  ];
}

/** A PyTorch cell's state: the program in its editor, what it printed, and its link note. */
async function readProgramCell(
  page: Page,
  id: string,
): Promise<{ program: string; output: string; note: string }> {
  const cell = page.locator(`#cell-${id}`);
  return {
    program: await cell.locator('[data-pycell-editor]').inputValue(),
    output: (await cell.locator('[data-pycell-output] pre').allTextContents()).join('\n'),
    note: (await cell.locator('[data-pycell-link-note]').textContent()) ?? '',
  };
}

/** Wait until a PyTorch cell is not running a program. */
const settled = (page: Page, id: string) =>
  expect
    .poll(() => page.locator(`#cell-${id} [data-pycell-run]`).textContent(), { timeout: 30_000 })
    .toBe('Run');

describe.each(programCellsByPage)('program links on %s', (path, ids) => {
  it.each(ids)(
    '%s: a link to its changed program reopens that program and its output, scrolled into view',
    async (id) => {
      const first = await open(new URL(path, session.site.url).href);
      await reach(first.page, id);
      await cellHydrated(first.page, id);
      const program = 'import torch\nx = torch.tensor([2.0, 1.0, 0.1])\nprint(x.softmax(dim=0))';
      await first.page.locator(`#cell-${id} [data-pycell-editor]`).fill(program);
      await first.page.locator(`#cell-${id} [data-pycell-run]`).click();
      await settled(first.page, id);
      const shared = await readProgramCell(first.page, id);
      expect(shared.output).toBe('tensor([0.6590, 0.2424, 0.0986])');
      await first.page.locator(`#cell-${id} [data-pycell-link]`).click();
      await first.page.waitForFunction(() => location.hash.startsWith('#cell/'));
      const link = first.page.url();
      expect(new URL(link).hash).toMatch(new RegExp(`^#cell/${id}\\?code=[\\w-]+$`));
      expect(new URL(link).search).toBe('');
      expect((await readProgramCell(first.page, id)).note).toMatch(/link to this program/i);

      const second = await open(link);
      await cellHydrated(second.page, id);
      await settled(second.page, id);
      await expect
        .poll(async () => (await readProgramCell(second.page, id)).output)
        .toBe(shared.output);
      const reopened = await readProgramCell(second.page, id);
      expect(reopened.program).toBe(program);
      expect(reopened.note).toBe('Program loaded from the link.');
      expect(await inView(second.page, id)).toBe(true);
      expect([...first.errors, ...second.errors]).toEqual([]);
      await first.page.close();
      await second.page.close();
    },
  );

  it.each(ids)(
    '%s: hostile and random program links are refused with a note, and nothing breaks',
    async (id) => {
      const plain = await open(new URL(path, session.site.url).href);
      await reach(plain.page, id);
      await cellHydrated(plain.page, id);
      const untouched = await readProgramCell(plain.page, id);
      await plain.page.close();
      const [firstQuery = '', ...others] = hostileProgramQueries(id.length);
      const { page, errors } = await open(
        `${new URL(path, session.site.url).href}#cell/${id}?${firstQuery}`,
      );
      await cellHydrated(page, id);
      let note = '';
      for (const query of [firstQuery, ...others]) {
        if (query !== firstQuery) {
          await page.evaluate((h) => (location.hash = h), `#cell/${id}?${query}`);
        }
        await page.waitForFunction(
          ([cell, before]) => {
            const shown = document.querySelector(
              `#cell-${cell} [data-pycell-link-note]`,
            )?.textContent;
            return typeof shown === 'string' && shown.trim() !== '' && shown !== before;
          },
          [id, note] as const,
        );
        const shown = await readProgramCell(page, id);
        note = shown.note;
        expect(shown.note.trim(), query.slice(0, 60)).toMatch(
          /^The link's program was not loaded: .+\. The cell keeps its own program\.$/,
        );
        expect({ ...shown, note: '' }, query.slice(0, 60)).toEqual({ ...untouched, note: '' });
        expect(await page.locator('img[src="x"]').count()).toBe(0);
      }
      expect(errors).toEqual([]);
      await page.close();
    },
  );
});

describe('cell ids', () => {
  it('every cell on every page has an id of its own', () => {
    expect(widgetCellsByPage.length).toBeGreaterThan(0);
    expect(programCellsByPage.map(([path]) => path)).toEqual(['/pytorch-cell/']);
    for (const path of builtPages()) {
      const html = htmlOf(path);
      const cells = html.match(/<figure[^>]*\bdata-cell\b/g) ?? [];
      const ids = [...html.matchAll(/<figure[^>]*\bid="cell-([a-z0-9-]+)"/g)].map((m) => m[1]);
      expect(ids.length, `${path}: cells without an id`).toBe(cells.length);
      expect(new Set(ids).size, `${path}: two cells share an id`).toBe(ids.length);
    }
  });
});
