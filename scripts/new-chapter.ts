// `npm run new:chapter -- <slug> "<title>"`: scaffolds content/en/<slug>.mdx as a draft
// (`draft: true`, so a forgotten scaffold is never published) with valid frontmatter, placed
// after the last main chapter and before the appendices (an appendix is a chapter whose title
// starts with "Appendix"), and a starter body in the house style. If the appendices sit right
// after the main chapters, each moves one order up and the script says so.
// `--content <dir>` scaffolds into another content folder (the tests use a temporary one).
import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  chapterFiles,
  editFrontmatter,
  parseChapter,
  readChapterFile,
} from '../src/lib/chapter-file.ts';
import { chapterSchema } from '../src/lib/chapter-schema.ts';

const USAGE = 'Usage: npm run new:chapter -- <slug> "<title>" [--content <dir>]';
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const LOCALE = 'en';

/** A mistake in the command line: reported with the usage line, never a stack trace. */
class UsageError extends Error {}

interface Arguments {
  readonly slug: string;
  readonly title: string;
  readonly content: string;
}

/** Read `<slug> "<title>" [--content <dir>]`, refusing anything else by name. */
export function parseArguments(argv: readonly string[]): Arguments {
  const positional: string[] = [];
  let content = 'content';
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] as string;
    if (argument === '--content') {
      const value = argv[index + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError('--content needs a folder, e.g. --content content');
      }
      content = value;
      index += 1;
    } else if (argument.startsWith('--')) {
      throw new UsageError(`unknown option "${argument}"`);
    } else {
      positional.push(argument);
    }
  }
  const [slug, title, ...extra] = positional;
  if (slug === undefined) throw new UsageError('give the new chapter’s slug and title');
  if (!SLUG.test(slug)) {
    const suggestion = slug
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '');
    throw new UsageError(
      `the slug "${slug}" must be kebab-case (lower-case letters and digits joined by single hyphens)${
        suggestion !== '' && suggestion !== slug ? `, e.g. "${suggestion}"` : ''
      }`,
    );
  }
  if (title === undefined || title.trim() === '') {
    throw new UsageError('give the chapter a title, e.g. "Focal loss" (quoted)');
  }
  if (/[\n\r\t]/.test(title.trim())) {
    throw new UsageError('the title must be one line, without tabs or line breaks');
  }
  if (extra.length > 0) {
    throw new UsageError(
      `unexpected extra argument(s) ${extra.map((a) => `"${a}"`).join(', ')}; quote a title of several words`,
    );
  }
  return { slug, title: title.trim(), content };
}

/** What the script needs of an existing chapter. */
interface ExistingChapter {
  readonly slug: string;
  readonly path: string;
  readonly source: string;
  readonly title: string;
  readonly order: number | undefined;
  readonly draft: boolean;
  readonly appendix: boolean;
  readonly firstLabel: string | undefined;
}

/** A path as the author would type it: relative to the current folder when inside it. */
function show(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}

const isAppendix = (title: string): boolean => /^appendix\b/i.test(title);

/** The chapters of one locale folder, read from their frontmatter as the build reads it. */
function readChapters(folder: string): ExistingChapter[] {
  return [...chapterFiles(folder).values()].map((path) => {
    const { slug, source, title, order, draft } = readChapterFile(path);
    return {
      slug,
      path,
      source,
      title,
      order,
      draft,
      appendix: isAppendix(title),
      firstLabel: /\\label\{(eq:[^}]*)\}/.exec(source)?.[1],
    };
  });
}

/** A title as YAML: bare when YAML reads the bare text back as that string, else single-quoted. */
export function yamlString(text: string): string {
  const bare = parseChapter('title.mdx', `---\ntitle: ${text}\n---\n`).data['title'];
  return bare === text ? text : `'${text.replace(/'/g, "''")}'`;
}

/** Where the new chapter goes and which appendices move to make room. */
export function placeChapter(
  chapters: readonly { slug: string; order: number | undefined; appendix: boolean }[],
  appendix: boolean,
): { order: number; moves: { slug: string; from: number; to: number }[] } {
  const orders = chapters.map((c) => c.order).filter((o) => o !== undefined);
  if (appendix) return { order: Math.max(0, ...orders) + 1, moves: [] };
  const main = chapters.filter((c) => !c.appendix).map((c) => c.order ?? 0);
  const order = Math.max(0, ...main) + 1;
  if (!orders.includes(order)) return { order, moves: [] };
  const moves = chapters
    .filter((c) => c.appendix && c.order !== undefined && c.order >= order)
    .map((c) => ({ slug: c.slug, from: c.order as number, to: (c.order as number) + 1 }));
  return { order, moves };
}

/** The starter chapter: valid frontmatter and one of each thing a chapter is made of. */
export function scaffold(
  slug: string,
  title: string,
  order: number,
  previous: { slug: string; firstLabel: string | undefined } | undefined,
): string {
  // A published chapter that still starts its description so fails the build
  // (PLACEHOLDER_DESCRIPTION in src/lib/frontmatter-errors.ts, which this script cannot import).
  const description =
    'One sentence saying what this chapter teaches; it is the page’s search snippet.';
  const opening =
    previous === undefined
      ? 'Open with the question this chapter answers.'
      : `Open with the question this chapter answers, and how it builds on\n<ChapterRef slug="${previous.slug}" />.`;
  const crossReference =
    previous?.firstLabel === undefined
      ? ''
      : ` An equation of another chapter is cited with its slug:\n$\\eqref{${previous.slug}:${previous.firstLabel}}$.`;
  const text = `---
title: ${yamlString(title)}
description: ${description}
order: ${order}
draft: true # to publish: write the description, then delete this line
---

import { SoftmaxExplorer } from '~/components/widgets';
import ChapterRef from '~/components/ui/ChapterRef.astro';
import CoreNumber from '~/components/ui/CoreNumber.astro';

${opening} Say what the reader will be able to do at the end.

## A first section

A display equation with a \\label is numbered "${order}.1", "${order}.2", … in order:

$$
\\operatorname{softmax}(o)_j = \\frac{e^{o_j}}{\\sum_{i=1}^{C} e^{o_i}} \\label{eq:softmax}
$$

Cite it as $\\eqref{eq:softmax}$.${crossReference} A number in the prose comes from the loss
core, never typed by hand.[^core]

{/*
  A number is a CoreNumber tag inside a sentence; for $o = (2, 1, 0.1)$ the first class gets
  (write the tag between < and />):
    CoreNumber quantity="softmax" logits={[2, 1, 0.1]} index={0} digits={3}
  Each one needs a claim, its value worked out without the core, in the CLAIMS list of
  tests/claims/core-numbers.test.ts, or the claims tests fail:
    {
      slug: '${slug}',
      spec: { quantity: 'softmax', logits: [2, 1, 0.1], index: 0 },
      expected: Math.exp(2) / (Math.exp(2) + Math.exp(1) + Math.exp(0.1)),
    },
  See "Numbers from the core" in CONTRIBUTING.md.
*/}

A cell sits on a line of its own (the cell gallery at /widgets/ lists every cell's props and the
line that places it):

<SoftmaxExplorer client:visible logits={[2, 1, 0.1]} labels={['cat', 'dog', 'bird']} />

## Check yourself

1. **A question in bold.** Ask something the reader can answer with the cell or a few lines of
   algebra, e.g. what happens to $\\eqref{eq:softmax}$ when every logit grows by the same amount.

   <details>
   <summary>Answer</summary>

   Nothing: the common factor $e^{c}$ cancels between the numerator and the sum.

   </details>

[^core]: A footnote: where a claim comes from, or an aside that would break the paragraph. Notes
    are listed at the end of the chapter, above its References section if it has one.
`;
  // The frontmatter as the build will read it: YAML, then the chapter schema.
  const written = parseChapter(`${slug}.mdx`, text).data;
  chapterSchema.parse(written);
  if (written['title'] !== title)
    throw new Error(`the title reads back as ${String(written['title'])}`);
  return text;
}

/** Replace a chapter's `order:` line, leaving every other byte of the file as it was. */
function withOrder(source: string, order: number): string {
  return editFrontmatter(source, (yaml) => yaml.replace(/^order:.*$/m, `order: ${order}`));
}

/** Create the chapter file (and move the appendices), returning what was done, line by line. */
export function newChapter(argv: readonly string[]): string[] {
  const { slug, title, content } = parseArguments(argv);
  const folder = join(content, LOCALE);
  if (!existsSync(content)) {
    throw new UsageError(`there is no content folder "${content}" (run from the project's root)`);
  }
  const chapters = readChapters(folder);
  const existing = chapters.find((c) => c.slug === slug);
  if (existing !== undefined) {
    throw new UsageError(
      `${show(existing.path)} already exists ("${existing.title}"); choose another slug`,
    );
  }
  const appendix = isAppendix(title);
  const { order, moves } = placeChapter(chapters, appendix);
  const ordered = chapters
    .filter((c) => c.order !== undefined)
    .sort((a, b) => (a.order as number) - (b.order as number));
  const before = (appendix ? ordered : ordered.filter((c) => !c.appendix)).at(-1);
  // Only a published chapter can be cited: a ChapterRef or \eqref to a draft fails the build.
  const cited = (appendix ? ordered : ordered.filter((c) => !c.appendix))
    .filter((c) => !c.draft)
    .at(-1);
  const path = join(folder, `${slug}.mdx`);
  writeFileSync(path, scaffold(slug, title, order, cited), { flag: 'wx' });
  const report: string[] = [];
  for (const move of moves) {
    const chapter = chapters.find((c) => c.slug === move.slug) as ExistingChapter;
    writeFileSync(chapter.path, withOrder(chapter.source, move.to));
    report.push(
      `Moved ${show(chapter.path)} ("${chapter.title}") from order ${move.from} to ${move.to}, so the appendices stay after the main chapters; its equations are now numbered ${move.to}.x.`,
    );
  }
  const after = before === undefined ? '' : `, after "${before.title}"`;
  report.unshift(`Created ${show(path)} with order ${order}${after}.`);
  report.push(
    `It is a draft (draft: true): no page is built for it yet, and nothing can link to it.`,
    `Next: write the description and the body; to publish it, delete the draft: true line (a published chapter with the placeholder description fails the build), then run \`npm run dev\` and open /${slug}/. CONTRIBUTING.md is the authoring guide.`,
  );
  return report;
}

if (import.meta.main) {
  try {
    for (const line of newChapter(process.argv.slice(2))) console.log(line);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`new:chapter: ${error.message}.\n${USAGE}`);
    process.exitCode = 1;
  }
}
