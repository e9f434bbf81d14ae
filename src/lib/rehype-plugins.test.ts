import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import rehypeBaseLinks from './rehype-base-links';
import rehypeHeadingAnchors from './rehype-heading-anchors';
import rehypeKatexStrict from './rehype-katex-strict';

const parse = (html: string): Root => fromHtml(html, { fragment: true });

describe('rehypeKatexStrict', () => {
  it('renders valid math like rehype-katex', () => {
    const tree = parse('<p><code class="language-math math-inline">a^2</code></p>');
    rehypeKatexStrict()(tree, new VFile({ path: 'ok.mdx' }));
    expect(toHtml(tree)).toContain('class="katex"');
  });

  it('throws with the file and the formula instead of painting it red', () => {
    const tree = parse('<p><code class="language-math math-inline">\\frac{1}{</code></p>');
    expect(() => rehypeKatexStrict()(tree, new VFile({ path: 'content/en/bad.mdx' }))).toThrow(
      /KaTeX could not render a formula in content\/en\/bad\.mdx[\s\S]*formula: \\frac\{1\}\{/,
    );
  });
});

describe('rehypeHeadingAnchors', () => {
  it('adds a labelled anchor to section headings that have ids, and nothing else', () => {
    const tree = parse('<h1 id="t">T</h1><h2 id="two">Two</h2><h3>No id</h3>');
    rehypeHeadingAnchors()(tree);
    const html = toHtml(tree);
    expect(html).toContain(
      '<h2 id="two" class="heading">Two<a class="heading-anchor" href="#two" aria-label="Link to this section"></a></h2>',
    );
    expect(html).toContain('<h1 id="t">T</h1>');
    expect(html).toContain('<h3>No id</h3>');
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
