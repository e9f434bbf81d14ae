// The search index Pagefind wrote into the build (src/lib/post-build/search-index.ts), read from
// its own files: it holds every chapter and no other page, each cell's title and summary but
// none of a cell's chrome (badges, buttons, program, inputs, outputs), no formula flattened into
// text (a formula is a lone symbol or a ⋯, a displayed one with its equation number; no TeX
// source), and a heading anchor for every section.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { describe, expect, it } from 'vitest';
import { findElements, listFiles, readPages } from '../support/built-site';
import { SITE_DIR } from '../support/static-server';

/** One indexed page as Pagefind stores it: a gzip file, a signature, then JSON. */
interface IndexedPage {
  readonly url: string;
  readonly content: string;
  readonly meta: Record<string, string>;
  readonly anchors: readonly { element: string; id: string; text?: string }[];
}

const SIGNATURE = 'pagefind_dcd';
const folder = join(SITE_DIR, 'pagefind');

/** Every page in the index, decoded from Pagefind's fragment files. */
function indexedPages(): IndexedPage[] {
  return listFiles(folder)
    .filter((file) => file.endsWith('.pf_fragment'))
    .map((file) => {
      const text = gunzipSync(readFileSync(join(folder, file))).toString('utf8');
      expect(text.startsWith(SIGNATURE), `${file} is not a Pagefind fragment`).toBe(true);
      return JSON.parse(text.slice(SIGNATURE.length)) as IndexedPage;
    });
}

const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
const isHeading = (n: Element) => /^h[2-4]$/.test(n.tagName);
const isCell = (n: Element) => n.properties['dataCell'] === '';
const hasClass = (n: Element, name: string) => [n.properties['className']].flat().includes(name);
const isFormula = (n: Element) => hasClass(n, 'katex');
/** The text below a node, without whitespace, skipping the elements `skip` picks. */
function textOutside(node: Root | Element, skip: (n: Element) => boolean): string {
  const texts: string[] = [];
  const walk = (n: Root | Element) => {
    for (const child of n.children) {
      if (child.type === 'text') texts.push(child.value);
      else if (child.type === 'element' && !skip(child)) walk(child);
    }
  };
  walk(node);
  return texts.join('').replace(/\s+/g, '');
}
/** A formula's MathML as Pagefind would read it, without its TeX annotation or whitespace. */
const mathText = (formula: Element) =>
  textOutside(formula, (n) => n.tagName === 'annotation' || hasClass(n, 'katex-html'));
/** An element as a tree of its own, to search below it. */
const within = (element: Element | undefined): Root => ({
  type: 'root',
  children: element === undefined ? [] : [element],
});

describe(`the search index in ${SITE_DIR}/pagefind/`, () => {
  if (!existsSync(join(folder, 'pagefind.js'))) {
    it('exists', () => {
      expect.fail(`${folder}/pagefind.js is missing: run \`npm run build\` first`);
    });
    return;
  }
  const pages = readPages(SITE_DIR, '/');
  const indexed = indexedPages();
  const byUrl = new Map(indexed.map((page) => [page.url, page]));
  // A chapter is a page whose chapter list marks itself as the current one.
  const chapters = pages.filter(
    (page) =>
      findElements(page.tree, (n) => n.tagName === 'a' && n.properties['ariaCurrent'] === 'page')
        .length > 0,
  );

  it('holds every chapter, titled, and no other page', () => {
    expect(chapters.length).toBeGreaterThan(0);
    expect([...byUrl.keys()].sort()).toEqual(chapters.map((page) => page.url).sort());
    for (const chapter of chapters) {
      const h1 = findElements(chapter.tree, (n) => n.tagName === 'h1')[0];
      expect(byUrl.get(chapter.url)?.meta['title'], chapter.url).toBe(
        squash(h1 === undefined ? '' : toText(h1)),
      );
    }
  });

  it('ships Pagefind’s search API but none of its ready-made interfaces', () => {
    const files = listFiles(folder);
    expect(files).toContain('pagefind.js');
    expect(files).toContain('pagefind-entry.json');
    expect(files.filter((file) => /ui\.(js|css)$|highlight/.test(file))).toEqual([]);
  });

  it.each(chapters.map((page) => [page.url, page] as const))(
    '%s: every cell’s title and summary are indexed, none of its badges, controls, labels or code',
    (url, page) => {
      const content = squash(byUrl.get(url)?.content ?? '');
      for (const cell of findElements(page.tree, isCell)) {
        const inCell = (test: (n: Element) => boolean) => findElements(within(cell), test);
        const textOf = (n: Element) => squash(toText(n));
        const title = inCell((n) => hasClass(n, 'cell-title'));
        const summary = inCell((n) => n.properties['dataCellSummary'] === '');
        expect(title, `${url}: a cell without one title`).toHaveLength(1);
        expect(summary, `${url}: a cell without one summary`).toHaveLength(1);
        const titleText = textOf(title[0]!);
        // The summary follows the title straight away, so nothing the cell has between them is
        // indexed: its link button, program, inputs and their labels, the Out badge, outputs.
        // (A label alone proves nothing: “temperature T” or “seed” is in the prose as well.)
        expect(content, `${url}: “${titleText}” is not followed by its summary`).toContain(
          `${titleText} ${textOf(summary[0]!)}`,
        );
        const labels = inCell((n) => n.tagName === 'label');
        expect(labels.length, `${url}: ${titleText}’s input labels`).toBeGreaterThan(0);
        // The badges: “In” before the title and “Out” before the outputs.
        const badges = inCell((n) => hasClass(n, 'cell-badge'));
        expect(badges.map(textOf), `${url}: ${titleText}’s badges`).toEqual(['In', 'Out']);
        expect(content).not.toContain(`In ${titleText}`);
        // Chrome that is recognisable on its own is nowhere in the index either: the link
        // button, the PyTorch program and the printed output's label.
        const chrome = inCell(
          (n) =>
            n.properties['dataCellLink'] === '' ||
            n.properties['dataCellProgram'] === '' ||
            (n.tagName === 'span' && /-printed$/.test(String(n.properties['id']))),
        );
        expect(chrome.some((n) => n.properties['dataCellProgram'] === '')).toBe(true);
        for (const element of chrome) {
          const text = textOf(element);
          if (text.length > 0) expect(content, `${url} indexes “${text}”`).not.toContain(text);
        }
      }
    },
  );

  it.each(chapters.map((page) => [page.url, page] as const))(
    '%s: no formula is indexed as flattened text: every formula a lone symbol or a ⋯, displays with their numbers',
    (url, page) => {
      // Compared without whitespace, as MathML's text runs together: “ynε=(1−ε)ekn+εC1,(7.5)”.
      const content = (byUrl.get(url)?.content ?? '').replace(/\s+/g, '');
      const displays = findElements(page.tree, (n) => hasClass(n, 'katex-display'));
      const inDisplay = new Set(displays.flatMap((d) => findElements(within(d), isFormula)));
      const inline = findElements(page.tree, isFormula).filter((n) => !inDisplay.has(n));
      expect(inline.length, `${url} has no inline formula`).toBeGreaterThan(0);
      for (const display of displays) {
        const text = mathText(display);
        // Its text, and its last characters with the equation number, e.g. “1,(7.5)”.
        if (text.length > 6) expect(content, `${url} indexes “${text}”`).not.toContain(text);
        expect(content, `${url} indexes the end of “${text}”`).not.toContain(text.slice(-8));
      }
      // An inline formula with an operator is more than a symbol: a ⋯ stands in for it (unless
      // the page's own words outside its formulas say the same, as “below −100” does).
      const prose = textOutside(page.tree, isFormula);
      const long = inline
        .map(mathText)
        .filter((text) => text.length > 3 && /[=+−<>∑]/.test(text) && !prose.includes(text));
      for (const text of long) {
        expect(content, `${url} indexes the inline formula “${text}”`).not.toContain(text);
      }
      if (long.length > 0) expect(content).toContain('⋯');
    },
  );

  it.each(chapters.map((page) => [page.url, page] as const))(
    '%s: every section heading is an anchor of the index, and no formula’s TeX source is indexed',
    (url, page) => {
      const entry = byUrl.get(url);
      const article = findElements(page.tree, (n) => n.tagName === 'article')[0];
      expect(article, `${url} has no article`).toBeDefined();
      // Section headings of the text (a cell's own headings are part of its chrome).
      const text = within(article);
      const inCells = new Set(
        findElements(text, isCell).flatMap((cell) => findElements(within(cell), isHeading)),
      );
      const headings = findElements(text, isHeading).filter((h) => !inCells.has(h));
      expect(headings.length).toBeGreaterThan(0);
      const anchors = new Set(entry?.anchors.map((a) => a.id));
      for (const heading of headings) {
        const id = heading.properties['id'];
        expect(typeof id, `${url}: “${toText(heading)}” has no id`).toBe('string');
        expect(anchors.has(String(id)), `${url}#${String(id)}`).toBe(true);
      }
      const tex = findElements(page.tree, (n) => n.tagName === 'annotation').map((n) =>
        squash(toText(n)),
      );
      for (const source of tex.filter((s) => s.includes('\\'))) {
        expect(entry?.content, `${url} indexes the TeX “${source}”`).not.toContain(source);
      }
    },
  );
});
