// The print stylesheet writes a link's target after its text (src/styles/print.css); a link whose
// text already is its target (a bare URL in the references) is marked so it is not written twice.
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';

/** The attribute print.css reads: the link's text already shows where it goes. */
export const SHOWS_TARGET = 'dataPrintShowsTarget';

/** A node's text, as a reader sees it. */
function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/** Without the scheme, "www." and a trailing slash: how a URL is often written as link text. */
const loose = (url: string) =>
  url
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/\/$/, '');

/** Mark every link whose text is its own href, so paper does not repeat it in parentheses. */
export default function rehypePrintLinks() {
  return function transform(tree: Root): void {
    visit(tree, 'element', (node: Element) => {
      const href = node.properties['href'];
      if (node.tagName !== 'a' || typeof href !== 'string' || href.startsWith('#')) return;
      const text = node.children.map(textOf).join('');
      if (text.trim() !== '' && loose(text) === loose(href)) node.properties[SHOWS_TARGET] = '';
    });
  };
}
