import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { FORMULA_GAP, formulasForSearch } from './search-formulas';

/** A formula as the site's build writes it: KaTeX with MathML and HTML. */
const inline = (tex: string) => katex.renderToString(tex, { output: 'htmlAndMathml' });
const display = (tex: string) =>
  katex.renderToString(tex, { output: 'htmlAndMathml', displayMode: true });
/** How many formulas Pagefind is told to skip, and how many gaps stand in for them. */
const skipped = (html: string) => html.split('data-pagefind-ignore').length - 1;
const gaps = (html: string) => html.split(`<span>${FORMULA_GAP}</span>`).length - 1;

describe('formulasForSearch', () => {
  it('keeps a lone symbol as the text it reads as', () => {
    for (const tex of ['x', 'C', '\\varepsilon', 'N', '0.1']) {
      const html = `<p>an input ${inline(tex)} of the batch</p>`;
      expect(formulasForSearch(html), tex).toBe(html);
    }
  });

  it('puts a gap where any other inline formula was, and has Pagefind skip the formula', () => {
    for (const tex of [
      'y_n',
      'P^*',
      '\\frac{\\varepsilon}{C}',
      'C=3',
      'T>0',
      'o-y',
      '(x)',
      '(1-\\varepsilon)e_{k_n}',
      '\\sqrt{2}',
    ]) {
      const html = formulasForSearch(`<p>replaces the target by ${inline(tex)}, a little mass</p>`);
      expect([skipped(html), gaps(html)], tex).toEqual([1, 1]);
      expect(html).toContain(
        `by <span>${FORMULA_GAP}</span><span class="katex" data-pagefind-ignore>`,
      );
    }
  });

  it('puts a gap for a displayed formula, its equation number with it, and changes nothing else', () => {
    const numbered = display('H(p)=-\\sum_j p_j\\log p_j \\tag{2.1}');
    const page = `<p>Then ${inline('x')} and ${inline('y_n')}:</p>${numbered}<p>so</p>`;
    const indexed = formulasForSearch(page);
    expect([skipped(indexed), gaps(indexed)]).toEqual([2, 2]);
    expect(indexed).toContain(
      `<span class="katex-display"><span>${FORMULA_GAP}</span><span class="katex" data-pagefind-ignore>`,
    );
    // With the additions taken out, the page is as it was.
    expect(
      indexed.replaceAll(`<span>${FORMULA_GAP}</span>`, '').replaceAll(' data-pagefind-ignore', ''),
    ).toBe(page);
    expect(formulasForSearch('<p>no math</p>')).toBe('<p>no math</p>');
  });
});
