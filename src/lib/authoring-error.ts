// One shape for every mistake an author can make in a chapter, so an editor or a terminal can
// jump to it: "content/en/<slug>.mdx:<line>:<column>: <what is wrong>. Fix: <what to do>".
import { relative } from 'node:path';
import type { Point, Position } from 'unist';
import type { VFile } from 'vfile';

/** An Error that also carries line and column, which Astro shows as the error's location. */
export interface AuthoringError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A chapter path as an author types it: relative to the project, without a bundler's query. */
export function displayPath(path: string): string {
  const clean = path.replace(/\?.*$/, '');
  const rel = relative(process.cwd(), clean);
  return rel.startsWith('..') ? clean : rel.split('\\').join('/');
}

/** A place to report: the start of the file when a node has none. */
function place(at: Point | undefined): Point {
  return { line: at?.line ?? 1, column: at?.column ?? 1 };
}

/** Build the one-line message; the fix hint says what to type, not only what went wrong. */
export function authoringMessage(
  path: string,
  at: Point | undefined,
  problem: string,
  fix: string,
): string {
  const { line, column } = place(at);
  const what = problem.replace(/[.\s]+$/, '');
  return `${displayPath(path)}:${line}:${column}: ${what}. Fix: ${fix}`;
}

/** Build the error a plugin or loader throws for an author's mistake at a place in a file. */
export function authoringError(
  path: string,
  at: Point | undefined,
  problem: string,
  fix: string,
): AuthoringError {
  return locatedError(path, at, authoringMessage(path, at, problem, fix));
}

/** An Error whose message is already written, carrying the place for Astro's "Location". */
export function locatedError(path: string, at: Point | undefined, message: string): AuthoringError {
  const file = path.replace(/\?.*$/, '');
  const { line, column } = place(at);
  return Object.assign(new Error(message), {
    name: 'AuthoringError',
    file,
    line,
    column,
    loc: { file, line, column },
  });
}

/**
 * One error for several problems of a file, one message line each (as authoringMessage writes
 * them), located at the first so an editor jumps there; the author fixes them in one pass.
 */
export function problemsError(
  path: string,
  problems: readonly { readonly at: Point | undefined; readonly message: string }[],
): AuthoringError {
  return locatedError(path, problems[0]?.at, problems.map((p) => p.message).join('\n'));
}

/** Stop a Markdown plugin at a node: the file comes from the VFile, the place from the node. */
export function failAt(
  file: VFile,
  position: Position | undefined,
  problem: string,
  fix: string,
): never {
  throw authoringError(file.path, position?.start, problem, fix);
}

/**
 * The one of `known` an author most likely meant by `wanted`, for a "did you mean" hint: a
 * name that differs only in case, else the nearest by edit distance ignoring case, if it is
 * near enough to be a slip (at most 2 edits, or half the letters of a long name).
 */
export function nearest(wanted: string, known: readonly string[]): string | undefined {
  const folded = wanted.toLowerCase();
  const sameLetters = known.find((candidate) => candidate.toLowerCase() === folded);
  if (sameLetters !== undefined) return sameLetters;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(folded, candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(wanted.length / 2)) ? best : undefined;
}

/** Levenshtein distance, two rows at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** "Did you mean "x"?" when something close exists, else the list of what does. */
export function suggestion(
  wanted: string,
  known: readonly string[],
  noun: string,
  plural = `${noun}s`,
): string {
  const near = nearest(wanted, known);
  if (near !== undefined) return `did you mean "${near}"?`;
  return known.length === 0
    ? `there are no ${plural} yet`
    : `the ${plural} are: ${known.join(', ')}`;
}
