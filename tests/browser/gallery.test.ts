// The cell gallery (/widgets/) in Chromium: every barrel cell with its props table and its line of
// MDX, and cells that load only as they scroll into view (its axe scan in both themes is
// site.test.ts's, over every built page).
import { describe, expect, it } from 'vitest';
import { readWidgetProps, shownType } from '../../src/lib/widget-props';
import { browserSession, openChapter } from '../support/browser-session';

const GALLERY = '/widgets/';
const WIDGETS = readWidgetProps();
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
          prop.description + (prop.common ? ' (every cell takes it)' : ''),
        ]);
      }
      // A required prop shows in the line with a placeholder to fill in.
      const required = widget.props
        .filter((p) => p.required)
        .map((p) => (p.kind.kind === 'string' ? ` ${p.name}="…"` : ` ${p.name}={…}`));
      expect(await page.locator(`[data-mdx="${widget.name}"]`).textContent()).toBe(
        `<${widget.name} client:visible${required.join('')} />`,
      );
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

  it('keeps a phone’s page from scrolling sideways: the props tables scroll instead', async () => {
    const { page } = await openChapter(session, GALLERY, { width: 390 });
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    const region = page.locator('.scroll-region:has([data-props-table="BatchPlayground"])');
    expect(await region.getAttribute('tabindex')).toBe('0');
    expect(
      await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth })),
    ).toSatisfy(({ scroll, client }: { scroll: number; client: number }) => scroll > client);
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
