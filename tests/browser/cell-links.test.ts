// Links to a cell's state, on the built site: every cell of every chapter writes its state into
// the page's fragment, a fresh page opened at that link shows the same state with the cell
// scrolled into view, and hostile or random fragments are refused with a note in that cell
// while the page keeps working.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, builtPages } from '../support/browser-session';
import { SITE_DIR } from '../support/static-server';

/** A built page's HTML, by the path a reader visits. */
const htmlOf = (path: string) =>
  readFileSync(join(SITE_DIR, path.endsWith('/') ? `${path}index.html` : path), 'utf8');

/** Every page with shareable cells, and their ids in page order. */
const cellsByPage = builtPages().flatMap((path) => {
  const html = htmlOf(path);
  const ids = [...html.matchAll(/<figure[^>]*\bid="cell-([a-z0-9-]+)"/g)].map((m) => m[1] ?? '');
  return ids.length === 0 ? [] : [[path, ids] as const];
});

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

/** Whether the cell's top is inside the window, as after following a link to it. */
async function inView(page: Page, id: string): Promise<boolean> {
  return page.evaluate((cell) => {
    const box = document.getElementById(`cell-${cell}`)?.getBoundingClientRect();
    return box !== undefined && box.top >= -1 && box.top < innerHeight;
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

/** Fragments no cell may apply: unknown keys, broken escapes, markup, oversize, wrong numbers. */
function hostileQueries(seed: number): string[] {
  // A small seeded generator, so a failure names a query that can be replayed.
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const random = Array.from({ length: 2 }, () =>
    Array.from({ length: 12 + Math.floor(next() * 40) }, () =>
      String.fromCharCode(33 + Math.floor(next() * 94)),
    ).join(''),
  );
  return [
    'zzz=1',
    'x=%E0%A4%A',
    `o=${'9,'.repeat(1200)}9`,
    'o=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E',
    ...random.map((r) => `zz${encodeURIComponent(r)}=1`),
  ];
}

describe.each(cellsByPage)('cell links on %s', (path, ids) => {
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

describe('cell ids', () => {
  it('every cell on every page has an id of its own', () => {
    expect(cellsByPage.length).toBeGreaterThan(0);
    for (const path of builtPages()) {
      const html = htmlOf(path);
      const cells = html.match(/<figure[^>]*\bdata-cell\b/g) ?? [];
      const ids = [...html.matchAll(/<figure[^>]*\bid="cell-([a-z0-9-]+)"/g)].map((m) => m[1]);
      expect(ids.length, `${path}: cells without an id`).toBe(cells.length);
      expect(new Set(ids).size, `${path}: two cells share an id`).toBe(ids.length);
    }
  });
});
