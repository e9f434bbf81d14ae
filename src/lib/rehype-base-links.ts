// Chapters link to each other with root-relative URLs ("/entropy-and-kl/"); when the site is
// served under a sub-path those links must carry the base, so authors never write it.
import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';
import { withBase } from './paths';

/** Prefix root-relative href and src attributes in Markdown output with the site's base path. */
export default function rehypeBaseLinks(options: { base: string }) {
  return function transform(tree: Root): void {
    visit(tree, 'element', (node: Element) => {
      for (const attribute of ['href', 'src']) {
        const value = node.properties[attribute];
        if (typeof value === 'string' && value.startsWith('/') && !value.startsWith('//')) {
          node.properties[attribute] = withBase(value, options.base);
        }
      }
    });
  };
}
