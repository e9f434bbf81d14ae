// Search as a reader meets it on the built site: nothing of it loads until it is opened; `/` or
// the header button opens it (not while typing in a field); a query lists chapters with the
// headings where the words are, marked, the heading holding every word first; a nonsense word
// finds nothing; excerpts are prose, without flattened formulas or a repeat of their heading;
// the keyboard walks and follows the results; Escape closes at once and gives the focus back;
// axe finds nothing in either theme; and it works under a sub-path base.
import { existsSync } from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import { toText } from 'hast-util-to-text';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSession, builtPages, openChapter } from '../support/browser-session';
import { findElements, readPages } from '../support/built-site';
import { hydrated } from '../support/islands';
import { SITE_DIR, serveStatic } from '../support/static-server';

/** A chapter with a cell whose number fields take typing, and headings to find. */
const CHAPTER = '/softmax-and-logits/';
/** The sub-path build (`npm run build:base`); BASE_SITE_DIR names another, as SITE_DIR does. */
const BASE_DIR = process.env['BASE_SITE_DIR'] ?? 'dist-base';
const BASE = '/notebook/';

const session = browserSession();

const dialog = (page: Page) => page.locator('[data-search-dialog]');
const isOpen = (page: Page) =>
  page.evaluate(
    () => document.querySelector<HTMLDialogElement>('[data-search-dialog]')?.open ?? false,
  );
/** What has focus, described well enough to compare (tag, id or data attribute, text). */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el === null ? null : `${el.localName}#${el.id}|${el.textContent.trim()}`;
  });

/** A heading of the chapter as its built page has it: its id and its text. */
async function headingOf(page: Page, level: 'h2' | 'h3'): Promise<{ id: string; text: string }> {
  return page.locator(`main ${level}[id]`).evaluateAll((headings) => {
    // The shortest single-word heading makes a query that is sure to be in it.
    const words = headings
      .map((h) => ({ id: h.id, text: h.textContent.trim() }))
      .filter((h) => /^[A-Za-z-]+$/.test(h.text))
      .sort((a, b) => a.text.length - b.text.length);
    if (words[0] === undefined) throw new Error('the chapter has no one-word heading to search');
    return words[0];
  });
}

/** Resolves once no request has been in flight for half a second (polled every 100 ms). */
async function networkIdle(inFlight: () => number): Promise<void> {
  let quietSince = Date.now();
  await expect
    .poll(
      () => {
        if (inFlight() > 0) quietSince = Date.now();
        return Date.now() - quietSince >= 500;
      },
      { timeout: 30_000, interval: 100 },
    )
    .toBe(true);
}

/** Type a query into the open dialog and wait until its count sentence names it. */
async function query(page: Page, text: string): Promise<void> {
  await page.locator('#search-field').fill(text);
  await expect
    .poll(() => page.locator('[data-search-status]').textContent(), { timeout: 15_000 })
    .toContain(`“${text}”`);
}

/** Each listed heading with its excerpt's text, in the order the dialog lists them. */
const listedHeadings = (page: Page) =>
  page.locator('.search-headings > li').evaluateAll((items) =>
    items.map((li) => ({
      title: li.querySelector('a')?.textContent.trim() ?? '',
      href: li.querySelector('a')?.getAttribute('href') ?? '',
      excerpt: li.querySelector('.search-excerpt')?.textContent ?? '',
    })),
  );

/** The chapters' section headings (h2, h3) as the built pages have them: URL and text. */
function builtHeadings(): { href: string; text: string }[] {
  return readPages(SITE_DIR, '/').flatMap((page) =>
    findElements(
      page.tree,
      (n) => /^h[23]$/.test(n.tagName) && typeof n.properties['id'] === 'string',
    )
      .filter(
        (n) =>
          findElements({ type: 'root', children: [n] }, (c) => c.properties['dataCell'] === '')
            .length === 0,
      )
      .map((n) => ({ href: `${page.url}#${String(n.properties['id'])}`, text: toText(n).trim() })),
  );
}

describe('search', () => {
  it('loads nothing of search before it is opened, and Pagefind when it is', async () => {
    const context = await session.browser.newContext();
    const page = await context.newPage();
    const requests: string[] = [];
    let inFlight = 0;
    page.on('request', (request) => {
      requests.push(new URL(request.url()).pathname);
      inFlight++;
    });
    page.on('requestfinished', () => inFlight--);
    page.on('requestfailed', () => inFlight--);
    await page.goto(new URL(CHAPTER.slice(1), session.site.url).href);
    // Every cell scrolled into view and hydrated, then the bottom of the page, then the network
    // quiet (Playwright's own networkidle is passed once, before the scrolling).
    await hydrated(page);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await networkIdle(() => inFlight);
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.filter((r) => r.includes('/pagefind/') || r.includes('search-dialog'))).toEqual(
      [],
    );
    await page.locator('[data-search-open]').click();
    await expect.poll(() => isOpen(page)).toBe(true);
    await expect
      .poll(() => requests.filter((r) => r.startsWith('/pagefind/')))
      .toContain('/pagefind/pagefind.js');
    await context.close();
  });

  it('opens with `/`, but not while the reader types `/` in a cell’s number field or holds Ctrl', async () => {
    const { page, errors } = await openChapter(session, CHAPTER);
    const field = page.locator('[data-cell] input[data-field]').first();
    await field.fill('');
    await field.focus();
    await page.keyboard.press('/');
    expect(await field.inputValue()).toBe('/');
    expect(await isOpen(page)).toBe(false);
    await page.locator('main h1').click();
    await page.keyboard.press('Control+/');
    expect(await isOpen(page)).toBe(false);
    await page.keyboard.press('/');
    await expect.poll(() => isOpen(page)).toBe(true);
    expect(await focused(page)).toMatch(/^input#search-field\|/);
    expect(await page.locator('#search-field').inputValue()).toBe('');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('finds the chapter and the heading a word is under, with the word marked', async () => {
    const { page, errors } = await openChapter(session, CHAPTER, { hydrate: false });
    const heading = await headingOf(page, 'h2');
    const title = (await page.locator('main h1').textContent())?.trim();
    await page.locator('[data-search-open]').click();
    await query(page, heading.text.toLowerCase());
    const result = page.locator('.search-result').filter({
      has: page.locator('.search-page', { hasText: title ?? '' }),
    });
    await expect.poll(() => result.count()).toBe(1);
    expect(await result.locator('.search-page').getAttribute('href')).toBe(CHAPTER);
    const sub = result.locator('.search-headings a', { hasText: heading.text });
    expect(await sub.getAttribute('href')).toBe(`${CHAPTER}#${heading.id}`);
    // Marked in the heading it is under, and wherever an excerpt has it.
    expect(await sub.locator('mark').allTextContents()).toEqual([heading.text]);
    const marks = await result.locator('mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark.toLowerCase()).toContain(heading.text.toLowerCase());
    expect(await page.locator('[data-search-status]').textContent()).toMatch(
      /^\d+ chapters? match(es)? “/,
    );
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('finds nothing for a word no chapter has, rather than pages with one of its letters', async () => {
    const { page, errors } = await openChapter(session, CHAPTER, { hydrate: false });
    await page.keyboard.press('/');
    // Pagefind would search “x” for “xyzzy” and “f” for “focal”: every page has an x or an F.
    for (const word of ['xyzzy', 'focal']) {
      await query(page, word);
      expect(await page.locator('[data-search-status]').textContent()).toMatch(
        new RegExp(`^No results for “${word}”\\. Check the spelling`),
      );
      expect(await page.locator('.search-result').count(), word).toBe(0);
    }
    // A real word after it brings results back.
    await query(page, 'softmax');
    expect(await page.locator('.search-result').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('lists first the heading that holds every word of the query, and prose in the excerpts', async () => {
    // The headings with both words, read from the built chapters: one of them must come first.
    const both = builtHeadings().filter(
      (h) => /\blabel\b/i.test(h.text) && /\bsmoothing\b/i.test(h.text),
    );
    expect(both.length, 'no chapter has a heading with “label smoothing”').toBeGreaterThan(0);
    const { page, errors } = await openChapter(session, CHAPTER, { hydrate: false });
    await page.keyboard.press('/');
    await query(page, 'label smoothing');
    const listed = await listedHeadings(page);
    expect(listed.length).toBeGreaterThan(2);
    expect(both.map((h) => h.href)).toContain(listed[0]?.href);
    for (const { title, excerpt } of listed) {
      // No excerpt repeats the heading it is listed under, whole or its last words.
      const last = title.split(/\s+/).at(-1)?.toLowerCase() ?? '';
      expect(excerpt.trim().toLowerCase().startsWith(title.toLowerCase()), title).toBe(false);
      expect(
        excerpt.replace(/^…\s*/, '').split(/\s+/)[0]?.toLowerCase().replace(/\W+$/, ''),
        title,
      ).not.toBe(last);
      // No formula flattened into text: “ynε=(1−ε) ekn+εC1,(7.5)” or an equation number glued on.
      expect(excerpt, title).not.toMatch(/ε=|[^\s(“]\(\d+\.\d+\)/);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('walks the results with the arrow keys and follows one to its heading with Enter', async () => {
    const chapter = await openChapter(session, CHAPTER, { hydrate: false });
    const heading = await headingOf(chapter.page, 'h2');
    await chapter.page.context().close();
    // From the home page, so following the result is a real navigation.
    const { page, errors } = await openChapter(session, '/');
    await page.keyboard.press('/');
    await query(page, heading.text.toLowerCase());
    const target = `${CHAPTER}#${heading.id}`;
    let steps = 0;
    while ((await page.evaluate(() => document.activeElement?.getAttribute('href'))) !== target) {
      await page.keyboard.press('ArrowDown');
      if (++steps > 40) throw new Error(`no result leads to ${target}`);
    }
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowDown');
    await Promise.all([page.waitForURL(`**${target}`), page.keyboard.press('Enter')]);
    expect(new URL(page.url()).pathname + new URL(page.url()).hash).toBe(target);
    expect(await page.locator(`#${heading.id}`).isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('closes with Escape and gives the focus back to what had it', async () => {
    const { page } = await openChapter(session, CHAPTER, { hydrate: false });
    const button = page.locator('[data-search-open]');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => isOpen(page)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => isOpen(page)).toBe(false);
    expect(await button.evaluate((el) => el === document.activeElement)).toBe(true);
    // Opened with `/` from a link in the page, it gives the focus back to that link.
    const link = page.locator('.sidebar a').first();
    await link.focus();
    await page.keyboard.press('/');
    await expect.poll(() => isOpen(page)).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => isOpen(page)).toBe(false);
    expect(await link.evaluate((el) => el === document.activeElement)).toBe(true);
    // With a query in the field, one Escape still closes (a search field's own would empty it).
    await page.keyboard.press('/');
    await query(page, 'softmax');
    await page.keyboard.press('Escape');
    await expect.poll(() => isOpen(page)).toBe(false);
    expect(await link.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.context().close();
  });

  it('hints at keys only where there are keys: not on a phone-sized screen', async () => {
    for (const [width, keysShown] of [
      [1280, true],
      [390, false],
    ] as const) {
      const { page } = await openChapter(session, CHAPTER, { width, hydrate: false });
      await page.locator('[data-search-open]').click();
      await expect.poll(() => isOpen(page)).toBe(true);
      expect(await page.locator('.search-keys').isVisible(), `${width} px`).toBe(keysShown);
      const close = page.getByRole('button', { name: 'Close search' });
      expect(await close.isVisible(), `${width} px`).toBe(true);
      expect((await close.innerText()).trim(), `${width} px`).toBe(keysShown ? 'Esc' : '✕');
      await page.context().close();
    }
  });

  for (const theme of ['light', 'dark'] as const) {
    it(`passes an axe scan with results open in the ${theme} theme`, async () => {
      const context = await session.browser.newContext({ colorScheme: theme });
      const page = await context.newPage();
      await page.goto(new URL(CHAPTER.slice(1), session.site.url).href);
      await page.locator('[data-search-open]').click();
      await query(page, 'softmax');
      expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe(theme);
      const results = await new AxeBuilder({ page }).include('[data-search-dialog]').analyze();
      const violations = results.violations.map(
        (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`,
      );
      expect(violations).toEqual([]);
      expect(await dialog(page).getAttribute('aria-labelledby')).toBe('search-title');
      await context.close();
    });
  }

  it('shows no search button without JavaScript, since it could do nothing', async () => {
    const { page } = await openChapter(session, CHAPTER, { javaScript: false });
    expect(await page.locator('[data-search-open]').count()).toBe(1);
    expect(await page.locator('[data-search-open]').isVisible()).toBe(false);
    await page.context().close();
  });

  it('names its button “Search” at every width, showing the word only where there is room', async () => {
    for (const [width, labelShown] of [
      [1280, true],
      [390, false],
    ] as const) {
      const { page } = await openChapter(session, CHAPTER, { width, hydrate: false });
      const button = page.getByRole('button', { name: 'Search', exact: true });
      expect(await button.isVisible(), `${width} px`).toBe(true);
      expect(await button.locator('.search-label').isVisible(), `${width} px`).toBe(labelShown);
      await page.context().close();
    }
  });

  it('has a working button on every kind of page: home, chapter, 404 and the cell gallery', async () => {
    // The gallery is there once its page is built; the frame is the same on every page.
    const gallery = builtPages().filter((path) => path === '/widgets/');
    for (const path of ['/', CHAPTER, '/404.html', ...gallery]) {
      const { page, errors } = await openChapter(session, path, { hydrate: false });
      const button = page.locator('[data-search-open]');
      expect(await button.isVisible(), path).toBe(true);
      await button.click();
      await expect.poll(() => isOpen(page), { message: path }).toBe(true);
      expect(errors, path).toEqual([]);
      await page.context().close();
    }
  });

  it(`links results under the base path of a sub-path build (${BASE_DIR})`, async () => {
    expect(existsSync(BASE_DIR), `${BASE_DIR}/ is missing: run \`npm run build:base\``).toBe(true);
    const sub = await serveStatic(BASE_DIR, BASE);
    try {
      const { page, errors } = await openChapter({ browser: session.browser, site: sub }, CHAPTER, {
        hydrate: false,
      });
      await page.keyboard.press('/');
      await query(page, 'softmax');
      const hrefs = await page
        .locator('[data-search-hit]')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
      expect(hrefs.length).toBeGreaterThan(0);
      for (const href of hrefs) expect(href.startsWith(BASE), href).toBe(true);
      await Promise.all([page.waitForURL(`**${hrefs[0] ?? ''}`), page.keyboard.press('Enter')]);
      expect(new URL(page.url()).pathname.startsWith(BASE)).toBe(true);
      expect(errors).toEqual([]);
      await page.context().close();
    } finally {
      await sub.close();
    }
  });
});
