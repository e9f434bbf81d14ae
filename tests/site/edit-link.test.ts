// "Edit this page": with EDIT_BASE_URL set, every chapter links to its file in the repository;
// unset (the default build), no page has the link; an unusable value stops the build.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWith } from '../support/build';
import { findElements, readPages, type BuiltPage } from '../support/built-site';

const editLinks = (page: BuiltPage): string[] =>
  findElements(
    page.tree,
    (n) =>
      n.tagName === 'p' &&
      Array.isArray(n.properties['className']) &&
      n.properties['className'].includes('edit-page'),
  )
    .flatMap((p) => findElements({ type: 'root', children: [p] }, (n) => n.tagName === 'a'))
    .map((a) => String(a.properties['href']));

describe('a build given EDIT_BASE_URL', () => {
  const out = mkdtempSync(join(tmpdir(), 'cen-edit-'));
  let pages: BuiltPage[] = [];
  beforeAll(() => {
    const { status, output } = buildWith('./tests/fixtures/zh-edition', out, {
      EDIT_BASE_URL: 'https://github.com/example/notebook/edit/main/',
    });
    expect(status, output).toBe(0);
    pages = readPages(out, '/');
  }, 120_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('links each chapter, in each language, to its own file, in the page’s language', () => {
    const english = pages.find((p) => p.file === 'first-steps/index.html');
    const chinese = pages.find((p) => p.file === 'zh/first-steps/index.html');
    expect(english && editLinks(english)).toEqual([
      'https://github.com/example/notebook/edit/main/tests/fixtures/zh-edition/en/first-steps.mdx',
    ]);
    expect(chinese && editLinks(chinese)).toEqual([
      'https://github.com/example/notebook/edit/main/tests/fixtures/zh-edition/zh/first-steps.mdx',
    ]);
    expect(english?.html).toMatch(/<a href="[^"]+"[^>]*>Edit this page<\/a>/);
    expect(chinese?.html).toMatch(/<a href="[^"]+"[^>]*>编辑本页<\/a>/);
  });

  it('puts the link on chapters only, after the text and before the previous/next links', () => {
    const home = pages.find((p) => p.file === 'index.html');
    expect(home && editLinks(home)).toEqual([]);
    const html = pages.find((p) => p.file === 'first-steps/index.html')?.html ?? '';
    expect(html.indexOf('</article>')).toBeLessThan(html.indexOf('class="edit-page"'));
    expect(html.indexOf('class="edit-page"')).toBeLessThan(html.indexOf('</main>'));
  });
});

describe('a build given an EDIT_BASE_URL that cannot work', () => {
  const out = mkdtempSync(join(tmpdir(), 'cen-edit-bad-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('fails, saying what the value must be and how to fix it', () => {
    const { status, output } = buildWith('./tests/fixtures/zh-edition', out, {
      EDIT_BASE_URL: 'https://github.com/example/notebook/edit/main',
    });
    expect(status).not.toBe(0);
    expect(output).toContain(
      'EDIT_BASE_URL must be an http(s) URL ending with "/", got "https://github.com/example/notebook/edit/main". Fix: add the slash: https://github.com/example/notebook/edit/main/',
    );
  }, 120_000);
});

describe('the default build (dist/, EDIT_BASE_URL unset)', () => {
  const dist = process.env['SITE_DIR'] ?? 'dist';

  it('has no "edit this page" link on any page', () => {
    expect(existsSync(dist), 'run `npm run build` first').toBe(true);
    const pages = readPages(dist, '/');
    expect(pages.filter((p) => p.file.endsWith('index.html')).length).toBeGreaterThan(1);
    expect(pages.flatMap(editLinks)).toEqual([]);
    expect(pages.filter((p) => /Edit this page|编辑本页/.test(p.html))).toEqual([]);
  }, 60_000);
});
