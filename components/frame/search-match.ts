// Which of Pagefind's matches the dialog believes, and in what order it lists them. Pagefind
// stems words and, when a query word is in no page, searches for its longest prefix that is
// (“xyzzy” becomes “x”, “focal” becomes “f”), so a nonsense query finds every page with a lone
// letter in it. A page word counts here only if it shares most of a query word's beginning;
// chapters and headings are then ordered by how many distinct query words they hold, then by
// Pagefind's own score. Pure over strings and numbers (search-match.test.ts).
import type { ExcerptRun } from './search-excerpt';

/** A page word must share at least this fraction of a query word's letters, from its start. */
export const SHARED_PREFIX = 0.6;

/** Lower case without diacritics, as Pagefind compares words unless told to keep them. */
function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

/** The runs of letters and digits in a text: “label_smoothing=0.1)” is label, smoothing, 0, 1. */
function runsOf(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The distinct words of a query, folded, in the order typed. */
export function queryWords(query: string): string[] {
  return [...new Set(runsOf(query))];
}

/** Whether a word is written with spaces between words; others (Chinese) are never judged here. */
const spaced = (word: string) =>
  !/[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u.test(word);

/** How many letters two words share from their start. */
function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/**
 * The query words a page word (as the page has it, punctuation and all) stands for: those whose
 * beginning it shares, at least SHARED_PREFIX of the query word (all of a word of one or two
 * letters), so “smoothed” stands for “smoothing” and “labels” for “label”, but “x” not for “xyzzy”.
 */
export function wordsMatched(pageWord: string, words: readonly string[]): string[] {
  const runs = runsOf(pageWord);
  // A hyphenated or underscored word is also indexed whole: “crossentropy” for “cross-entropy”.
  if (runs.length > 1) runs.push(runs.join(''));
  return words.filter((word) => {
    if (!spaced(word)) return true;
    const need = word.length <= 2 ? word.length : Math.ceil(SHARED_PREFIX * word.length);
    return runs.some((run) => sharedPrefix(run, word) >= need);
  });
}

/** A page's text split into words as Pagefind splits it, so its word locations index into it. */
export function pageWords(content: string): string[] {
  return content.includes('\u200b') ? content.split('\u200b') : content.split(/[^\S\uFEFF]+/);
}

/** One place Pagefind found the query: a word's location in the page and its score there. */
export interface Hit {
  readonly location: number;
  readonly balanced_score: number;
}

/** What the dialog weighs of a page or a heading: the query words it holds and their score. */
export interface Weight {
  /** How many distinct query words the believed hits hold. */
  readonly words: number;
  /** Pagefind's balanced score, summed over the believed hits only. */
  readonly score: number;
}

/** The query words a set of hits holds, and the score of the hits that hold any. */
export function weigh(
  hits: readonly Hit[],
  page: readonly string[],
  words: readonly string[],
): Weight {
  const held = new Set<string>();
  let score = 0;
  for (const hit of hits) {
    const matched = wordsMatched(page[hit.location] ?? '', words);
    if (matched.length === 0) continue;
    for (const word of matched) held.add(word);
    score += hit.balanced_score;
  }
  return { words: held.size, score };
}

/** More query words first, then the higher score; equal ones keep their order (sort is stable). */
export function byWeight<T extends { readonly weight: Weight }>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) => b.weight.words - a.weight.words || b.weight.score - a.weight.score,
  );
}

/** An excerpt's runs with the marks kept only on words that stand for a query word. */
export function believedMarks(runs: readonly ExcerptRun[], words: readonly string[]): ExcerptRun[] {
  const kept: ExcerptRun[] = [];
  for (const run of runs) {
    const marked = run.marked && wordsMatched(run.text, words).length > 0;
    const last = kept.at(-1);
    if (last !== undefined && last.marked === marked) {
      kept[kept.length - 1] = { text: last.text + run.text, marked };
    } else kept.push({ text: run.text, marked });
  }
  return kept;
}

/** What the dialog reads of one of Pagefind's sub-results: a section's matches under a heading. */
export interface Section {
  readonly title: string;
  readonly url: string;
  readonly excerpt: string;
  readonly weighted_locations: readonly Hit[];
  /** Absent for the text before the first heading with an id. */
  readonly anchor?: { readonly element: string; readonly id: string };
}

/** What the dialog reads of a page's data from Pagefind (its “fragment”). */
export interface Page {
  readonly url: string;
  readonly excerpt: string;
  /** The page's indexed text; `raw_content`, its HTML-escaped form, is what locations index. */
  readonly content: string;
  readonly raw_content?: string;
  readonly meta: { readonly title?: string };
  readonly sub_results: readonly Section[];
}

/** A page as the dialog lists it: its best headings, or the text before them, and its weight. */
export interface Listing<P extends Page = Page> {
  readonly page: P;
  readonly weight: Weight;
  /** The sections under a heading holding a query word, best first. */
  readonly headings: readonly P['sub_results'][number][];
  /** The text before the first heading, if it holds a query word. */
  readonly intro: P['sub_results'][number] | undefined;
}

/**
 * The pages worth listing for a query, best first: those with a section holding a query word,
 * by the most query words one section holds, then by Pagefind's score for the page; each with
 * at most `maxHeadings` headings, ordered the same way.
 */
export function rankPages<P extends Page>(
  found: readonly { readonly score: number; readonly page: P }[],
  query: string,
  maxHeadings: number,
): Listing<P>[] {
  const words = queryWords(query);
  const listings: Listing<P>[] = [];
  for (const { score, page } of found) {
    const text = pageWords(page.raw_content ?? page.content);
    const sections = byWeight(
      page.sub_results
        .map((section) => ({ section, weight: weigh(section.weighted_locations, text, words) }))
        .filter(({ weight }) => weight.words > 0),
    );
    if (sections.length === 0) continue;
    listings.push({
      page,
      weight: { words: sections[0]!.weight.words, score },
      headings: sections
        .filter(({ section }) => section.anchor !== undefined)
        .slice(0, maxHeadings)
        .map(({ section }) => section),
      intro: sections.find(({ section }) => section.anchor === undefined)?.section,
    });
  }
  return byWeight(listings);
}

/** A title as runs, its words that stand for a query word marked, as Pagefind marks excerpts. */
export function markWords(text: string, words: readonly string[]): ExcerptRun[] {
  const runs: ExcerptRun[] = [];
  for (const piece of text.split(/(\s+)/)) {
    if (piece === '') continue;
    const marked = /\S/.test(piece) && wordsMatched(piece, words).length > 0;
    const last = runs.at(-1);
    if (last?.marked === marked) runs[runs.length - 1] = { text: last.text + piece, marked };
    else runs.push({ text: piece, marked });
  }
  return runs;
}
