// The cell gallery (/widgets/) in Chromium: every barrel cell with its props table and its line of
// MDX, and cells that load only as they scroll into view (its axe scan in both themes is
// site.test.ts's, over every built page).
import { describe, expect, it } from 'vitest';
import {
  adviseDirective,
  cellPlacements,
  inlineCodeRuns,
  readWidgetProps,
  shownType,
} from '../../src/lib/widget-props';
import { browserSession, openChapter } from '../support/browser-session';

const GALLERY = '/widgets/';
const WIDGETS = readWidgetProps();
const PLACEMENTS = cellPlacements(WIDGETS.map((w) => w.name));
/** A doc comment as the page shows it: its code spans' backticks gone. */
const shown = (text: string): string =>
  inlineCodeRuns(text)
    .map((r) => r.text)
    .join('');
const session = browserSession();

describe('the cell gallery', () => {
  it('places every barrel cell, rendered, with its props table and its line of MDX', async () => {
    const { page } = await openChapter(session, GALLERY, { javaScript: false });
    expect(await page.title()).toBe('Cell gallery · Cross-Entropy Notebook');
    const islands = page.locator('astro-island');
    expect(await islands.count()).toBe(WIDGETS.length);
    for (const widget of WIDGETS) {
      await expect
        .soft(page.locator(`h2#${widget.folder}`).textContent(), widget.name)
        .resolves.toBe(widget.name);
      // The cell's first state is in the HTML, inside an island that waits to be seen.
      const cell = page.locator(`#cell-${widget.folder}`);
      expect(await cell.count(), widget.name).toBe(1);
      expect(
        await cell.evaluate((el) => el.closest('astro-island')?.getAttribute('client')),
        widget.name,
      ).toBe('visible');
      const rows = page.locator(`[data-props-table="${widget.name}"] tbody tr`);
      expect(await rows.count(), widget.name).toBe(widget.props.length);
      for (const [i, prop] of widget.props.entries()) {
        const cells = await rows.nth(i).locator('th, td').allTextContents();
        expect(
          cells.map((c) => c.trim()),
          `${widget.name}.${prop.name}`,
        ).toEqual([
          prop.name,
          shownType(prop),
          prop.required ? 'required' : (prop.default ?? ''),
          shown(prop.description) + (prop.common ? ' (every cell takes it)' : ''),
        ]);
        // Its code spans are code; nothing else of the comment is markup.
        const doc = rows.nth(i).locator('td').last();
        expect(await doc.locator('code').allTextContents(), `${widget.name}.${prop.name}`).toEqual(
          inlineCodeRuns(prop.description)
            .filter((r) => r.code)
            .map((r) => r.text),
        );
        expect(
          await doc.evaluate((el) => el.textContent),
          `${widget.name}.${prop.name}`,
        ).not.toContain('`');
      }
      // A required prop shows in the line with a placeholder to fill in.
      const required = widget.props
        .filter((p) => p.required)
        .map((p) => (p.kind.kind === 'string' ? ` ${p.name}="…"` : ` ${p.name}={…}`));
      // The line carries the directive the chapters place the cell with, and says so.
      const { directive } = adviseDirective(PLACEMENTS.get(widget.name) ?? []);
      expect(await page.locator(`[data-mdx="${widget.name}"]`).textContent()).toBe(
        `<${widget.name} ${directive}${required.join('')} />`,
      );
      expect(
        await page.locator(`[data-directive-note="${widget.name}"] code`).first().textContent(),
        widget.name,
      ).toBe(directive);
    }
    await page.context().close();
  });

  it('gives every element, and so every cell, an id of its own', async () => {
    const { page, errors } = await openChapter(session, GALLERY);
    const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((e) => e.id));
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    const cellIds = await page
      .locator('[data-cell]')
      .evaluateAll((cells) => cells.map((c) => c.id));
    expect(new Set(cellIds).size).toBe(WIDGETS.length);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('loads a cell further down only once it is scrolled into view, and then it responds', async () => {
    const { page, errors } = await openChapter(session, GALLERY, { hydrate: false });
    const race = page.locator('astro-island').last();
    const url = new URL((await race.getAttribute('component-url')) ?? '', page.url()).href;
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.waitForLoadState('networkidle');
    expect(await race.getAttribute('ssr')).not.toBeNull();
    // Nothing of the last cell's code has been asked for while it is out of view.
    expect(
      await page.evaluate(
        (u) => performance.getEntriesByType('resource').some((e) => e.name === u),
        url,
      ),
    ).toBe(false);
    const cell = race.locator('[data-cell]');
    await cell.scrollIntoViewIfNeeded();
    await expect.poll(() => race.getAttribute('ssr')).toBeNull();
    expect(
      requested.includes(url) ||
        (await page.evaluate(
          (u) => performance.getEntriesByType('resource').some((e) => e.name === u),
          url,
        )),
    ).toBe(true);
    const step = () => cell.locator('[data-race-step]').textContent();
    expect(await step()).toBe('0');
    await cell.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(step).toBe('1');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows every props table whole, at the page’s width, without a sideways scroll', async () => {
    const { page } = await openChapter(session, GALLERY, { width: 1280 });
    const geometry = await page.evaluate(() => ({
      text: document.querySelector('.gallery-description')?.getBoundingClientRect().width ?? 0,
      viewport: document.documentElement.clientWidth,
      tables: [...document.querySelectorAll<HTMLElement>('[data-props-table]')].map((table) => {
        const box = table.getBoundingClientRect();
        const columns = [...table.querySelectorAll('thead th')].map((th) => {
          const r = th.getBoundingClientRect();
          return { left: r.left, right: r.right };
        });
        return { name: table.dataset.propsTable, width: box.width, columns };
      }),
    }));
    expect(geometry.tables).toHaveLength(WIDGETS.length);
    for (const table of geometry.tables) {
      // Wider than the text column: the page's width, as most cells have.
      expect(table.width, table.name).toBeGreaterThan(geometry.text + 100);
      expect(table.columns, table.name).toHaveLength(4);
      for (const column of table.columns) {
        expect(column.right, table.name).toBeLessThanOrEqual(geometry.viewport);
      }
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      1280,
    );
    await page.context().close();
  });

  it('gives each prop a block of its own on a phone: name, type and default, its description under them', async () => {
    const { page } = await openChapter(session, GALLERY, { width: 390 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const rows = await page.locator('[data-props-table] tbody tr').evaluateAll((trs) =>
      trs.map((tr) => {
        const [name, type, value, doc] = [...tr.children].map((c) => c.getBoundingClientRect());
        const box = tr.getBoundingClientRect();
        return {
          prop: (tr as HTMLElement).dataset.prop,
          inside: [name, type, value, doc].every(
            (r) => r !== undefined && r.left >= box.left - 0.5 && r.right <= box.right + 0.5,
          ),
          nameTop: name?.top ?? 0,
          typeTop: type?.top ?? 0,
          docTop: doc?.top ?? 0,
          valueBottom: value?.bottom ?? 0,
          docLeft: doc?.left ?? 0,
          nameLeft: name?.left ?? 0,
          fits: tr.scrollWidth <= tr.clientWidth,
        };
      }),
    );
    expect(rows).toHaveLength(WIDGETS.reduce((n, w) => n + w.props.length, 0));
    for (const row of rows) {
      expect(row.inside && row.fits, row.prop).toBe(true);
      // The description starts under the name, type and default, at the block's left.
      expect(row.typeTop, row.prop).toBeGreaterThanOrEqual(row.nameTop - 0.5);
      expect(row.docTop, row.prop).toBeGreaterThanOrEqual(row.valueBottom - 0.5);
      expect(Math.abs(row.docLeft - row.nameLeft), row.prop).toBeLessThan(1);
    }
    await page.context().close();
  });
});

describe('the home page', () => {
  it('links authors to the cell gallery', async () => {
    const { page } = await openChapter(session, '/');
    await page.getByRole('link', { name: 'For authors: the cell gallery' }).click();
    await page.waitForURL(/\/widgets\/$/);
    expect(await page.locator('h1').textContent()).toBe('Cell gallery');
    await page.context().close();
  });
});
