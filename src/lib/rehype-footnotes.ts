// GFM footnotes, made to read like a book's notes: labelled in the chapter's language, and
// placed before the reference list rather than after it (remark-rehype always appends them
// to the very end of the document). A reference with no note ([^cor] for [^core]) would print
// as its own text and a note nobody cites would vanish, both silently, so either fails the build.
import { createProcessor } from '@mdx-js/mdx';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';
import type { Root as MarkdownRoot, Text } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { visit } from 'unist-util-visit';
import { authoringMessage, nearest, problemsError } from './authoring-error';
import { localeOfFile } from './content-locale';
import { t } from './i18n';

/** An unescaped `[^label]` in the text as typed: a footnote reference GFM did not take as one. */
const LOOSE_REFERENCE = /(?<!\\)\[\^([^\]\n]+)\]/g;

const isElement = (node: RootContent | ElementContent): node is Element => node.type === 'element';

/** Relabel the notes and back links in the file's language and move the notes above References. */
export default function rehypeFootnotes() {
  return function transform(tree: Root, file: VFile): void {
    checkFootnotes(file);
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

/**
 * Fail the build on a footnote reference that has no note or a note that is never cited. The
 * Markdown tree is gone by the time rehype runs (and with it the uncited notes), so the
 * chapter's source is read again with the build's parsers (MDX, GFM, math).
 */
export function checkFootnotes(file: VFile): void {
  const source = typeof file.value === 'string' ? file.value : undefined;
  if (source === undefined || !source.includes('[^')) return;
  const problems = footnoteProblems(markdownTree(source, file.path), source).map(
    ({ at, problem, fix }) => ({ at, message: authoringMessage(file.path, at, problem, fix) }),
  );
  if (problems.length > 0) throw problemsError(file.path, problems);
}

/** What is wrong with a chapter's footnotes, in the order they appear. */
export function footnoteProblems(
  tree: MarkdownRoot,
  source: string,
): { at: Point; problem: string; fix: string }[] {
  const notes = new Map<string, { label: string; at: Point }>();
  const cited = new Set<string>();
  visit(tree, (node) => {
    if (node.type === 'footnoteDefinition' && !notes.has(node.identifier))
      notes.set(node.identifier, { label: node.label ?? node.identifier, at: startOf(node) });
    if (node.type === 'footnoteReference') cited.add(node.identifier);
  });
  const labels = [...notes.values()].map((note) => note.label);
  const listed = labels.map((label) => `[^${label}]`).join(', ');
  const problems: { at: Point; problem: string; fix: string }[] = [];
  const meant = new Set<string>();
  visit(tree, 'text', (node: Text) => {
    const { start, end } = node.position ?? {};
    if (start?.offset === undefined || end?.offset === undefined) return;
    const typed = source.slice(start.offset, end.offset);
    for (const match of typed.matchAll(LOOSE_REFERENCE)) {
      const label = match[1] as string;
      if (notes.has(identifierOf(label))) continue;
      const at = pointAt(source, start.offset + match.index);
      if (/\s/.test(label)) {
        problems.push({
          at,
          problem: `Footnote reference [^${label}] has a space in its label, so the page would show it as text`,
          fix: `write the label without spaces, here and in its note, e.g. [^${label.trim().replace(/\s+/g, '-')}]`,
        });
        continue;
      }
      const near = nearest(label, labels);
      if (near !== undefined) meant.add(identifierOf(near));
      problems.push({
        at,
        problem: `Footnote [^${label}] has no note, so the page would show the text "[^${label}]"`,
        fix:
          near !== undefined
            ? `did you mean [^${near}]? The notes of this chapter are: ${listed}`
            : labels.length > 0
              ? `cite one of the notes of this chapter (${listed}), or add the note on a line of its own: [^${label}]: <the note>`
              : `this chapter has no notes yet; add one on a line of its own: [^${label}]: <the note>`,
      });
    }
  });
  for (const [identifier, note] of notes) {
    // A note a misspelt reference was meant for is reported with that reference.
    if (cited.has(identifier) || meant.has(identifier)) continue;
    problems.push({
      at: note.at,
      problem: `Footnote [^${note.label}] is never cited, so the page would leave the note out`,
      fix: `cite it with [^${note.label}] where it belongs, or delete the note`,
    });
  }
  return problems.sort((a, b) => a.at.line - b.at.line || a.at.column - b.at.column);
}

const processors = new Map<string, ReturnType<typeof createProcessor>>();

/** A chapter's Markdown tree, parsed as the build parses it (only the parse, no transforms). */
function markdownTree(source: string, path: string): MarkdownRoot {
  const format = /\.md(?:\?.*)?$/.test(path) ? 'md' : 'mdx';
  let processor = processors.get(format);
  if (processor === undefined) {
    processor = createProcessor({ format, remarkPlugins: [remarkGfm, remarkMath] });
    processors.set(format, processor);
  }
  return processor.parse(source);
}

/** GFM matches a reference to its note case-blind, with runs of white space as one space. */
function identifierOf(label: string): string {
  return label
    .replace(/[\t\n\r ]+/g, ' ')
    .trim()
    .toLowerCase();
}

function startOf(node: { position?: { start: Point } | undefined }): Point {
  return node.position?.start ?? { line: 1, column: 1 };
}

/** Line and column (1-based) of an offset in the source. */
function pointAt(source: string, offset: number): Point {
  const before = source.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1, offset };
}
