// Astro's schema error for a chapter's frontmatter names the field but not its line (the
// content layer hands the loader no raw YAML). This checks the frontmatter first and points at
// the offending key's line in the file, with a hint saying what the field wants.
import { statSync } from 'node:fs';
import { extractFrontmatter } from '@astrojs/markdown-remark';
import type { Point } from 'unist';
import {
  authoringMessage,
  displayPath,
  locatedError,
  problemsError,
  suggestion,
} from './authoring-error';
import { chapterSchema, type ChapterFrontmatter } from './chapter-schema';

const FIELDS = Object.keys(chapterSchema.shape) as (keyof ChapterFrontmatter)[];

/** What each field wants, said as an author would fix it. */
const HINTS: Record<keyof ChapterFrontmatter, string> = {
  title:
    'give the chapter a title, e.g. `title: Softmax and logits` (quote it if it holds a colon)',
  description:
    'write one sentence of 20 to 200 characters saying what the chapter teaches (it is the page’s search snippet)',
  order:
    'write a whole number 1 or more, the chapter’s place in the reading order and its equation numbers (`npm run new:chapter` picks the next free one)',
  draft: 'write `draft: true` to hide the chapter or `draft: false` (the default) to publish it',
};

/** Where a frontmatter key is written: its line, and the column where its value starts. */
export function keyPosition(source: string, key: string): Point | undefined {
  const lines = source.split(/\r?\n/);
  if (lines[0]?.trim() !== '---') return undefined;
  for (let index = 1; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '---') return undefined;
    const match = new RegExp(`^(${escape(key)}[ \\t]*:[ \\t]*)`).exec(line);
    if (match !== null) return { line: index + 1, column: (match[1]?.length ?? 0) + 1 };
  }
  return undefined;
}

/** The line of the frontmatter's closing `---`, where a missing field would be added. */
function closingLine(source: string): Point {
  const lines = source.split(/\r?\n/);
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  return { line: end > 0 ? end + 1 : 1, column: 1 };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const EXAMPLE =
  'title: Softmax and logits, description: One sentence…, order: 3 (one field a line)';

/**
 * A frontmatter that is missing, or YAML but not a mapping of fields (a list, a bare sentence):
 * said as such, instead of as every field missing. Undefined when it is a mapping.
 */
function shapeProblem(data: unknown, source: string, path: string): Problem | undefined {
  const raw = extractFrontmatter(source);
  if (raw === undefined) {
    return problem(
      path,
      { line: 1, column: 1 },
      'the chapter has no frontmatter',
      `start the file with a --- line, its fields and another --- line: ${EXAMPLE}`,
    );
  }
  const mapping = typeof data === 'object' && data !== null && !Array.isArray(data);
  // Astro reads a frontmatter that is a lone value as no fields at all; the text says otherwise.
  const lone = mapping && Object.keys(data).length === 0 && /^[ \t]*[^#\s]/m.test(raw);
  if (mapping && !lone) return undefined;
  // The raw text starts on the opening ---'s line: its first value's line, counted in the file.
  const opening = source.slice(0, source.indexOf(`---${raw}`)).split('\n').length;
  const first = raw.split('\n').findIndex((line) => /^[ \t]*[^#\s]/.test(line));
  return problem(
    path,
    { line: opening + Math.max(first, 0), column: 1 },
    `the frontmatter must be a YAML mapping of fields (name: value), but it is ${
      Array.isArray(data) ? 'a list' : 'a single value'
    }`,
    `write each field as name: value on a line of its own, e.g. ${EXAMPLE}`,
  );
}

/** A problem of a chapter's frontmatter: where it is, and its line of the error message. */
interface Problem {
  readonly at: Point;
  readonly message: string;
}

function problem(path: string, at: Point, what: string, fix: string): Problem {
  return { at, message: authoringMessage(path, at, what, fix) };
}

/**
 * The start of the description `npm run new:chapter` writes (scripts/new-chapter.ts, which
 * cannot import this file): a chapter published with it would show it as its lede and snippet.
 */
export const PLACEHOLDER_DESCRIPTION = 'One sentence saying what this chapter teaches';

/** A published chapter still carrying the scaffold's description, or undefined. */
function placeholderProblem(
  fields: Record<string, unknown>,
  source: string,
  path: string,
): Problem | undefined {
  const description = fields['description'];
  if (fields['draft'] === true || typeof description !== 'string') return undefined;
  if (!description.trim().startsWith(PLACEHOLDER_DESCRIPTION)) return undefined;
  return problem(
    path,
    keyPosition(source, 'description') ?? closingLine(source),
    `the description is still the placeholder \`npm run new:chapter\` wrote ("${PLACEHOLDER_DESCRIPTION}…"), and the chapter is published`,
    `${HINTS.description}; or keep \`draft: true\` until the chapter is ready`,
  );
}

/** One line per problem: where it is, what is wrong and how to fix it. */
export function frontmatterProblems(data: unknown, source: string, path: string): Problem[] {
  const shape = shapeProblem(data, source, path);
  if (shape !== undefined) return [shape];
  const fields = data as Record<string, unknown>;
  const placeholder = placeholderProblem(fields, source, path);
  const result = chapterSchema.safeParse(fields);
  if (result.success) return placeholder === undefined ? [] : [placeholder];
  return [
    ...(placeholder === undefined ? [] : [placeholder]),
    ...schemaProblems(result.error.issues, fields, source, path),
  ];
}

type SchemaIssues = NonNullable<ReturnType<typeof chapterSchema.safeParse>['error']>['issues'];

/** The schema's complaints, each at its key's line with the field's hint. */
function schemaProblems(
  issues: SchemaIssues,
  fields: Record<string, unknown>,
  source: string,
  path: string,
): Problem[] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const at = keyPosition(source, key) ?? closingLine(source);
        const hint = suggestion(key, FIELDS, 'field');
        const fix = hint.startsWith('did you mean') ? `rename it: ${hint}` : `remove it; ${hint}`;
        return problem(
          path,
          { line: at.line, column: 1 },
          `unknown frontmatter field "${key}"`,
          fix,
        );
      });
    }
    const key = String(issue.path[0] ?? '');
    const field = key as keyof ChapterFrontmatter;
    const hint = key in HINTS ? HINTS[field] : 'see CONTRIBUTING.md for the frontmatter fields';
    const value = fields[key];
    if (value === undefined) {
      const missing = `frontmatter field "${key}" is missing`;
      return [problem(path, closingLine(source), missing, `add it: ${hint}`)];
    }
    const at = keyPosition(source, key) ?? closingLine(source);
    const what =
      issue.code === 'invalid_type'
        ? `frontmatter field "${key}" must be a ${issue.expected}, got ${JSON.stringify(value)}`
        : `frontmatter field "${key}": ${issue.message}`;
    return [problem(path, at, what, hint)];
  });
}

/** Throw every frontmatter problem of a chapter at once, located at the first one. */
export function assertFrontmatter(data: unknown, source: string, path: string): void {
  const problems = frontmatterProblems(data, source, path);
  if (problems.length > 0) throw problemsError(path, problems);
}

/**
 * A frontmatter YAML cannot parse: Astro reports the parser's words and a location; say it in
 * the authoring format, with the fix for the usual cause (an unquoted colon). Undefined for any
 * other error, which is rethrown as it was.
 */
export function yamlError(error: unknown): Error | undefined {
  if (!(error instanceof Error) || error.name !== 'YAMLException') return undefined;
  const loc = (error as { loc?: { file?: string; line?: number; column?: number } }).loc;
  if (loc?.file === undefined) return undefined;
  const at = { line: loc.line ?? 1, column: (loc.column ?? 0) + 1 };
  const reason = error.message.split('\n')[0] ?? error.message;
  return locatedError(
    loc.file,
    at,
    authoringMessage(
      loc.file,
      at,
      `the frontmatter is not valid YAML (${reason})`,
      "quote a value that holds a colon or a #, or starts with a quote, a bracket or a dash, e.g. title: 'Appendix: the view'",
    ),
  );
}

/** A chapter as the loader stored it: what the order check needs. */
export interface StoredChapter {
  /** "<locale>/<slug>". */
  readonly id: string;
  readonly path: string;
  readonly source: string;
  readonly order: number;
  readonly draft: boolean;
  /** Its title, to name its place in the reading order; an "Appendix…" title marks an appendix. */
  readonly title?: string;
  /** When its file last changed (ms); read from the file when not given. */
  readonly modified?: number;
}

const isAppendix = (title: string | undefined): boolean => /^appendix\b/i.test(title ?? '');

/** A chapter as a message names it: its order and title, or its file. */
function named(chapter: StoredChapter): string {
  return chapter.title === undefined
    ? displayPath(chapter.path)
    : `${chapter.order} "${chapter.title}"`;
}

/**
 * Where a chapter can go, given the other chapters of its language: every free order below the
 * last (a gap, named by its neighbours), else the place after the main chapters that moving the
 * appendices up would make, else the order after the last chapter.
 */
export function freeOrders(others: readonly StoredChapter[]): string {
  const sorted = [...others].sort((a, b) => a.order - b.order);
  const last = sorted.at(-1);
  if (last === undefined) return 'order 1 is free';
  const taken = new Set(sorted.map((c) => c.order));
  const gaps: string[] = [];
  for (let order = 1; order < last.order; order += 1) {
    if (taken.has(order)) continue;
    const before = sorted.filter((c) => c.order < order).at(-1);
    const after = sorted.find((c) => c.order > order) as StoredChapter;
    gaps.push(
      before === undefined
        ? `${order} (first, before ${named(after)})`
        : `${order} (between ${named(before)} and ${named(after)})`,
    );
  }
  if (gaps.length > 0) {
    return `the free ${gaps.length === 1 ? 'order is' : 'orders are'} ${gaps.join(', ')}`;
  }
  const lastMain = sorted.filter((c) => !isAppendix(c.title)).at(-1);
  const appendices = sorted.filter((c) => isAppendix(c.title) && c.order > (lastMain?.order ?? 0));
  if (lastMain !== undefined && appendices.length > 0) {
    const moved = appendices.map((c) => `${displayPath(c.path)} to ${c.order + 1}`).join(', ');
    return `no order is free before ${last.order + 1}, which would come after the appendix ${named(last)}; to place it after the main chapters, give it ${lastMain.order + 1} and move ${moved} (as \`npm run new:chapter\` does)`;
  }
  return `no order is free before ${last.order + 1}, which places it last, after ${named(last)}; to place it elsewhere, move the chapters from that place on one order up`;
}

/** When a chapter's file last changed, or 0 when it cannot be read. */
function modifiedOf(chapter: StoredChapter): number {
  if (chapter.modified !== undefined) return chapter.modified;
  try {
    return statSync(chapter.path).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Two published chapters of one language cannot share an order (it is their number and their
 * equations'). The one changed more recently is most likely the one the author just wrote or
 * moved, so it comes first with the free orders; the other is named at its own line too.
 */
export function assertDistinctOrders(chapters: readonly StoredChapter[]): void {
  const published = chapters.filter((c) => !c.draft).sort((a, b) => a.id.localeCompare(b.id));
  const seen = new Map<string, StoredChapter>();
  for (const chapter of published) {
    const locale = chapter.id.split('/')[0] ?? '';
    const key = `${locale} ${chapter.order}`;
    const other = seen.get(key);
    if (other === undefined) {
      seen.set(key, chapter);
      continue;
    }
    const [newer, older] =
      modifiedOf(chapter) >= modifiedOf(other) ? [chapter, other] : [other, chapter];
    const rest = published.filter((c) => c.id.startsWith(`${locale}/`) && c !== newer);
    const problems = [newer, older].map((c, i) => {
      const at = keyPosition(c.source, 'order');
      const partner = i === 0 ? older : newer;
      return {
        at,
        message: authoringMessage(
          c.path,
          at,
          `order ${c.order} is also the order of ${displayPath(partner.path)}` +
            (i === 0 ? '' : ' (changed more recently, above)'),
          i === 0
            ? `give this chapter a free order: ${freeOrders(rest)}; or mark it \`draft: true\``
            : 'keep this order if this chapter is where it belongs, and move the other',
        ),
      };
    });
    throw problemsError(newer.path, problems);
  }
}
