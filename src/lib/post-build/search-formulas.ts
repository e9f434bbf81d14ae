// What the search index reads of a formula. KaTeX's MathML flattened to text is no prose:
// “ynε=(1−ε) ekn+εC1,(7.5)” in a result's excerpt, equation number and all. A formula stays
// only when it is a lone symbol that reads as itself (x, C, ε); any other, displayed ones with
// their numbers, is indexed as a `⋯`, so an excerpt says “replaces the target by ⋯, a little
// mass” rather than running words together. Only the
// copy Pagefind reads is changed: the built pages keep their formulas. Pure over strings
// (search-formulas.test.ts).

/** What an inline formula too long to read as text is indexed as. */
export const FORMULA_GAP = '⋯';

/** Inline formulas of at most this many characters, in one piece, stay as their text. */
const LONGEST_SYMBOL = 3;

// KaTeX's output starts each formula with its MathML copy: `<span class="katex"><span
// class="katex-mathml"><math …>…</math></span><span class="katex-html" …>…`.
const FORMULA = /<span class="katex">(<span class="katex-mathml">[\s\S]*?<\/math>)/g;
// Layout that makes a formula more than a symbol: sub- and superscripts, fractions, roots.
const LAYOUT = /<(msub|msup|msubsup|mfrac|msqrt|mroot|munder|mover|munderover|mtable)[\s>]/;

/** A formula's MathML as Pagefind would read it: its text, without the TeX annotation. */
function mathText(mathml: string): string {
  return mathml
    .replace(/<annotation[\s\S]*?<\/annotation>/g, '')
    .replace(/<[^>]*>/g, '')
    .replace(/\s+/g, '');
}

/** Whether an inline formula reads as itself in running text: a short name or number, no operator. */
function readsAsText(mathml: string): boolean {
  const text = mathText(mathml);
  return text.length <= LONGEST_SYMBOL && /^[\p{L}\p{N}.]+$/u.test(text) && !LAYOUT.test(mathml);
}

/** A built page as Pagefind should index it: every formula a symbol or a gap (see above). */
export function formulasForSearch(html: string): string {
  return html.replace(FORMULA, (whole, mathml: string) =>
    readsAsText(mathml)
      ? whole
      : `<span>${FORMULA_GAP}</span><span class="katex" data-pagefind-ignore>${mathml}`,
  );
}
