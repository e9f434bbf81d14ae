import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import rehypePrintLinks, { printedTarget, type PrintLinkOptions } from './rehype-print-links';

/** The HTML after the plugin, for a chapter file at `path` (content/<locale>/<slug>.mdx). */
const run = (
  html: string,
  options: PrintLinkOptions = {},
  path = '/repo/content/en/softmax-and-logits.mdx',
): string => {
  const tree: Root = fromHtml(html, { fragment: true });
  rehypePrintLinks(options)(tree, new VFile({ path }));
  return toHtml(tree);
};
/** Only the target a link prints, or null. */
const printed = (html: string, options?: PrintLinkOptions, path?: string): string | null =>
  /data-print-href="([^"]*)"/.exec(run(html, options, path))?.[1] ?? null;

describe('rehypePrintLinks', () => {
  it('marks a link whose text is its own target, however the URL is written, and prints nothing more', () => {
    expect(run('<a href="https://d2l.ai/x.html">https://d2l.ai/x.html</a>')).toBe(
      '<a href="https://d2l.ai/x.html" data-print-shows-target="">https://d2l.ai/x.html</a>',
    );
    expect(run('<a href="https://www.example.org/">example.org</a>')).toContain(
      'data-print-shows-target',
    );
    expect(run('<a href="https://x.org/a"><code>https://x.org/a</code></a>')).toContain(
      'data-print-shows-target',
    );
  });

  it('prints an external link’s URL as it is', () => {
    expect(run('<a href="https://pytorch.org/docs/">PyTorch documentation</a>')).toBe(
      '<a href="https://pytorch.org/docs/" data-print-href="https://pytorch.org/docs/">PyTorch documentation</a>',
    );
    expect(printed('<a href="https://x.org/"></a>')).toBe('https://x.org/');
  });

  it('prints a link within the site as a full URL when the site’s address is known', () => {
    const site = 'https://notes.example.org';
    // rehype-base-links has already put the base on root-relative hrefs.
    expect(
      printed('<a href="/notebook/entropy-and-kl/#eq-kl">Chapter 2</a>', {
        base: '/notebook/',
        site,
      }),
    ).toBe('https://notes.example.org/notebook/entropy-and-kl/#eq-kl');
    expect(printed('<a href="/entropy-and-kl/">Chapter 2</a>', { site: `${site}/ignored/` })).toBe(
      'https://notes.example.org/entropy-and-kl/',
    );
  });

  it('prints the path with the base when the site’s address is not known', () => {
    expect(printed('<a href="/entropy-and-kl/">Chapter 2</a>')).toBe('/entropy-and-kl/');
    expect(printed('<a href="/notebook/entropy-and-kl/?a=1#x">2</a>', { base: '/notebook/' })).toBe(
      '/notebook/entropy-and-kl/?a=1#x',
    );
    expect(printed('<a href="//cdn.example.org/a">a</a>')).toBe('https://cdn.example.org/a');
  });

  it('resolves a relative href against the chapter’s own URL, base and locale included', () => {
    const sibling = '<a href="../entropy-and-kl/">the previous chapter</a>';
    expect(printed(sibling)).toBe('/entropy-and-kl/');
    expect(printed(sibling, { base: '/notebook/' })).toBe('/notebook/entropy-and-kl/');
    expect(printed(sibling, { base: '/notebook/', site: 'https://notes.example.org' })).toBe(
      'https://notes.example.org/notebook/entropy-and-kl/',
    );
    expect(
      printed('<a href="data.csv">the data</a>', {}, '/repo/content/zh/label-formats.mdx'),
    ).toBe('/zh/label-formats/data.csv');
    expect(printed('<a href="./">this chapter</a>', { base: '/nb/' })).toBe(
      '/nb/softmax-and-logits/',
    );
  });

  it('prints nothing for in-page links, other schemes, or a relative href outside a chapter', () => {
    for (const html of [
      '<a href="#eq-softmax">#eq-softmax</a>',
      '<a href="#fn-1">1</a>',
      '<a href="mailto:notebook@example.org">write to us</a>',
      '<a>no href</a>',
      '<span href="https://x.org/">https://x.org/</span>',
    ]) {
      expect(run(html)).toBe(html);
    }
    expect(run('<a href="x/">x</a>', {}, '/repo/notes/x.mdx')).toBe('<a href="x/">x</a>');
  });

  it('prints nothing after an equation reference, in this chapter or another, nor a footnote mark', () => {
    for (const html of [
      '<a href="#eq-loss" class="eqref">(4.1)</a>',
      '<a href="/gradient-of-cross-entropy/#eq-gradient" title="Equation (4.2)" class="eqref">(4.2)</a>',
      '<a href="https://notes.example.org/nb/entropy-and-kl/#eq-kl" class="note eqref">(2.3)</a>',
      '<a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref="">1</a>',
      '<a href="/softmax-and-logits/#user-content-fnref-1" data-footnote-backref="">↩</a>',
    ]) {
      expect(run(html, { site: 'https://notes.example.org' })).toBe(html);
    }
    // A chapter reference is not a numbered one: its address is written out.
    expect(printed('<a href="/gradient-of-cross-entropy/" class="chapter-ref">Chapter 4</a>')).toBe(
      '/gradient-of-cross-entropy/',
    );
  });
});

describe('printedTarget', () => {
  it('is what ChapterRef prints for its link, with or without the site’s address', () => {
    expect(printedTarget('/notebook/entropy-and-kl/')).toBe('/notebook/entropy-and-kl/');
    expect(printedTarget('/notebook/entropy-and-kl/', { site: 'https://notes.example.org' })).toBe(
      'https://notes.example.org/notebook/entropy-and-kl/',
    );
    expect(printedTarget('  ')).toBeUndefined();
  });
});
