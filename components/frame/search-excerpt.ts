// A Pagefind excerpt is HTML: the page's text with `<` and `>` escaped and the matched words in
// `<mark>`. The dialog shows it as text runs, marked or not, and never as markup, so whatever an
// excerpt holds (a page's own escaped HTML, or markup that should not be there) can only ever be
// text on the screen. Pure over strings, so this boundary is unit-tested (search-excerpt.test.ts).

/** A run of an excerpt's text; `marked` where Pagefind matched the query. */
export interface ExcerptRun {
  readonly text: string;
  readonly marked: boolean;
}

/** Character references Pagefind writes (and the few every HTML escaper does), by name. */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
};

/** Text with its character references read: named ones above, decimal and hex ones. */
function decode(text: string): string {
  return text.replace(
    /&(?:#(\d{1,7})|#x([\da-f]{1,6})|([a-z]+));/gi,
    (whole, decimal?: string, hex?: string, name?: string) => {
      if (name !== undefined) return NAMED[name] ?? whole;
      const code = decimal !== undefined ? Number(decimal) : parseInt(hex ?? '', 16);
      // Not a character (NUL, a surrogate, beyond Unicode): what the HTML parser writes instead.
      return code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)
        ? '\ufffd'
        : String.fromCodePoint(code);
    },
  );
}

// A tag, its attribute values quoted or not (a quoted `>` does not end it), or a comment.
const TAG = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>/gi;

/**
 * The runs of text an excerpt shows, `<mark>…</mark>` kept as `marked` and every other tag and
 * comment dropped (their text stays, as text), character references read.
 */
export function excerptRuns(excerpt: string): ExcerptRun[] {
  const runs: ExcerptRun[] = [];
  let marked = false;
  let at = 0;
  const push = (raw: string) => {
    const text = decode(raw);
    if (text === '') return;
    const last = runs.at(-1);
    if (last?.marked === marked) runs[runs.length - 1] = { text: last.text + text, marked };
    else runs.push({ text, marked });
  };
  for (const tag of excerpt.matchAll(TAG)) {
    push(excerpt.slice(at, tag.index));
    at = tag.index + tag[0].length;
    if (tag[2]?.toLowerCase() === 'mark') marked = tag[1] !== '/';
  }
  push(excerpt.slice(at));
  return runs;
}

/** A word as compared with a heading's: lower case, without the punctuation at its ends. */
const wordKey = (word: string) =>
  word.toLowerCase().replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');

/**
 * An excerpt without the heading it starts with. Pagefind's text of a section begins with the
 * section's heading, so an excerpt taken from its start repeats the heading listed just above
 * it, whole or (when it starts a few words in) its last words: “to write one label. Take…”
 * under “Three ways to write one label”. An excerpt that would be left empty is kept whole.
 */
export function withoutHeading(runs: readonly ExcerptRun[], heading: string): ExcerptRun[] {
  const text = runs.map((run) => run.text).join('');
  const words = [...text.matchAll(/\S+/g)];
  // Pagefind's ellipsis before a cut-off start is not a word of the text.
  const first = words[0]?.[0] === '…' ? 1 : 0;
  const headingKeys = heading
    .split(/\s+/)
    .map(wordKey)
    .filter((key) => key !== '');
  const keys = words.map((word) => wordKey(word[0]));
  for (let k = Math.min(headingKeys.length, keys.length - first); k >= 1; k--) {
    const tail = headingKeys.slice(headingKeys.length - k);
    if (!tail.every((key, i) => key === keys[first + i])) continue;
    const end = words[first + k - 1]!;
    const rest = text.slice(end.index + end[0].length).replace(/^\s+/, '');
    if (!/[\p{L}\p{N}]/u.test(rest)) return [...runs];
    return sliceRuns(runs, text.length - rest.length);
  }
  return [...runs];
}

/** The runs from character `from` of their joined text on. */
function sliceRuns(runs: readonly ExcerptRun[], from: number): ExcerptRun[] {
  const sliced: ExcerptRun[] = [];
  let at = 0;
  for (const run of runs) {
    const start = Math.max(0, from - at);
    if (start < run.text.length) sliced.push({ text: run.text.slice(start), marked: run.marked });
    at += run.text.length;
  }
  return sliced;
}
