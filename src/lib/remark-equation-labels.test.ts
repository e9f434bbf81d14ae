import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rehypeStringify from 'rehype-stringify';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import remarkEquationLabels, { readChapterEquations } from './remark-equation-labels';
import rehypeKatexStrict from './rehype-katex-strict';

// Chapters are real files: a cross-chapter reference reads the other chapter from disk.
const root = mkdtempSync(join(tmpdir(), 'cen-eqref-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Write a chapter with the given order and body into content/<locale>/ and return its path. */
function chapter(slug: string, order: number, body: string, locale = 'en', extra = ''): string {
  const folder = join(root, locale);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${slug}.mdx`);
  const frontmatter = `---\ntitle: 'Chapter: ${slug}'\norder: ${order}\n${extra}---\n\n`;
  writeFileSync(path, frontmatter + body);
  return path;
}

/** Render a chapter file the way the site does (math, labels, KaTeX) and return the HTML. */
function render(path: string, body: string): string {
  const file = new VFile({ path, value: body });
  return String(
    unified()
      .use(remarkParse)
      .use(remarkMath)
      .use(remarkEquationLabels)
      .use(remarkRehype)
      .use(rehypeKatexStrict)
      .use(rehypeStringify)
      .processSync(file),
  );
}

/** Write a chapter and render it. */
function renderChapter(slug: string, order: number, body: string, locale = 'en'): string {
  return render(chapter(slug, order, body, locale), body);
}

const entropy = [
  'import X from "~/x";',
  '',
  '$$',
  'I = -\\log p \\label{eq:surprise}',
  '$$',
  '',
  '<Widget values={[1, 2]} />',
  '',
  '$$',
  'H = E[I]',
  '$$',
  '',
  '$$',
  'H(p, q) = H(p) + D(p \\| q) \\label{eq:identity}',
  '$$',
].join('\n');
chapter('entropy', 2, entropy);

describe('remarkEquationLabels', () => {
  it('fails at a misspelt \\label itself, inside the display, not at the \\eqref that cites it', () => {
    const body = [
      'Text.',
      '',
      '$$',
      'a = b',
      '  + c \\lable{eq:sum}',
      '$$',
      '',
      'See $\\eqref{eq:sum}$.',
    ].join('\n');
    const path = chapter('typo', 4, body);
    expect(() => render(path, body)).toThrow(
      `:5:7: "\\lable{eq:sum}" is a misspelt \\label: the equation has no label. Fix: write \\label{eq:sum}; a misspelt label leaves the equation unnumbered and every \\eqref to it unresolved`,
    );
    for (const typo of ['\\Label', '\\labl', '\\lbel']) {
      const other = body.replace('\\lable', typo);
      expect(() => render(path, other)).toThrow(`"${typo}{eq:sum}" is a misspelt \\label`);
    }
  });

  it('leaves KaTeX’s own commands alone, however close to label they look', () => {
    const body = ['$$', '\\lambda + \\text{abel} + \\cancel{x} \\label{eq:ok}', '$$'].join('\n');
    expect(render(chapter('near', 5, body), body)).toContain('(5.1)');
  });

  it('numbers labelled equations "chapter.equation" in order and links references to them', () => {
    const html = renderChapter(
      'first',
      3,
      [
        '$$',
        'a = b \\label{eq:first}',
        '$$',
        '',
        '$$',
        'c = d',
        '$$',
        '',
        '$$',
        'e = f \\label{eq:second}',
        '$$',
        '',
        'See $\\eqref{eq:second}$ and $\\eqref{eq:first}$.',
      ].join('\n'),
    );
    expect(html).toContain('<div id="eq-first" class="equation-anchor"></div>');
    expect(html).toContain('<div id="eq-second" class="equation-anchor"></div>');
    // KaTeX draws \tag{n} as the equation number.
    expect(html).toMatch(/eq-first[\s\S]*\(3\.1\)[\s\S]*eq-second[\s\S]*\(3\.2\)/);
    expect(html).toContain(
      'See <a href="#eq-second" class="eqref">(3.2)</a> and <a href="#eq-first" class="eqref">(3.1)</a>.',
    );
    expect(html).not.toContain('\\label');
  });

  it('links a reference to another chapter’s equation, numbered as that chapter numbers it', () => {
    const html = renderChapter(
      'loss',
      1,
      'By $\\eqref{entropy:eq:identity}$ and $\\eqref{entropy:eq:surprise}$.',
    );
    expect(html).toContain(
      'By <a href="/entropy/#eq-identity" title="Equation (2.2), in “Chapter: entropy”" class="eqref">(2.2)</a>' +
        ' and <a href="/entropy/#eq-surprise" title="Equation (2.1), in “Chapter: entropy”" class="eqref">(2.1)</a>.',
    );
    // The other chapter, built itself, shows the same number.
    expect(render(join(root, 'en', 'entropy.mdx'), entropy)).toMatch(/eq-identity[\s\S]*\(2\.2\)/);
  });

  it('links within the locale of the citing chapter', () => {
    chapter('entropy', 2, entropy, 'zh');
    const html = renderChapter('loss', 1, 'By $\\eqref{entropy:eq:identity}$.', 'zh');
    expect(html).toContain('href="/zh/entropy/#eq-identity"');
  });

  it('reads a chapter’s number, title and labels from its file', () => {
    expect(readChapterEquations(join(root, 'en', 'entropy.mdx'))).toEqual({
      slug: 'entropy',
      title: 'Chapter: entropy',
      order: 2,
      draft: false,
      labels: ['eq:surprise', 'eq:identity'],
    });
  });

  it('fails on an unknown chapter or label, naming file, line, reference and a fix', () => {
    // A folder of its own, so the list of known chapters is exactly these two.
    chapter('entropy', 2, entropy, 'de');
    const path = chapter('citing', 1, '', 'de');
    expect(() => render(path, 'See $\\eqref{no-such-chapter:eq:identity}$.')).toThrow(
      `${path}:1:5: Unknown chapter "no-such-chapter" in $\\eqref{no-such-chapter:eq:identity}$. Fix: write the file name of a chapter of this language without ".mdx": the chapters are: citing, entropy`,
    );
    expect(() => render(path, 'See $\\eqref{entropy:eq:missing}$.')).toThrow(
      `${path}:1:5: Unknown equation label "eq:missing" of chapter "entropy" in $\\eqref{entropy:eq:missing}$. Fix: cite a \\label{} that chapter carries: the labels are: eq:surprise, eq:identity`,
    );
    chapter('hidden', 4, '$$\na \\label{eq:a}\n$$\n', 'de', 'draft: true # wip\n');
    expect(() => render(path, 'See $\\eqref{hidden:eq:a}$.')).toThrow(
      'Chapter "hidden" in $\\eqref{hidden:eq:a}$ is a draft. Fix: publish it',
    );
    expect(() => render(path, 'See\n$\\eqref{entropy:eq:surprize}$.')).toThrow(
      `${path}:2:1: Unknown equation label "eq:surprize" of chapter "entropy" in $\\eqref{entropy:eq:surprize}$. Fix: cite a \\label{} that chapter carries: did you mean "eq:surprise"?`,
    );
  });

  it('fails on an unknown label, naming file and line and suggesting the nearest label', () => {
    const path = chapter('unknown', 1, '');
    expect(() => render(path, '$$\nx \\label{eq:known}\n$$\n\nSee $\\eqref{eq:unknown}$.')).toThrow(
      `${path}:5:5: Unknown equation label "eq:unknown" in $\\eqref{eq:unknown}$. Fix: add \\label{eq:unknown} to a display equation of this chapter, or cite one it has: did you mean "eq:known"?`,
    );
  });

  it('fails on a repeated or malformed label, or an \\eqref inside other math', () => {
    const path = chapter('malformed', 1, '');
    expect(() => render(path, '$$\na \\label{eq:x}\n$$\n\n$$\nb \\label{eq:x}\n$$')).toThrow(
      `${path}:5:1: Equation label "eq:x" is used twice. Fix: give each equation its own label`,
    );
    expect(() => render(path, '$$\na \\label{Eq One}\n$$')).toThrow(
      `${path}:1:1: Equation label "Eq One" must look like eq:kebab-case-name. Fix: write e.g. \\label{eq:eq-one}`,
    );
    expect(() => render(path, '$$\na \\label{eq:x}\n$$\n\n$x + \\eqref{eq:x}$')).toThrow(
      `${path}:5:1: "$x + \\eqref{eq:x}$" mixes \\eqref or \\label with other math. Fix: write each reference as its own $\\eqref{eq:…}$`,
    );
  });

  it('fails when a chapter with numbered equations has no order, naming file and line', () => {
    const folder = join(root, 'en');
    const path = join(folder, 'no-order.mdx');
    writeFileSync(path, '---\ntitle: No order\n---\n');
    expect(() => render(path, '$$\na \\label{eq:a}\n$$')).toThrow(
      `${path}:1:1: Numbered equations need the chapter’s \`order\` in its frontmatter. Fix: add \`order: <n>\``,
    );
  });
});
