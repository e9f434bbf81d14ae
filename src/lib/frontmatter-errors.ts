// Astro's schema error for a chapter's frontmatter names the field but not its line (the
// content layer hands the loader no raw YAML). This checks the frontmatter first and points at
// the offending key's line in the file, with a hint saying what the field wants.
import type { Point } from 'unist';
import { authoringMessage, displayPath, locatedError, suggestion } from './authoring-error';
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

/** One line per problem: where it is, what is wrong and how to fix it. */
export function frontmatterProblems(
  data: Record<string, unknown>,
  source: string,
  path: string,
): { at: Point; line: string }[] {
  const result = chapterSchema.safeParse(data);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => {
        const at = keyPosition(source, key) ?? closingLine(source);
        const hint = suggestion(key, FIELDS, 'field');
        const fix = hint.startsWith('did you mean') ? `rename it: ${hint}` : `remove it; ${hint}`;
        return {
          at: { line: at.line, column: 1 },
          line: authoringMessage(
            path,
            { line: at.line, column: 1 },
            `unknown frontmatter field "${key}"`,
            fix,
          ),
        };
      });
    }
    const key = String(issue.path[0] ?? '');
    const field = key as keyof ChapterFrontmatter;
    const hint = key in HINTS ? HINTS[field] : 'see CONTRIBUTING.md for the frontmatter fields';
    const value = data[key];
    if (value === undefined) {
      const at = closingLine(source);
      return [
        {
          at,
          line: authoringMessage(
            path,
            at,
            `frontmatter field "${key}" is missing`,
            `add it: ${hint}`,
          ),
        },
      ];
    }
    const at = keyPosition(source, key) ?? closingLine(source);
    const problem =
      issue.code === 'invalid_type'
        ? `frontmatter field "${key}" must be a ${issue.expected}, got ${JSON.stringify(value)}`
        : `frontmatter field "${key}": ${issue.message}`;
    return [{ at, line: authoringMessage(path, at, problem, hint) }];
  });
}

/** Throw every frontmatter problem of a chapter at once, located at the first one. */
export function assertFrontmatter(
  data: Record<string, unknown>,
  source: string,
  path: string,
): void {
  const problems = frontmatterProblems(data, source, path);
  const first = problems[0];
  if (first === undefined) return;
  throw locatedError(path, first.at, problems.map((p) => p.line).join('\n'));
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
