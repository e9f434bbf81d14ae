import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import {
  facesUsed,
  insertPreloads,
  parseFontFaces,
  parseKatexFontRules,
  preloadFonts,
} from './fonts';

// KaTeX's own stylesheet, with its font URLs as the build rewrites them (base /nb/).
const katexCss = readFileSync(
  createRequire(import.meta.url).resolve('katex/dist/katex.min.css'),
  'utf8',
).replace(/url\(fonts\/([\w-]+)\.(woff2?|ttf)\)/g, 'url(/nb/_astro/$1.hash.$2)');

const pageWith = (...formulas: string[]) =>
  `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/nb/_astro/a.css"></head><body>${formulas
    .map((tex) => katex.renderToString(tex, { displayMode: true, output: 'htmlAndMathml' }))
    .join('')}</body></html>`;

/** The face names (`Math-Italic`) a page's formulas draw in, as facesUsed reports them. */
const faceNames = (html: string) =>
  facesUsed(fromHtml(html), katexCss).map((url) => /KaTeX_([\w-]+)\.hash/.exec(url)?.[1]);

describe('parseFontFaces', () => {
  it("reads each KaTeX face's family, weight, style and woff2 URL", () => {
    const faces = parseFontFaces(katexCss);
    expect(faces).toHaveLength(20);
    expect(faces).toContainEqual({
      family: 'KaTeX_Math',
      weight: 700,
      style: 'italic',
      woff2: '/nb/_astro/KaTeX_Math-BoldItalic.hash.woff2',
    });
  });

  it('skips faces without a woff2 source', () => {
    expect(parseFontFaces('@font-face{font-family:X;src:url(/x.ttf) format("truetype")}')).toEqual(
      [],
    );
  });
});

describe('parseKatexFontRules', () => {
  it("reads the family from KaTeX's font shorthand and ignores rules outside .katex", () => {
    const rules = parseKatexFontRules(
      'p{font-family:Serif}.katex{font:normal 1.21em KaTeX_Main,Times New Roman,serif}',
    );
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ family: 'KaTeX_Main', weight: 400, style: 'normal' });
  });
});

describe('facesUsed', () => {
  it('finds the italic math face for letters and the main face for digits and operators', () => {
    expect(faceNames(pageWith('x + 1'))).toEqual(['Math-Italic', 'Main-Regular']);
  });

  it('finds the faces of bold, blackboard and calligraphic letters', () => {
    expect(faceNames(pageWith('\\mathbf{W}')).sort()).toEqual(['Main-Bold']);
    expect(faceNames(pageWith('\\mathbb{R}'))).toEqual(['AMS-Regular']);
    expect(faceNames(pageWith('\\mathcal{L}'))).toEqual(['Caligraphic-Regular']);
  });

  it('finds the large-operator face of a displayed sum and the delimiter faces of tall brackets', () => {
    expect(faceNames(pageWith('\\sum_i x_i'))).toContain('Size2-Regular');
    expect(faceNames(pageWith('\\big( \\Big( \\bigg( \\Bigg(')).sort()).toEqual([
      'Size1-Regular',
      'Size2-Regular',
      'Size3-Regular',
      'Size4-Regular',
    ]);
  });

  it('ignores the MathML copy and finds nothing on a page without math', () => {
    const mathmlOnly = katex.renderToString('\\mathbb{R}', { output: 'mathml' });
    expect(faceNames(`<html><body>${mathmlOnly}</body></html>`)).toEqual([]);
    expect(faceNames('<html><body><p class="note">No formulas.</p></body></html>')).toEqual([]);
  });
});

describe('insertPreloads', () => {
  const html = '<html><head><title>t</title><style>p{}</style></head><body></body></html>';

  it('puts the preloads before the first stylesheet, once', () => {
    const once = insertPreloads(html, ['/f.woff2']);
    expect(once).toBe(
      '<html><head><title>t</title><link rel="preload" as="font" type="font/woff2" crossorigin href="/f.woff2"><style>p{}</style></head><body></body></html>',
    );
    expect(insertPreloads(once, ['/f.woff2'])).toBe(once);
  });

  it('names a page without a head', () => {
    expect(() => insertPreloads('<p>', ['/f.woff2'])).toThrow(/without <\/head>/);
  });
});

describe('preloadFonts', () => {
  const build = () => {
    const root = mkdtempSync(join(tmpdir(), 'fonts-'));
    mkdirSync(join(root, '_astro'));
    mkdirSync(join(root, 'chapter'));
    writeFileSync(join(root, '_astro', 'a.css'), katexCss);
    for (const face of ['Math-Italic', 'Main-Regular'])
      writeFileSync(join(root, '_astro', `KaTeX_${face}.hash.woff2`), '');
    writeFileSync(join(root, 'chapter', 'index.html'), pageWith('x + 1'));
    writeFileSync(join(root, 'index.html'), '<html><head></head><body>home</body></html>');
    return root;
  };
  const site = (root: string) => ({ root, base: '/nb/', log: () => undefined });

  it('preloads the faces a chapter draws and leaves a page without math alone', async () => {
    const root = build();
    await preloadFonts(site(root));
    const chapter = readFileSync(join(root, 'chapter', 'index.html'), 'utf8');
    expect(
      [...chapter.matchAll(/rel="preload" as="font"[^>]*href="([^"]+)"/g)].map((m) => m[1]),
    ).toEqual([
      '/nb/_astro/KaTeX_Math-Italic.hash.woff2',
      '/nb/_astro/KaTeX_Main-Regular.hash.woff2',
    ]);
    expect(readFileSync(join(root, 'index.html'), 'utf8')).not.toContain('preload');
    rmSync(root, { recursive: true });
  });

  it('fails with the page and URL when a face it needs is missing from the build', async () => {
    const root = build();
    rmSync(join(root, '_astro', 'KaTeX_Main-Regular.hash.woff2'));
    await expect(preloadFonts(site(root))).rejects.toThrow(
      /chapter\/index\.html: the font \/nb\/_astro\/KaTeX_Main-Regular\.hash\.woff2/,
    );
    rmSync(root, { recursive: true });
  });
});
