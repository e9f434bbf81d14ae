// Authoring mistakes must stop the build with a message that says where they are and how to fix
// them: "<file>:<line>:<column>: <what is wrong>. Fix: <hint>" (src/lib/authoring-error.ts).
import { mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWith as buildInto } from '../support/build';

const out = mkdtempSync(join(tmpdir(), 'cen-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const buildWith = (content: string) => buildInto(content, out);

/** The one line of the output that reports the mistake, located in `file`. */
function errorLine(output: string, file: string): string {
  const line = output.split('\n').find((l) => l.startsWith(`${file}:`));
  if (line === undefined) throw new Error(`no error line for ${file} in:\n${output}`);
  return line;
}

describe('a build', () => {
  it('fails on bad frontmatter, naming the file, the line of the field and what it wants', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-frontmatter');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-frontmatter/en/broken-order.mdx')).toBe(
      'tests/fixtures/bad-frontmatter/en/broken-order.mdx:4:8: frontmatter field "order" must be a number, got "two". Fix: write a whole number 1 or more, the chapter’s place in the reading order and its equation numbers (`npm run new:chapter` picks the next free one)',
    );
  }, 120_000);

  it('fails on frontmatter YAML cannot parse, at the character, saying to quote the value', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-frontmatter-yaml');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-frontmatter-yaml/en/unquoted-colon.mdx')).toBe(
      "tests/fixtures/bad-frontmatter-yaml/en/unquoted-colon.mdx:2:15: the frontmatter is not valid YAML (bad indentation of a mapping entry). Fix: quote a value that holds a colon or a #, or starts with a quote, a bracket or a dash, e.g. title: 'Appendix: the view'",
    );
  }, 120_000);

  it('fails on frontmatter that is a list, not a mapping of fields, at its first line', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-frontmatter-list');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-frontmatter-list/en/list-frontmatter.mdx')).toBe(
      'tests/fixtures/bad-frontmatter-list/en/list-frontmatter.mdx:2:1: the frontmatter must be a YAML mapping of fields (name: value), but it is a list. Fix: write each field as name: value on a line of its own, e.g. title: Softmax and logits, description: One sentence…, order: 3 (one field a line)',
    );
  }, 120_000);

  it('fails on two chapters of one order at both order lines, the newer first, naming the free order', () => {
    // The chapter the author just wrote or moved is the one changed last.
    const fixture = 'tests/fixtures/bad-duplicate-order/en';
    utimesSync(`${fixture}/first.mdx`, new Date(2000, 0, 1), new Date(2000, 0, 1));
    utimesSync(`${fixture}/second.mdx`, new Date(), new Date());
    const { status, output } = buildWith('./tests/fixtures/bad-duplicate-order');
    expect(status).not.toBe(0);
    expect(errorLine(output, `${fixture}/second.mdx`)).toBe(
      `${fixture}/second.mdx:4:8: order 1 is also the order of ${fixture}/first.mdx. Fix: give this chapter a free order: the free order is 2 (between 1 "The first chapter" and 3 "Appendix: after the main chapters"); or mark it \`draft: true\``,
    );
    expect(errorLine(output, `${fixture}/first.mdx`)).toBe(
      `${fixture}/first.mdx:4:8: order 1 is also the order of ${fixture}/second.mdx (changed more recently, above). Fix: keep this order if this chapter is where it belongs, and move the other`,
    );
  }, 120_000);

  it('fails on a published chapter that still has the scaffold’s description, at its line', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-placeholder-description');
    expect(status).not.toBe(0);
    const file = 'tests/fixtures/bad-placeholder-description/en/forgotten-scaffold.mdx';
    expect(errorLine(output, file)).toBe(
      `${file}:3:14: the description is still the placeholder \`npm run new:chapter\` wrote ("One sentence saying what this chapter teaches…"), and the chapter is published. Fix: write one sentence of 20 to 200 characters saying what the chapter teaches (it is the page’s search snippet); or keep \`draft: true\` until the chapter is ready`,
    );
  }, 120_000);

  it('fails on a reference to an equation label that does not exist, at its line, listing the labels', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-eqref');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-eqref/en/broken-reference.mdx')).toBe(
      'tests/fixtures/bad-eqref/en/broken-reference.mdx:11:5: Unknown equation label "eq:missing" in $\\eqref{eq:missing}$. Fix: add \\label{eq:missing} to a display equation of this chapter, or cite one it has: the labels are: eq:defined',
    );
  }, 120_000);

  it('fails on a misspelt \\label at the typo, not at the \\eqref that cites it', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-label-typo');
    expect(status).not.toBe(0);
    const file = 'tests/fixtures/bad-label-typo/en/misspelt-label.mdx';
    expect(errorLine(output, file)).toBe(
      `${file}:8:38: "\\lable{eq:softmax}" is a misspelt \\label: the equation has no label. Fix: write \\label{eq:softmax}; a misspelt label leaves the equation unnumbered and every \\eqref to it unresolved`,
    );
  }, 120_000);

  it('fails on a reference to another chapter’s equation that does not exist, at its line', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-chapter-eqref');
    expect(status).not.toBe(0);
    expect(
      errorLine(output, 'tests/fixtures/bad-chapter-eqref/en/broken-cross-reference.mdx'),
    ).toBe(
      'tests/fixtures/bad-chapter-eqref/en/broken-cross-reference.mdx:7:51: Unknown equation label "eq:missing" of chapter "cited" in $\\eqref{cited:eq:missing}$. Fix: cite a \\label{} that chapter carries: the labels are: eq:defined',
    );
  }, 120_000);

  it('fails on a formula KaTeX cannot parse, at the formula’s line and column', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-katex');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-katex/en/broken-formula.mdx')).toMatch(
      /^tests\/fixtures\/bad-katex\/en\/broken-formula\.mdx:7:24: KaTeX cannot render the formula "\\frac\{1\}\{": KaTeX parse error: .+\. Fix: correct the TeX; KaTeX knows a subset of LaTeX/,
    );
  }, 120_000);

  it('fails on a Figure of an unknown width, at its line, with the widths it takes', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-figure-width');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-figure-width/en/broken-figure.mdx')).toBe(
      'tests/fixtures/bad-figure-width/en/broken-figure.mdx:9:1: <Figure width="wide"> is not a figure width. Fix: write width="body" (the text column, the default), "page" or "screen"',
    );
  }, 120_000);

  it('fails on a CoreNumber of a quantity the core does not compute, at its line and column', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-core-number');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-core-number/en/misspelt-quantity.mdx')).toBe(
      'tests/fixtures/bad-core-number/en/misspelt-quantity.mdx:10:5: <CoreNumber quantity="entropi"> is not a quantity the core computes. Fix: did you mean "entropy"? (each quantity\'s props are listed in components/ui/core-number.ts)',
    );
  }, 120_000);

  it('fails on a reference to a chapter that does not exist, at its line, listing the chapters', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-chapter-ref');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-chapter-ref/en/broken-chapter-ref.mdx')).toBe(
      'tests/fixtures/bad-chapter-ref/en/broken-chapter-ref.mdx:9:34: <ChapterRef slug="squared-error" /> names no chapter. Fix: write the file name of a chapter of this language without ".mdx": the chapters are: broken-chapter-ref',
    );
  }, 120_000);

  it('fails on a link to a page that does not exist, at its line, suggesting the page meant', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-link');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-link/en/broken-link.mdx')).toBe(
      'tests/fixtures/bad-link/en/broken-link.mdx:9:17: Link to "/targte/" points at no page. Fix: link to a page of the site: did you mean "/target/"?',
    );
  }, 120_000);

  it('fails on a link to a draft, whose page is not built, however its draft flag is written', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-link-draft');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-link-draft/en/citing.mdx')).toMatch(
      /^tests\/fixtures\/bad-link-draft\/en\/citing\.mdx:7:5: Link to "\/unfinished\/" points at no page\. Fix: link to a page of the site: /,
    );
  }, 120_000);

  it('fails on a link to an anchor another chapter does not have, suggesting the heading meant', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-link-anchor');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-link-anchor/en/broken-anchor.mdx')).toBe(
      'tests/fixtures/bad-link-anchor/en/broken-anchor.mdx:11:17: Link to "/target/#the-setup" points at no anchor "#the-setup" on the page /target/. Fix: link to a heading, equation or footnote it has: did you mean "/target/#the-setting"?',
    );
  }, 120_000);

  it('fails on a display formula KaTeX cannot parse, at the line inside it, quoting the TeX as typed', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-katex-display');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-katex-display/en/broken-display.mdx')).toBe(
      'tests/fixtures/bad-katex-display/en/broken-display.mdx:17:11: KaTeX cannot render the formula "\\mathcal{L}(z) = -\\log p_y, \\quad p = \\softmax(z) \\label{eq:broken}": KaTeX parse error: Undefined control sequence: \\softmax. Fix: correct the TeX; KaTeX knows a subset of LaTeX, listed at https://katex.org/docs/supported.html (a literal $ in prose is written \\$)',
    );
  }, 120_000);

  it('fails on a footnote reference with no note, at its line, naming the note it was meant for', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-footnote');
    expect(status).not.toBe(0);
    expect(errorLine(output, 'tests/fixtures/bad-footnote/en/misspelt-footnote.mdx')).toBe(
      'tests/fixtures/bad-footnote/en/misspelt-footnote.mdx:7:36: Footnote [^cor] has no note, so the page would show the text "[^cor]". Fix: did you mean [^core]? The notes of this chapter are: [^core], [^kl]',
    );
  }, 120_000);

  it('fails on an unknown cell prop, naming file:line:column, the nearest prop and the known ones', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-cell-prop');
    expect(status).not.toBe(0);
    expect(output).toContain(
      'tests/fixtures/bad-cell-prop/en/misspelt-prop.mdx:11:33: SoftmaxExplorer has no prop "logit" (did you mean "logits"?); its props are logits, labels, temperature, width, cellId and the client:',
    );
    expect(output).toContain('all described at /widgets/. Fix: rename logit to logits');
  }, 120_000);

  it('fails on ill-typed cell props, naming each one’s file:line:column and the fix', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-cell-prop-type');
    expect(status).not.toBe(0);
    expect(output).toContain(
      `tests/fixtures/bad-cell-prop-type/en/ill-typed-prop.mdx:11:30: StabilityLab's exponent must be a number (number), but exponent is the string "2". Fix: write exponent={2} (braces, no quotes)`,
    );
    expect(output).toContain(
      `tests/fixtures/bad-cell-prop-type/en/ill-typed-prop.mdx:15:33: BatchPlayground's reduction must be one of 'none', 'sum', 'mean'`,
    );
  }, 120_000);

  it('fails on a cell without a directive, values the cell refuses and a missing import, each at its line', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-cell-placement');
    expect(status).not.toBe(0);
    const file = 'tests/fixtures/bad-cell-placement/en/dead-cells.mdx';
    const lines = output.split('\n').filter((l) => l.startsWith(`${file}:`));
    expect(lines).toEqual([
      `${file}:11:1: SoftmaxExplorer has no client: directive, so it would ship without its script: its controls would show but do nothing. Fix: add client:visible (or client:interaction for a heavy cell, which loads on first touch; the gallery shows each cell’s usual one)`,
      `${file}:15:72: SoftmaxExplorer's labels must have 3 entries, one per entry of logits, got 2. Fix: give labels 3 entries, one per entry of logits, or leave labels out`,
      `${file}:19:49: SoftmaxExplorer's logits must have 2–8 entries, got 1. Fix: give logits 2 to 8 entries`,
      `${file}:21:21: <ChapterRef> is placed but never imported, so the page cannot render it. Fix: add import ChapterRef from '~/components/ui/ChapterRef.astro'; at the top of the file, below the frontmatter`,
    ]);
    // Reported before any page renders: no stack trace from the cell, no hint about MDX.
    expect(output).not.toContain('props.ts');
    expect(output).not.toContain('Expected component');
  }, 120_000);

  it('without a summary fails the build at its line, saying what to add', () => {
    const { status, output } = buildWith('./tests/fixtures/core-source-without-summary');
    expect(status).not.toBe(0);
    expect(output).toContain(
      'tests/fixtures/core-source-without-summary/en/unsummarised-listing.mdx:9:1: <CoreSource> has no summary. Fix: add summary="…": one line saying what the code does, shown while the listing is folded',
    );
  }, 120_000);
});
