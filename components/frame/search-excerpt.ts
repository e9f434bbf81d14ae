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
