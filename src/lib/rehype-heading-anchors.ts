// Gives every section heading a visible "link to here" anchor. The anchor carries no text
// (its mark is drawn by CSS) so the heading text Astro collects for the table of contents
// stays clean.
import type { Element, Root } from 'hast';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { localeOfFile } from './content-locale';
import { t } from './i18n';

const SECTION_HEADINGS = new Set(['h2', 'h3', 'h4']);

/** Append an anchor link to each h2–h4 that has an id (run after rehypeHeadingIds). */
export default function rehypeHeadingAnchors() {
  return function transform(tree: Root, file?: VFile): void {
    const label = t(localeOfFile(file?.path), 'linkToSection');
    visit(tree, 'element', (node: Element) => {
      if (!SECTION_HEADINGS.has(node.tagName)) return;
      const id = node.properties['id'];
      if (typeof id !== 'string' || id === '') return;
      node.properties['className'] = ['heading'];
      node.children.push({
        type: 'element',
        tagName: 'a',
        properties: {
          className: ['heading-anchor'],
          href: `#${id}`,
          ariaLabel: label,
        },
        children: [],
      });
    });
  };
}
