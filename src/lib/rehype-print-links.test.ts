import type { Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toHtml } from 'hast-util-to-html';
import { describe, expect, it } from 'vitest';
import rehypePrintLinks from './rehype-print-links';

const run = (html: string): string => {
  const tree: Root = fromHtml(html, { fragment: true });
  rehypePrintLinks()(tree);
  return toHtml(tree);
};

describe('rehypePrintLinks', () => {
  it('marks a link whose text is its own target, however the URL is written', () => {
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

  it('leaves links with their own words, in-page links and empty links alone', () => {
    for (const html of [
      '<a href="https://pytorch.org/docs/">PyTorch documentation</a>',
      '<a href="/entropy-and-kl/">Chapter 2</a>',
      '<a href="#eq-softmax">#eq-softmax</a>',
      '<a href="https://x.org/"></a>',
      '<span href="https://x.org/">https://x.org/</span>',
    ]) {
      expect(run(html)).toBe(html);
    }
  });
});
