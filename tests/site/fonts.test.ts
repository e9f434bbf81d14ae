// First paint over the built output (dist/, and dist-base/ when built): one stylesheet request
// blocks it, the same file on every page (cached after the first), the rest of a page's CSS is in
// its <head>; and each page with math preloads the KaTeX faces its formulas draw, from files the
// build has, while a page without math preloads none.
// The faces are checked here with a hand-written table of KaTeX's classes, apart from the build
// step's cascade; tests/browser/fonts.test.ts compares them with what Chromium downloads.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Element } from 'hast';
import {
  fileForUrl,
  findElements,
  listFiles,
  readPages,
  type BuiltPage,
} from '../support/built-site';

const BUILDS = [
  { dir: 'dist', base: '/', required: true },
  { dir: 'dist-base', base: '/notebook/', required: false },
] as const;

// KaTeX classes that always draw their text in one face (katex.css), and that face's file stem.
const FACE_OF_CLASS: Record<string, string> = {
  mathnormal: 'KaTeX_Math-Italic',
  boldsymbol: 'KaTeX_Math-BoldItalic',
  mathbf: 'KaTeX_Main-Bold',
  mathbb: 'KaTeX_AMS-Regular',
  amsrm: 'KaTeX_AMS-Regular',
  mathcal: 'KaTeX_Caligraphic-Regular',
  mathfrak: 'KaTeX_Fraktur-Regular',
  mathscr: 'KaTeX_Script-Regular',
  'large-op': 'KaTeX_Size2-Regular',
  'small-op': 'KaTeX_Size1-Regular',
};

const classes = (node: Element) => {
  const value = node.properties['className'];
  return Array.isArray(value) ? value.map(String) : [];
};

const drawsText = (node: Element) =>
  node.children.some((child) => child.type === 'text' && /\S/.test(child.value));

/** The face stems a page must preload by the table above (a sized delimiter: KaTeX_SizeN). */
function facesByClass(root: Element): Set<string> {
  const faces = new Set<string>();
  for (const node of findElements({ type: 'root', children: [root] }, drawsText)) {
    for (const name of classes(node)) {
      const face = FACE_OF_CLASS[name];
      if (face !== undefined) faces.add(face);
    }
    const size = classes(node).includes('delimsizing')
      ? classes(node).find((name) => /^size[1-4]$/.test(name))
      : undefined;
    if (size !== undefined) faces.add(`KaTeX_Size${size.slice(4)}-Regular`);
  }
  return faces;
}

/** The stylesheets a page links (each one a request that blocks its first paint). */
const stylesheets = (page: BuiltPage) =>
  findElements(page.tree, (n) => {
    const rel = n.properties['rel'];
    return n.tagName === 'link' && Array.isArray(rel) && rel.includes('stylesheet');
  }).map((n) => String(n.properties['href']));

for (const build of BUILDS) {
  if (!build.required && !existsSync(build.dir)) continue;
  describe(`first paint in ${build.dir}/`, () => {
    if (!existsSync(build.dir)) {
      it('exists', () => {
        expect.fail(`${build.dir}/ is missing: run \`npm run build\` first`);
      });
      return;
    }
    const files = new Set(listFiles(build.dir));
    const pages = readPages(build.dir, build.base);
    const withMath = pages.filter((page) => page.html.includes('class="katex"'));
    const sharedCss = [...new Set(pages.flatMap(stylesheets))]
      .map((href) => fileForUrl(files, build.base, href))
      .map((file) => (file === undefined ? '' : readFileSync(join(build.dir, file), 'utf8')))
      .join('\n');

    it('has pages with math and pages without', () => {
      expect(withMath.length).toBeGreaterThan(3);
      expect(pages.length).toBeGreaterThan(withMath.length);
    });

    it('links one stylesheet, the same on every page, and inlines the rest', () => {
      const linked = new Set(pages.flatMap(stylesheets));
      expect(linked.size).toBe(1);
      const [shared = ''] = linked;
      expect(fileForUrl(files, build.base, shared), shared).toBeDefined();
      for (const page of pages) expect(stylesheets(page), page.file).toEqual([shared]);
      const gradient = pages.find((page) => page.file.startsWith('gradient-of-cross-entropy/'));
      expect(gradient?.html).toMatch(/<head>[\s\S]*<style>[\s\S]*<\/head>/);
    });

    it.each(pages.map((p) => [p.file, p] as const))(
      '%s preloads the KaTeX faces it draws (none without math), before its styles, from files that exist',
      (_, page) => {
        const preloads = findElements(
          page.tree,
          (n) => n.tagName === 'link' && String(n.properties['rel']) === 'preload',
        );
        const fonts = preloads.filter((n) => n.properties['as'] === 'font');
        const hrefs = fonts.map((n) => String(n.properties['href']));
        if (!page.html.includes('class="katex"')) {
          expect(hrefs).toEqual([]);
          return;
        }
        expect(hrefs.length).toBeGreaterThan(0);
        expect(new Set(hrefs).size).toBe(hrefs.length);
        for (const font of fonts) {
          expect(font.properties['type']).toBe('font/woff2');
          expect(font.properties['crossOrigin']).toBe('');
          const href = String(font.properties['href']);
          expect(href.startsWith(`${build.base}_astro/KaTeX_`), href).toBe(true);
          expect(fileForUrl(files, build.base, href), href).toBeDefined();
          // The same URL the page's @font-face names, so the preload is used, not refetched.
          expect(sharedCss).toContain(`url(${href})`);
        }
        const stems = new Set(hrefs.map((href) => /(KaTeX_[\w-]+)\./.exec(href)?.[1]));
        const drawn = findElements(page.tree, (n) => classes(n).includes('katex-html'));
        const needed = new Set(drawn.flatMap((root) => [...facesByClass(root)]));
        for (const face of needed) expect(stems, `${page.file} draws ${face}`).toContain(face);
        // Before the stylesheet, so the downloads start before the CSS arrives.
        expect(page.html.indexOf(hrefs[0] ?? '')).toBeLessThan(
          page.html.indexOf('rel="stylesheet"'),
        );
      },
    );

    it('gives every KaTeX face font-display: swap', () => {
      const [shared = ''] = new Set(pages.flatMap(stylesheets));
      const css = readFileSync(join(build.dir, shared.slice(build.base.length)), 'utf8');
      const faces = [...css.matchAll(/@font-face\{[^}]*KaTeX[^}]*\}/g)];
      expect(faces.length).toBe(20);
      for (const [face] of faces) expect(face).toContain('font-display:swap');
    });
  });
}
