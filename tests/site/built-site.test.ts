// Checks over the built output: run after `npm run build` (root base, dist/) and
// `npm run build:base` (base /notebook/, dist-base/).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { softmax, tensor } from '../../src/loss/index';
import { brokenLinks, fileForUrl, findElements, listFiles, readPages } from '../support/built-site';

const BUILDS = [
  { name: 'root', dir: 'dist', base: '/' },
  { name: 'sub-path', dir: 'dist-base', base: '/notebook/' },
] as const;

for (const build of BUILDS) {
  describe(`the ${build.name} build (${build.dir}, base ${build.base})`, () => {
    if (!existsSync(build.dir)) {
      it('exists', () => {
        expect.fail(
          `${build.dir}/ is missing: run \`npm run build\` and \`npm run build:base\` first`,
        );
      });
      return;
    }
    const files = new Set(listFiles(build.dir));
    const pages = readPages(build.dir, build.base);

    it('has the home page, the first chapter, a 404 page and a sitemap', () => {
      for (const file of [
        'index.html',
        'cross-entropy-as-loss/index.html',
        '404.html',
        'sitemap-index.xml',
      ]) {
        expect(files.has(file), file).toBe(true);
      }
      const sitemap = readFileSync(join(build.dir, 'sitemap-0.xml'), 'utf8');
      expect(sitemap).toContain(`${build.base}cross-entropy-as-loss/</loc>`);
    });

    it.each(pages.map((p) => [p.file, p] as const))(
      '%s has a title, a description and a language',
      (_, page) => {
        const title = findElements(page.tree, (n) => n.tagName === 'title');
        expect(title).toHaveLength(1);
        expect(JSON.stringify(title[0]?.children)).toMatch(/"value":"[^"]{3,}/);
        const description = findElements(
          page.tree,
          (n) => n.tagName === 'meta' && n.properties['name'] === 'description',
        );
        expect((description[0]?.properties['content'] ?? '').length).toBeGreaterThan(20);
        const html = findElements(page.tree, (n) => n.tagName === 'html');
        expect(html[0]?.properties['lang']).toMatch(/^(en|zh-Hans)$/);
      },
    );

    it.each(pages.map((p) => [p.file, p] as const))('%s shows no KaTeX error', (_, page) => {
      expect(page.html).not.toContain('katex-error');
      // Nor an apostrophe after a formula set as an opening quote ("n‘s").
      expect(page.html).not.toMatch(/<\/span>‘\p{L}/u);
    });

    it.each(pages.map((p) => [p.file, p] as const))(
      '%s links only to pages, assets and anchors that exist',
      (_, page) => {
        expect(brokenLinks(page, pages, files, build.base)).toEqual([]);
      },
    );

    it('serves every font and image that its CSS refers to', () => {
      const missing: string[] = [];
      for (const css of [...files].filter((f) => f.endsWith('.css'))) {
        for (const match of readFileSync(join(build.dir, css), 'utf8').matchAll(
          /url\(([^)]+)\)/g,
        )) {
          const ref = (match[1] ?? '').replace(/["']/g, '');
          if (ref.startsWith('data:')) continue;
          const target = new URL(ref, `http://site.test${build.base}${css}`);
          if (fileForUrl(files, build.base, target.pathname) === undefined)
            missing.push(`${css}: ${ref}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it('loads nothing from another host: KaTeX CSS, fonts and scripts are all served by the site', () => {
      const external = pages.flatMap((page) =>
        findElements(page.tree, (n) => n.tagName === 'script' || n.tagName === 'link')
          .map((n) => n.properties['src'] ?? n.properties['href'] ?? '')
          .filter((url) => /^(https?:)?\/\//.test(url) && !url.startsWith('http://localhost'))
          .filter((url) => !url.includes('/sitemap'))
          .map((url) => `${page.file}: ${url}`),
      );
      expect(external).toEqual([]);
      expect([...files].some((f) => /KaTeX_Main-Regular\.[\w-]+\.woff2$/.test(f))).toBe(true);
    });

    it('renders a chapter’s math, footnote and widget into static HTML', () => {
      const chapter = pages.find((p) => p.file === 'softmax-and-logits/index.html');
      expect(chapter).toBeDefined();
      const html = chapter?.html ?? '';
      expect(findElements(chapter!.tree, (n) => n.tagName === 'math').length).toBeGreaterThan(3);
      expect(html).toContain('data-footnote-ref');
      expect(html).toContain('data-footnotes');
      const shown = findElements(
        chapter!.tree,
        (n) => n.properties['dataProbability'] !== undefined,
      ).map((n) => JSON.stringify(n.children).replace(/.*"value":"([^"]+)".*/, '$1'));
      const expected = Array.from(softmax(tensor([2, 1, 0.1])).data).map((p) => p.toFixed(4));
      expect(shown).toEqual(expected);
    });

    it.each(
      pages.filter((p) => p.html.includes('data-footnotes')).map((p) => [p.file, p] as const),
    )('%s lists its notes before its references, in the page and in its contents', (_, page) => {
      const order = (ids: string[]) =>
        ids.map((id) => page.html.indexOf(id)).map((at) => (at === -1 ? Infinity : at));
      const [notes, references] = order(['id="footnote-label"', 'id="references"']);
      expect(notes).toBeLessThan(Infinity);
      expect(references).toBeLessThan(Infinity);
      expect(notes).toBeLessThan(references!);
      const [notesLink, referencesLink] = order(['href="#footnote-label"', 'href="#references"']);
      expect(notesLink).toBeLessThan(referencesLink!);
    });
  });
}
