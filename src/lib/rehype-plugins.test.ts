import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { localeOfFile } from './content-locale';
import rehypeBaseLinks from './rehype-base-links';
import rehypeFootnotes from './rehype-footnotes';
import rehypeHeadingAnchors from './rehype-heading-anchors';
import rehypeKatexPunctuation from './rehype-katex-punctuation';
import rehypeKatexStrict from './rehype-katex-strict';

const parse = (html: string): Root => fromHtml(html, { fragment: true });

describe('rehypeKatexStrict', () => {
  it('renders valid math like rehype-katex', () => {
    const tree = parse('<p><code class="language-math math-inline">a^2</code></p>');
    rehypeKatexStrict()(tree, new VFile({ path: 'ok.mdx' }));
    expect(toHtml(tree)).toContain('class="katex"');
  });

  it('throws with file, line, formula and a fix instead of painting it red', () => {
    const tree = parse('<p>\n  <code class="language-math math-inline">\\frac{1}{</code></p>');
    expect(() => rehypeKatexStrict()(tree, new VFile({ path: 'content/en/bad.mdx' }))).toThrow(
      /^content\/en\/bad\.mdx:2:3: KaTeX cannot render the formula "\\frac\{1\}\{": KaTeX parse error: .*\. Fix: correct the TeX/,
    );
  });
});

describe('rehypeHeadingAnchors', () => {
  it('adds a labelled anchor to section headings that have ids, and nothing else', () => {
    const tree = parse('<h1 id="t">T</h1><h2 id="two">Two</h2><h3>No id</h3>');
    rehypeHeadingAnchors()(tree);
    const html = toHtml(tree);
    expect(html).toContain(
      '<h2 id="two" class="heading">Two<a class="heading-anchor" aria-label="Link to this section" href="#two"></a></h2>',
    );
    expect(html).toContain('<h1 id="t">T</h1>');
    expect(html).toContain('<h3>No id</h3>');
  });

  it('labels the anchors in the chapter’s language', () => {
    const tree = parse('<h2 id="two">Two</h2>');
    rehypeHeadingAnchors()(tree, new VFile({ path: '/site/content/zh/two.mdx' }));
    expect(toHtml(tree)).toContain('aria-label="链接到本节"');
  });
});

describe('localeOfFile', () => {
  it('reads the locale from the folder above the file, English otherwise', () => {
    expect(localeOfFile('/site/content/zh/entropy.mdx')).toBe('zh');
    expect(localeOfFile('C:\\site\\content\\en\\entropy.mdx')).toBe('en');
    expect(localeOfFile('/site/content/fr/entropy.mdx')).toBe('en');
    expect(localeOfFile(undefined)).toBe('en');
  });
});

describe('rehypeFootnotes', () => {
  // What remark-rehype emits for a chapter with one footnote and a References section.
  const chapter = (references: string) =>
    parse(
      `<h2>Body</h2><p>Text<sup><a href="#user-content-fn-1" id="user-content-fnref-1" data-footnote-ref>1</a></sup></p>` +
        `<h2>${references}</h2><ul><li>Cover &amp; Thomas</li></ul>` +
        `<section data-footnotes class="footnotes"><h2 class="sr-only" id="footnote-label">Footnotes</h2>` +
        `<ol><li id="user-content-fn-1"><p>A note. <a href="#user-content-fnref-1" data-footnote-backref aria-label="Back to reference 1">↩</a></p></li></ol></section>`,
    );
  const order = (tree: Root) =>
    tree.children.map((n) => (n.type === 'element' ? n.tagName : n.type));

  it('moves the notes above the References heading and labels them', () => {
    const tree = chapter('References');
    rehypeFootnotes()(tree, new VFile({ path: 'content/en/a.mdx' }));
    expect(order(tree)).toEqual(['h2', 'p', 'section', 'h2', 'ul']);
    const html = toHtml(tree);
    expect(html).toContain('id="footnote-label">Notes</h2>');
    expect(html).toContain('aria-label="Back to reference 1"');
  });

  it('speaks the chapter’s language in a Chinese chapter', () => {
    const tree = chapter('参考文献');
    rehypeFootnotes()(tree, new VFile({ path: 'content/zh/a.mdx' }));
    expect(order(tree)).toEqual(['h2', 'p', 'section', 'h2', 'ul']);
    const html = toHtml(tree);
    expect(html).toContain('id="footnote-label">注释</h2>');
    expect(html).toContain('aria-label="返回引用 1"');
  });

  it('leaves the notes last when the chapter has no References section', () => {
    const tree = chapter('Further reading');
    rehypeFootnotes()(tree, new VFile({ path: 'content/en/a.mdx' }));
    expect(order(tree)).toEqual(['h2', 'p', 'h2', 'ul', 'section']);
  });

  it('does nothing to a chapter without footnotes', () => {
    const tree = parse('<h2>References</h2><ul><li>x</li></ul>');
    const before = toHtml(tree);
    rehypeFootnotes()(tree, new VFile({ path: 'content/en/a.mdx' }));
    expect(toHtml(tree)).toBe(before);
  });
});

describe('rehypeBaseLinks', () => {
  it('prefixes root-relative links and sources with the base, leaving the rest', () => {
    const tree = parse(
      '<a href="/entropy-and-kl/">x</a><a href="#f">f</a><a href="https://pytorch.org/">p</a><a href="//cdn.test/x">c</a><img src="/img.png" alt="">',
    );
    rehypeBaseLinks({ base: '/notebook/' })(tree);
    const html = toHtml(tree);
    expect(html).toContain('href="/notebook/entropy-and-kl/"');
    expect(html).toContain('href="#f"');
    expect(html).toContain('href="https://pytorch.org/"');
    expect(html).toContain('href="//cdn.test/x"');
    expect(html).toContain('src="/notebook/img.png"');
  });
});

describe('rehypeKatexPunctuation', () => {
  const inline = '<span class="katex"><span class="katex-html">x</span></span>';

  it('joins an inline formula and the punctuation after it, keeping the rest of the text', () => {
    const tree = parse(`<p>Take ${inline}, then ${inline}. Done ${inline} and more</p>`);
    rehypeKatexPunctuation()(tree);
    const html = toHtml(tree);
    expect(html).toContain(
      '<span class="katex-punctuation" style="white-space: nowrap"><span class="katex"><span class="katex-html">x</span></span>,</span> then ',
    );
    expect(html).toContain('x</span></span>.</span> Done <span class="katex">');
    expect(html.match(/katex-punctuation/g)).toHaveLength(2);
  });

  it('turns the opening quote smart quotes put after a formula back into an apostrophe', () => {
    const tree = parse(`<p>sample ${inline}‘s row, and ${inline} ‘quoted’</p>`);
    rehypeKatexPunctuation()(tree);
    const html = toHtml(tree);
    expect(html).toContain('x</span></span>’</span>s row');
    expect(html).toContain('</span> ‘quoted’');
  });

  it('leaves display math alone', () => {
    const tree = parse(`<span class="katex-display">${inline}.</span>`);
    rehypeKatexPunctuation()(tree);
    expect(toHtml(tree)).not.toContain('katex-punctuation');
  });
});
