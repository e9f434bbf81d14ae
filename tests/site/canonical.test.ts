// The canonical link names the published address, so it is written only when the build knows
// that address (SITE_URL); a build without it must not point search engines at localhost.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWith } from '../support/build';
import { findElements, readPages } from '../support/built-site';

const outs: string[] = [];
afterAll(() => {
  for (const out of outs) rmSync(out, { recursive: true, force: true });
});

/** Build the small two-language fixture with SITE_URL set or unset; return each page's canonicals. */
function canonicalsWith(siteUrl: string | undefined): Map<string, string[]> {
  const out = mkdtempSync(join(tmpdir(), 'cen-canonical-'));
  outs.push(out);
  const saved = process.env['SITE_URL'];
  if (siteUrl === undefined) delete process.env['SITE_URL'];
  else process.env['SITE_URL'] = siteUrl;
  try {
    const { status, output } = buildWith('./tests/fixtures/zh-edition', out);
    expect(status, output).toBe(0);
  } finally {
    if (saved === undefined) delete process.env['SITE_URL'];
    else process.env['SITE_URL'] = saved;
  }
  return new Map(
    readPages(out, '/').map((page) => [
      page.file,
      findElements(
        page.tree,
        (n) => n.tagName === 'link' && String(n.properties['rel']) === 'canonical',
      ).map((link) => String(link.properties['href'])),
    ]),
  );
}

describe('the canonical link', () => {
  it('is left out of every page when SITE_URL is unset', () => {
    const pages = canonicalsWith(undefined);
    expect(pages.size).toBeGreaterThan(0);
    for (const [file, links] of pages) expect(links, file).toEqual([]);
  }, 120_000);

  it('names the page under SITE_URL when it is set', () => {
    const pages = canonicalsWith('https://notebook.example.org');
    expect(pages.get('index.html')).toEqual(['https://notebook.example.org/']);
    expect(pages.get('first-steps/index.html')).toEqual([
      'https://notebook.example.org/first-steps/',
    ]);
    expect(pages.get('zh/first-steps/index.html')).toEqual([
      'https://notebook.example.org/zh/first-steps/',
    ]);
  }, 120_000);
});
