// Astro's schema error for a chapter's frontmatter names the field but not its line (the
// content layer hands the loader no raw YAML). This checks the frontmatter first and points at
// the offending key's line in the file, with a hint saying what the field wants.
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

/** One line per problem: where it is, what is wrong and how to fix it. */
export function frontmatterProblems(data: unknown, source: string, path: string): Problem[] {
  const shape = shapeProblem(data, source, path);
  if (shape !== undefined) return [shape];
  const fields = data as Record<string, unknown>;
  const result = chapterSchema.safeParse(fields);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => {
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
}

/**
 * Two published chapters of one language cannot share an order (it is their number and their
 * equations'): fail at the second one's `order:` line, naming the first and the free orders.
 */
export function assertDistinctOrders(chapters: readonly StoredChapter[]): void {
  const published = chapters.filter((c) => !c.draft).sort((a, b) => a.id.localeCompare(b.id));
  const seen = new Map<string, StoredChapter>();
  for (const chapter of published) {
    const locale = chapter.id.split('/')[0] ?? '';
    const key = `${locale} ${chapter.order}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, chapter);
      continue;
    }
    const taken = published
      .filter((c) => c.id.startsWith(`${locale}/`))
      .map((c) => c.order)
      .sort((a, b) => a - b);
    const at = keyPosition(chapter.source, 'order');
    throw locatedError(
      chapter.path,
      at,
      authoringMessage(
        chapter.path,
        at,
        `order ${chapter.order} is already the order of ${displayPath(first.path)}`,
        `give one of them another order (in use: ${[...new Set(taken)].join(', ')}; the next free one is ${Math.max(...taken) + 1}), or mark one \`draft: true\``,
      ),
    );
  }
}
