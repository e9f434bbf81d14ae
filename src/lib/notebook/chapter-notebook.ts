// A chapter as a Jupyter notebook, built at build time from its MDX: the prose as Markdown
// cells (math as $…$ and $$…$$ with the equation numbers as \tag{n}, chapter references and
// \eqref as links to the site, CoreNumber as its value, footnotes as numbered notes at the end,
// figures as a line pointing at the page, the site's own TypeScript (CoreSource) as a sentence
// pointing at it), each cell's PyTorch program, as its state class builds it from the props the
// chapter writes, as a code cell with what it prints after a line naming the interactive cell it
// stands for, and the prose's ```python blocks as code cells when PyTorch 1.13 ran them
// (scripts/notebooks.py records which); a first cell says where the outputs come from, what
// PyTorch 2.x changes, that the prose's fields and buttons are the page's, and where links lead.
import { createProcessor } from '@mdx-js/mdx';
import GithubSlugger from 'github-slugger';
import type { Html, Link, RootContent, Text } from 'mdast';
import { gfmToMarkdown } from 'mdast-util-gfm';
import { mathToMarkdown, type InlineMath } from 'mdast-util-math';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { toMarkdown } from 'mdast-util-to-markdown';
import { toString } from 'mdast-util-to-string';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { visit } from 'unist-util-visit';
import { coreValue, formatCoreValue, type CoreQuantity } from '../../../components/ui/core-number';
import type { PyTorchProgram } from '../../pytorch/program';
import { chapterRefLabel } from '../chapter-ref';
import type { ChapterLink } from '../chapters';
import { attributeValue, COMPUTED, type Literal } from '../mdx-literal';
import { equationId } from '../remark-equation-labels';
import { cellElementId } from '../../../components/widgets/shared/url-state';
import type { SourceRegion } from '../source-regions';
import {
  cellId,
  codeCell,
  markdownCell,
  notebook,
  programOutputs,
  type Cell,
  type Notebook,
  type Output,
} from './nbformat';
import { outputsNote } from './pytorch-2x';

/** A cell of the chapter: its folder (the default cell id) and its state class. */
export interface NotebookCell {
  readonly folder: string;
  /** Its title as the page shows it ("Softmax explorer"), for the line before its code. */
  readonly title?: string;
  readonly State: new (props: Record<string, unknown>) => { readonly program: PyTorchProgram };
}

/** What scripts/notebooks.py recorded for one ```python block of the prose. */
export interface ProseRun {
  readonly code: string;
  /** Whether it ran without an error and printed the same twice, under two random seeds. */
  readonly runs: boolean;
  readonly stdout: string;
  readonly error: string | null;
}

export interface ChapterSources {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly order: number;
  /** The chapter's file, for messages: content/en/<slug>.mdx. */
  readonly file: string;
  /** The MDX after the frontmatter. */
  readonly body: string;
  /** The published chapters of its language, for ChapterRef. */
  readonly chapters: readonly ChapterLink[];
  /** Another chapter's equation labels in order, for $\eqref{<slug>:eq:…}$. */
  readonly labelsOf: (slug: string) => readonly string[] | undefined;
  /** A root-relative site path ('/entropy-and-kl/') as the notebook links to it. */
  readonly link: (path: string) => string;
  /** The cells by component name. */
  readonly cells: ReadonlyMap<string, NotebookCell>;
  /** A region of src/loss/<file>, as CoreSource shows it. */
  readonly coreSource: (file: string, region: string) => SourceRegion;
  /** What PyTorch did with the prose's ```python blocks (scripts/notebook-outputs.json). */
  readonly prose: readonly ProseRun[];
}

const LABEL = /\\label\{([^}]*)\}/g;
const EQREF = /^\s*\\eqref\{(?:([a-z0-9-]+):)?(eq:[^}]*)\}\s*$/;

/** A Markdown error naming the chapter's file and line, and what to do. */
function problem(
  sources: ChapterSources,
  node: { position?: { start: { line: number } } | undefined },
  what: string,
  fix: string,
): Error {
  const line = node.position?.start.line;
  return new Error(`${sources.file}${line === undefined ? '' : `:${line}`}: ${what}. Fix: ${fix}`);
}

/** A tag's literal props; a computed one cannot be known at build time and is refused. */
function literalProps(
  sources: ChapterSources,
  element: MdxJsxFlowElement | MdxJsxTextElement,
): Record<string, Literal> {
  const props: Record<string, Literal> = {};
  for (const attribute of element.attributes) {
    if (attribute.type !== 'mdxJsxAttribute') {
      throw problem(
        sources,
        element,
        `<${element.name}> spreads its props, which the notebook cannot read`,
        'write each prop literally',
      );
    }
    if (attribute.name.startsWith('client:')) continue;
    const value = attributeValue(attribute);
    if (value === COMPUTED) {
      throw problem(
        sources,
        element,
        `<${element.name}>'s ${attribute.name} is computed, so the notebook cannot know it`,
        `write ${attribute.name} literally`,
      );
    }
    props[attribute.name] = value;
  }
  return props;
}

/** The literal text of an expression written as {`…`} or {'…'}, as MDX shows it. */
function expressionText(value: string): string | undefined {
  const match = /^\s*(?:`([^`$\\]*)`|'([^'\\]*)'|"([^"\\]*)")\s*$/.exec(value);
  return match === null ? undefined : (match[1] ?? match[2] ?? match[3]);
}

function html(value: string): Html {
  return { type: 'html', value };
}

function text(value: string): Text {
  return { type: 'text', value };
}

/** Build a chapter's notebook; every construct it cannot write fails with the file, line and fix. */
export function chapterNotebook(sources: ChapterSources): Notebook {
  const tree = createProcessor({ remarkPlugins: [remarkGfm, remarkMath] }).parse(sources.body);
  const page = sources.link(`/${sources.slug}/`);
  // The section the walk is in, by the id the page gives its heading (github-slugger, as Astro).
  const slugger = new GithubSlugger();
  let section: { readonly id: string; readonly title: string } | undefined;

  // Equation numbers "<order>.<k>" in the order the labelled displays appear, as the page numbers them.
  const numbers = new Map<string, string>();
  const collectLabels = (nodes: readonly RootContent[]): void => {
    for (const node of nodes) {
      if (node.type === 'math') {
        for (const match of node.value.matchAll(LABEL)) {
          numbers.set(match[1] as string, `${sources.order}.${numbers.size + 1}`);
        }
      }
      if ('children' in node) collectLabels(node.children);
    }
  };
  collectLabels(tree.children);

  const footnotes = new Map<string, number>();
  const notes: { readonly n: number; readonly children: RootContent[] }[] = [];

  const eqref = (node: InlineMath): Link => {
    const match = EQREF.exec(node.value);
    if (match === null) {
      throw problem(
        sources,
        node,
        `"${node.value}" mixes \\eqref with other math`,
        'write each \\eqref as a formula of its own',
      );
    }
    const [, slug, label = ''] = match;
    if (slug === undefined || slug === sources.slug) {
      const number = numbers.get(label);
      if (number === undefined)
        throw problem(
          sources,
          node,
          `unknown equation label "${label}"`,
          'cite a \\label the chapter has',
        );
      return { type: 'link', url: `${page}#${equationId(label)}`, children: [text(`(${number})`)] };
    }
    const chapter = sources.chapters.find((c) => c.slug === slug);
    const index = sources.labelsOf(slug)?.indexOf(label) ?? -1;
    if (chapter === undefined || index < 0) {
      throw problem(
        sources,
        node,
        `"${node.value}" names no equation of a published chapter`,
        'cite a \\label that chapter has',
      );
    }
    return {
      type: 'link',
      url: `${sources.link(`/${slug}/`)}#${equationId(label)}`,
      children: [text(`(${chapter.order}.${index + 1})`)],
    };
  };

  /** One node as the notebook's Markdown writes it: zero, one or several nodes. */
  const rewrite = (node: RootContent): RootContent[] => {
    switch (node.type) {
      case 'mdxjsEsm':
      case 'mdxFlowExpression':
        return [];
      case 'mdxTextExpression': {
        const value = expressionText(node.value);
        // Anything else is a comment, {/* … */}, which the page does not show either.
        return value === undefined ? [] : [text(value)];
      }
      case 'math':
        return [
          {
            ...node,
            value: node.value.replace(
              LABEL,
              (_, label: string) => `\\tag{${numbers.get(label) ?? ''}}`,
            ),
          },
        ];
      case 'inlineMath':
        return node.value.includes('\\eqref') ? [eqref(node)] : [node];
      case 'link':
        return [
          {
            ...node,
            url: node.url.startsWith('/')
              ? sources.link(node.url)
              : node.url.startsWith('#')
                ? `${page}${node.url}`
                : node.url,
            children: node.children.flatMap(rewrite) as Link['children'],
          },
        ];
      case 'footnoteReference': {
        const n = footnotes.get(node.identifier) ?? footnotes.size + 1;
        footnotes.set(node.identifier, n);
        return [html(`<sup>${n}</sup>`)];
      }
      case 'footnoteDefinition': {
        const n = footnotes.get(node.identifier) ?? footnotes.size + 1;
        footnotes.set(node.identifier, n);
        notes.push({ n, children: node.children.flatMap(rewrite) });
        return [];
      }
      case 'mdxJsxTextElement':
      case 'mdxJsxFlowElement':
        return element(node);
      default:
        return 'children' in node
          ? [
              {
                ...node,
                children: (node.children as RootContent[]).flatMap(rewrite),
              } as RootContent,
            ]
          : [node];
    }
  };

  const element = (node: MdxJsxFlowElement | MdxJsxTextElement): RootContent[] => {
    const name = node.name ?? '';
    switch (name) {
      case 'ChapterRef': {
        const slug = literalProps(sources, node)['slug'];
        const chapter = sources.chapters.find((c) => c.slug === slug);
        if (chapter === undefined)
          throw problem(
            sources,
            node,
            `<ChapterRef slug=${JSON.stringify(slug)} /> names no published chapter`,
            'name a published chapter',
          );
        return [
          {
            type: 'link',
            url: sources.link(`/${chapter.slug}/`),
            children: [text(chapterRefLabel(chapter, 'en'))],
          },
        ];
      }
      case 'CoreNumber': {
        const { digits = 2, ...spec } = literalProps(sources, node);
        return [text(formatCoreValue(coreValue(spec as unknown as CoreQuantity), Number(digits)))];
      }
      case 'CoreSource': {
        // The site's own TypeScript is no use beside PyTorch: a sentence points at it instead.
        const { file, region, summary } = literalProps(sources, node);
        sources.coreSource(String(file), String(region));
        const where: Link = {
          type: 'link',
          url: section === undefined ? page : `${page}#${section.id}`,
          children: [
            text(
              section === undefined
                ? 'the chapter’s page'
                : `“${section.title}” on the chapter’s page`,
            ),
          ],
        };
        return [
          {
            type: 'paragraph',
            children: [
              {
                type: 'emphasis',
                children: [
                  text('Under '),
                  where,
                  text(
                    `, a folded box shows the site’s own TypeScript for this (${String(summary).replace(/\.$/, '')}).`,
                  ),
                ],
              },
            ],
          },
        ];
      }
      case 'details':
        return [
          html('<details>'),
          ...node.children.flatMap((child) => rewrite(child as RootContent)),
          html('</details>'),
        ];
      case 'summary':
        return [html(`<summary>${toString(node)}</summary>`)];
      case 'pre': {
        // <pre><code>{`…`}</code></pre>: the text is a template literal inside.
        const expressions: string[] = [];
        visit(node, ['mdxFlowExpression', 'mdxTextExpression'], (expression) => {
          expressions.push((expression as { value: string }).value);
        });
        const [expression] = expressions;
        const literal = expression === undefined ? toString(node) : expressionText(expression);
        if (literal === undefined) {
          throw problem(
            sources,
            node,
            'a <pre> holds a computed expression',
            'write its text as a literal',
          );
        }
        return [{ type: 'code', lang: null, value: literal }];
      }
      default: {
        if (name.endsWith('Figure')) {
          const { caption } = literalProps(sources, node);
          const words =
            typeof caption === 'string' ? `Figure: ${caption} ` : 'A figure is drawn here on ';
          return [
            {
              type: 'paragraph',
              children: [
                {
                  type: 'emphasis',
                  children: [
                    text(words),
                    {
                      type: 'link',
                      url: page,
                      children: [
                        text(
                          typeof caption === 'string'
                            ? '(drawn on the chapter’s page)'
                            : 'the chapter’s page',
                        ),
                      ],
                    },
                    text('.'),
                  ],
                },
              ],
            },
          ];
        }
        throw problem(
          sources,
          node,
          `the notebook does not know how to write <${name}>`,
          'teach src/lib/notebook/chapter-notebook.ts to write it, or place it where the notebook expects (a cell at the top level)',
        );
      }
    }
  };

  const cells: Cell[] = [];
  const programs: string[] = [];
  let interactive = 0;
  const pending: RootContent[] = [];
  let executionCount = 0;
  const usedIds = new Map<string, number>();
  const uniqueId = (base: string): string => {
    const seen = usedIds.get(base) ?? 0;
    usedIds.set(base, seen + 1);
    return seen === 0 ? base : `${base}-${seen + 1}`;
  };
  const flush = (): void => {
    if (pending.length === 0) return;
    const markdown = toMarkdown(
      { type: 'root', children: pending.splice(0) },
      {
        extensions: [gfmToMarkdown(), mathToMarkdown()],
        bullet: '-',
        emphasis: '*',
        rule: '-',
        fences: true,
      },
    ).trim();
    if (markdown !== '') cells.push(markdownCell(uniqueId(`md-${cells.length + 1}`), markdown));
  };
  const addCode = (
    id: string,
    code: string,
    outputs: Output[],
    origin: 'cell' | 'prose',
    cell?: string,
  ): void => {
    flush();
    executionCount += 1;
    programs.push(code);
    cells.push(
      codeCell(
        uniqueId(cellId(id)),
        code,
        outputs,
        cell === undefined ? { source: origin } : { source: origin, cell },
        executionCount,
      ),
    );
  };

  for (const node of tree.children) {
    if (
      (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') &&
      sources.cells.has(node.name ?? '')
    ) {
      const cell = sources.cells.get(node.name ?? '') as NotebookCell;
      const props = literalProps(sources, node);
      let program: PyTorchProgram;
      try {
        program = new cell.State(props).program;
      } catch (error) {
        throw problem(
          sources,
          node,
          `<${node.name}> cannot start from its props: ${(error as Error).message}`,
          'correct the props (the page build names the same problem)',
        );
      }
      const id = typeof props['cellId'] === 'string' ? props['cellId'] : cell.folder;
      // The prose around it speaks of the page's fields and buttons: say what this code is.
      flush();
      interactive += 1;
      cells.push(
        markdownCell(
          uniqueId(cellId(`${id}-about`)),
          `**Cell: ${cell.title ?? id}** — on [the chapter’s page](${page}#${cellElementId(id)}) ` +
            'this is an interactive cell; here is the PyTorch program behind its first state, and what it prints.',
        ),
      );
      addCode(id, program.code, programOutputs(program.printed), 'cell', id);
      continue;
    }
    if (node.type === 'code' && node.lang === 'python') {
      const run = sources.prose.find((p) => p.runs && p.code.trim() === node.value.trim());
      if (run !== undefined) {
        const printed = `${run.stdout.replace(/\n$/, '')}${run.error === null ? '' : `${run.stdout === '' ? '' : '\n'}${run.error}`}`;
        addCode(`python-${programs.length + 1}`, node.value, programOutputs(printed), 'prose');
        continue;
      }
    }
    if (node.type === 'heading') {
      section = { id: slugger.slug(toString(node)), title: toString(node) };
      if (node.depth <= 3) flush();
    }
    pending.push(...rewrite(node));
  }
  flush();
  if (notes.length > 0) {
    const list: RootContent[] = [{ type: 'heading', depth: 2, children: [text('Notes')] }];
    for (const { n, children } of notes.toSorted((a, b) => a.n - b.n)) {
      const [first, ...rest] = children;
      const lead =
        first?.type === 'paragraph'
          ? { ...first, children: [html(`<sup>${n}</sup> `), ...first.children] }
          : first;
      list.push(...(lead === undefined ? [] : [lead]), ...rest);
    }
    pending.push(...list);
    flush();
  }
  const intro = [
    `# ${sources.title}`,
    '',
    `*${sources.description}*`,
    '',
    `Chapter ${sources.order} of the Cross-Entropy Notebook as a Jupyter notebook; [the chapter’s page](${page}) has its interactive cells and figures.` +
      (interactive === 0
        ? ''
        : ' Where the text speaks of fields, sliders, buttons or points to drag, or of a cell above or below, it means those interactive cells on the page; here each of them is the PyTorch program behind its first state, under a line that names it.') +
      (/^https?:/.test(page)
        ? ''
        : ' Its links are root-relative (the site was built without its address): they lead to pages of the site this notebook comes from, so opened anywhere else, put that site’s address before them.'),
    '',
    outputsNote(
      programs,
      cells.filter((c) => c.metadata.tags?.includes('raises-exception') === true).length,
    ),
  ].join('\n');
  return notebook(sources.title, [markdownCell('about', intro), ...cells]);
}
