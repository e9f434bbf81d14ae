// GFM footnotes, made to read like a book's notes: labelled in the chapter's language, and
// placed before the reference list rather than after it (remark-rehype always appends them
// to the very end of the document).
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { localeOfFile } from './content-locale';
import { t } from './i18n';

const isElement = (node: RootContent | ElementContent): node is Element => node.type === 'element';

/** Relabel the notes and back links in the file's language and move the notes above References. */
export default function rehypeFootnotes() {
  return function transform(tree: Root, file: VFile): void {
    const locale = localeOfFile(file.path);
    const notesAt = tree.children.findIndex(
      (node) => isElement(node) && node.tagName === 'section' && 'dataFootnotes' in node.properties,
    );
    const notes = tree.children[notesAt];
    if (notes === undefined || !isElement(notes)) return;

    const label = notes.children.find(
      (node) => isElement(node) && node.properties['id'] === 'footnote-label',
    );
    if (label !== undefined && isElement(label)) {
      label.children = [{ type: 'text', value: t(locale, 'notes') }];
    }
    visit(notes, 'element', (node: Element) => {
      const backref = node.properties['dataFootnoteBackref'];
      if (backref === undefined) return;
      const reference = /fnref-(\d+)/.exec(node.properties['href'] ?? '');
      node.properties['ariaLabel'] = t(locale, 'backToReference').replace(
        '{n}',
        reference?.[1] ?? '',
      );
    });

    const referencesAt = tree.children.findIndex(
      (node) =>
        isElement(node) && node.tagName === 'h2' && toText(node).trim() === t(locale, 'references'),
    );
    if (referencesAt === -1 || referencesAt > notesAt) return;
    tree.children.splice(notesAt, 1);
    tree.children.splice(referencesAt, 0, notes);
  };
}
