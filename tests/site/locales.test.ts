// Locales: English at the root, Chinese under /zh/ through Astro's i18n routing. A locale's
// home page exists once it has a chapter, and no page links to a home or chapter that is missing.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWith } from '../support/build';
import {
  brokenLinks,
  findElements,
  listFiles,
  readPages,
  type BuiltPage,
} from '../support/built-site';

describe('the English-only site (dist/)', () => {
  it('has no Chinese pages and no link to any', () => {
    expect(existsSync('dist'), 'run `npm run build` first').toBe(true);
    expect(listFiles('dist').filter((f) => f.startsWith('zh/'))).toEqual([]);
    const links = readPages('dist', '/').flatMap((page) =>
      findElements(page.tree, (n) => n.tagName === 'a').map((a) => String(a.properties['href'])),
    );
    expect(links.filter((href) => href.startsWith('/zh'))).toEqual([]);
  });
});

describe('a site with a Chinese chapter', () => {
  const out = mkdtempSync(join(tmpdir(), 'cen-locales-'));
  let pages: BuiltPage[] = [];
  const page = (file: string) => pages.find((p) => p.file === file);
  beforeAll(() => {
    const { status, output } = buildWith('./tests/fixtures/zh-edition', out);
    expect(status, output).toBe(0);
    pages = readPages(out, '/');
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('serves a Chinese home at /zh/ that lists the Chinese chapters, in Chinese', () => {
    const home = page('zh/index.html');
    expect(home?.html).toContain('<html lang="zh-Hans"');
    const chapters = findElements(home!.tree, (n) => n.tagName === 'a').map((a) =>
      String(a.properties['href']),
    );
    expect(chapters).toContain('/zh/first-steps/');
    expect(chapters).not.toContain('/first-steps/');
    expect(page('index.html')?.html).toContain('href="/first-steps/"');
  });

  it('links a Chinese chapter to the Chinese home and labels its anchors in Chinese', () => {
    const chapter = page('zh/first-steps/index.html');
    expect(chapter?.html).toMatch(/class="brand" href="\/zh\/"/);
    expect(chapter?.html).toContain('aria-label="链接到本节"');
    expect(page('first-steps/index.html')?.html).toContain('aria-label="Link to this section"');
  });

  it('links only to pages that exist', () => {
    const files = new Set(listFiles(out));
    // two homes, two chapters, the cell gallery and the PyTorch cell (English only), the 404 page
    expect(pages.map((p) => p.file).sort()).toEqual([
      '404.html',
      'first-steps/index.html',
      'index.html',
      'pytorch-cell/index.html',
      'widgets/index.html',
      'zh/first-steps/index.html',
      'zh/index.html',
    ]);
    expect(pages.flatMap((p) => brokenLinks(p, pages, files, '/'))).toEqual([]);
  });
});
