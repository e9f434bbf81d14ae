// KaTeX has no \label or \eqref. This plugin numbers the display equations that carry
// \label{eq:…} as "chapter.equation", the chapter being its frontmatter `order` (rendering the
// number with KaTeX's \tag), and turns inline $\eqref{eq:…}$ into a link to the equation, or
// $\eqref{<slug>:eq:…}$ into a link to an equation of another chapter of the same locale, read
// from that chapter's file. An unknown chapter or label, or a repeated label, fails the build
// with the file, line and a fix (authoring-error.ts).
import { existsSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Link, Root, RootContent } from 'mdast';
import type { InlineMath, Math } from 'mdast-util-math';
import { visit } from 'unist-util-visit';
import type { Node } from 'unist';
import type { VFile } from 'vfile';
import { editDistance, failAt, suggestion } from './authoring-error';
import { chapterFiles, chapterTree, readChapterFile } from './chapter-file';
import { DEFAULT_LOCALE } from './i18n';

const LABEL = /\\label\{([^}]*)\}/g;
const EQREF = /^\s*\\eqref\{([^}]*)\}\s*$/;
const VALID_LABEL = /^eq:[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CROSS_REFERENCE = /^([a-z0-9]+(?:-[a-z0-9]+)*):(eq:.*)$/;

/** The HTML id of a labelled equation: "eq:log-sum-exp" → "eq-log-sum-exp". */
export function equationId(label: string): string {
  return label.replace(':', '-');
}

/** What a reference needs to know of a chapter: its number, title and equations in order. */
export interface ChapterEquations {
  readonly slug: string;
  readonly title: string;
  /** The frontmatter `order`, which is the chapter's number; undefined when missing. */
  readonly order: number | undefined;
  readonly draft: boolean;
  readonly labels: readonly string[];
}

/** Fail the build at a node of the chapter: file, line, what is wrong and how to fix it. */
function fail(file: VFile, node: Node, problem: string, fix: string): never {
  failAt(file, node.position, problem, fix);
}

/** The \label{}s of every labelled display equation, in document order. */
function labelsOf(tree: Root): { node: Math; labels: string[] }[] {
  const found: { node: Math; labels: string[] }[] = [];
  visit(tree, 'math', (node: Math) => {
    const labels = [...node.value.matchAll(LABEL)].map((m) => m[1] as string);
    if (labels.length > 0) found.push({ node, labels });
  });
  return found;
}

/**
 * Read a chapter file's number, title and labels the way its own build numbers them (the same
 * frontmatter, MDX and math parsers), so a reference from another page shows the number that
 * page shows. Labels are empty when its MDX does not parse (its own build says why).
 */
export function readChapterEquations(path: string): ChapterEquations {
  const chapter = readChapterFile(path);
  const tree = chapterTree(chapter);
  return {
    slug: chapter.slug,
    title: chapter.title,
    order: chapter.order,
    draft: chapter.draft,
    labels: tree === undefined ? [] : labelsOf(tree).flatMap((e) => e.labels),
  };
}

/** The file a chapter's VFile was read from, without the query a bundler may add. */
function sourcePath(file: VFile): string {
  return file.path.replace(/\?.*$/, '');
}

/** The number of the chapter being built, from its own file's frontmatter. */
function chapterNumber(file: VFile, node: Node): number {
  const path = sourcePath(file);
  const order = existsSync(path) ? readChapterFile(path).order : undefined;
  if (order === undefined) {
    fail(
      file,
      node,
      'Numbered equations need the chapter’s `order` in its frontmatter',
      'add `order: <n>` to the frontmatter; equations are numbered "<order>.<k>"',
    );
  }
  return order;
}

/** Where another chapter of the same locale is served, root-relative (the base is added later). */
function chapterUrl(file: VFile, slug: string): string {
  const locale = basename(dirname(sourcePath(file)));
  return locale === DEFAULT_LOCALE ? `/${slug}/` : `/${locale}/${slug}/`;
}

/** Resolve $\eqref{<slug>:eq:…}$ against the other chapter's file, or fail naming both. */
function crossReference(
  file: VFile,
  node: Node,
  slug: string,
  label: string,
): { url: string; number: string; title: string } {
  const chapters = chapterFiles(dirname(sourcePath(file)));
  const path = chapters.get(slug);
  const reference = `$\\eqref{${slug}:${label}}$`;
  if (path === undefined) {
    const known = [...chapters.keys()];
    fail(
      file,
      node,
      `Unknown chapter "${slug}" in ${reference}`,
      `write the file name of a chapter of this language without ".mdx": ${suggestion(slug, known, 'chapter')}`,
    );
  }
  if (chapterTree(readChapterFile(path)) === undefined)
    fail(
      file,
      node,
      `Chapter "${slug}" in ${reference} cannot be read: its MDX does not parse`,
      `fix the error the build reports in ${slug}.mdx first`,
    );
  const chapter = readChapterEquations(path);
  if (chapter.draft)
    fail(
      file,
      node,
      `Chapter "${slug}" in ${reference} is a draft`,
      'publish it (`draft: false`) or cite a published chapter',
    );
  const index = chapter.labels.indexOf(label);
  if (index < 0)
    fail(
      file,
      node,
      `Unknown equation label "${label}" of chapter "${slug}" in ${reference}`,
      `cite a \\label{} that chapter carries: ${suggestion(label, chapter.labels, 'label')}`,
    );
  if (chapter.order === undefined)
    fail(
      file,
      node,
      `Chapter "${slug}" in ${reference} has no order`,
      `add \`order:\` to ${slug}.mdx`,
    );
  return {
    url: `${chapterUrl(file, slug)}#${equationId(label)}`,
    number: `${chapter.order}.${index + 1}`,
    title: chapter.title,
  };
}

/** A command with an argument: `\lable{eq:x}` → name "lable", argument "eq:x". */
const COMMAND = /\\([A-Za-z]+)\{([^}]*)\}/g;

/**
 * A misspelt \label (`\lable{eq:x}`, `\Label{…}`) is no label: the equation stays unnumbered
 * and the \eqref that cites it fails, far from the typo, saying the chapter has no labels.
 * Fail at the typo itself, its line and column inside the formula.
 */
function checkLabelSpelling(tree: Root, file: VFile): void {
  const source = typeof file.value === 'string' ? file.value : String(file.value);
  visit(tree, ['math', 'inlineMath'], (node) => {
    const math = node as Math | InlineMath;
    for (const match of math.value.matchAll(COMMAND)) {
      const name = match[1] as string;
      // No KaTeX command is within two edits of "label", so such a name is a slip.
      if (name === 'label' || editDistance(name.toLowerCase(), 'label') > 2) continue;
      const start = math.position?.start;
      const from = start?.offset;
      const to = math.position?.end.offset;
      let at = start;
      if (from !== undefined && to !== undefined) {
        const offset = source.slice(from, to).indexOf(match[0]);
        if (offset >= 0) {
          const before = source.slice(0, from + offset).split('\n');
          at = { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
        }
      }
      failAt(
        file,
        at === undefined ? undefined : { start: at, end: at },
        `"\\${name}{${match[2]}}" is a misspelt \\label: the equation has no label`,
        `write \\label{${match[2]}}; a misspelt label leaves the equation unnumbered and every \\eqref to it unresolved`,
      );
    }
  });
}

/** Number labelled display equations in order and link every \eqref to its equation. */
export default function remarkEquationLabels() {
  return function transform(tree: Root, file: VFile): void {
    checkLabelSpelling(tree, file);
    const numbers = new Map<string, string>();
    const anchors = new Map<Math, string>();
    const labelled = labelsOf(tree);
    const first = labelled[0];
    const chapter = first === undefined ? 0 : chapterNumber(file, first.node);
    for (const { node, labels } of labelled) {
      if (labels.length > 1)
        fail(
          file,
          node,
          `An equation has ${labels.length} \\label{}s (${labels.join(', ')})`,
          'keep one \\label{eq:…} per display equation; split the display to number two lines',
        );
      const label = labels[0] as string;
      if (!VALID_LABEL.test(label)) {
        fail(
          file,
          node,
          `Equation label "${label}" must look like eq:kebab-case-name`,
          `write e.g. \\label{eq:${
            label
              .replace(/^eq:/, '')
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, '-')
              .replace(/^-|-$/g, '') || 'name'
          }}`,
        );
      }
      if (numbers.has(label))
        fail(
          file,
          node,
          `Equation label "${label}" is used twice`,
          'give each equation its own label; references cite one equation',
        );
      const number = `${chapter}.${numbers.size + 1}`;
      numbers.set(label, number);
      anchors.set(node, label);
      node.value = node.value.replace(LABEL, `\\tag{${number}}`);
      // remark-math also keeps the formula in the hast it prepared; keep both in step.
      visit(
        { type: 'root', children: node.data?.hChildren ?? [] } as never,
        'text',
        (text: { value: string }) => {
          text.value = node.value;
        },
      );
    }
    // An anchor just before each equation: rehype-katex replaces the math element itself.
    visit(tree, 'math', (node: Math, index, parent) => {
      const label = anchors.get(node);
      if (label === undefined || parent === undefined || index === undefined) return undefined;
      const anchor = {
        type: 'equationAnchor',
        data: {
          hName: 'div',
          hProperties: { id: equationId(label), className: ['equation-anchor'] },
        },
      } as unknown as RootContent;
      parent.children.splice(index, 0, anchor as never);
      return index + 2;
    });
    visit(tree, 'inlineMath', (node: InlineMath, index, parent) => {
      if (!node.value.includes('\\eqref') && !node.value.includes('\\label')) return;
      const match = EQREF.exec(node.value);
      if (match === null)
        fail(
          file,
          node,
          `"$${node.value}$" mixes \\eqref or \\label with other math`,
          'write each reference as its own $\\eqref{eq:…}$ or $\\eqref{<chapter-slug>:eq:…}$, and put \\label{} only in display math ($$ … $$)',
        );
      const target = match[1] as string;
      const cross = CROSS_REFERENCE.exec(target);
      let link: Link;
      if (cross === null) {
        const number = numbers.get(target);
        if (number === undefined)
          fail(
            file,
            node,
            `Unknown equation label "${target}" in $\\eqref{${target}}$`,
            `add \\label{${target}} to a display equation of this chapter, or cite one it has: ${suggestion(target, [...numbers.keys()], 'label')}`,
          );
        link = {
          type: 'link',
          url: `#${equationId(target)}`,
          children: [{ type: 'text', value: `(${number})` }],
          data: { hProperties: { className: ['eqref'] } },
        };
      } else {
        const { url, number, title } = crossReference(
          file,
          node,
          cross[1] as string,
          cross[2] as string,
        );
        link = {
          type: 'link',
          url,
          title: `Equation (${number}), in “${title}”`,
          children: [{ type: 'text', value: `(${number})` }],
          data: { hProperties: { className: ['eqref'] } },
        };
      }
      if (parent !== undefined && index !== undefined)
        parent.children.splice(index, 1, link as never);
    });
  };
}
