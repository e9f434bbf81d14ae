import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Root } from 'hast';
import { createProcessor } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import rehypeKatexStrict from './rehype-katex-strict';
import remarkEquationLabels from './remark-equation-labels';

// A chapter is a real file: numbering a \label reads the chapter's order from its frontmatter.
const root = mkdtempSync(join(tmpdir(), 'cen-katex-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Compile a chapter body the way the site does (MDX, math, equation labels, strict KaTeX). */
function compile(body: string): string {
  const folder = join(root, 'en');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'chapter.mdx');
  const frontmatter = '---\ntitle: A chapter\norder: 9\n---\n';
  writeFileSync(path, frontmatter + body);
  // The build hands MDX the body with the frontmatter blanked to empty lines, as here.
  const value = frontmatter.replace(/[^\n]/g, '') + body;
  return String(
    createProcessor({
      remarkPlugins: [remarkMath, remarkEquationLabels],
      rehypePlugins: [[rehypeKatexStrict, { output: 'htmlAndMathml' }]],
    }).processSync(new VFile({ path, value })),
  );
}

/** The message the build stops with for a chapter body, relative to the temporary folder. */
function failureOf(body: string): string | undefined {
  try {
    compile(body);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message.replace(`${root}/`, '') : String(error);
  }
}

describe('rehypeKatexStrict on display math', () => {
  it('reports an unknown command at its line and column inside the display', () => {
    // Lines 1–4 are the frontmatter; the display opens on line 7.
    const body = ['', 'Some prose.', '', '$$', 'p = \\softmax(z)', '$$', ''].join('\n');
    expect(failureOf(body)).toBe(
      'en/chapter.mdx:9:5: KaTeX cannot render the formula "p = \\softmax(z)": KaTeX parse error: Undefined control sequence: \\softmax. Fix: correct the TeX; KaTeX knows a subset of LaTeX, listed at https://katex.org/docs/supported.html (a literal $ in prose is written \\$)',
    );
  });

  it('quotes a labelled display as written, without the \\tag its number becomes', () => {
    const body = [
      '',
      '$$',
      'a = b',
      '  + \\softmax(z) \\label{eq:soft}',
      '$$',
      '',
      'See $\\eqref{eq:soft}$.',
      '',
    ].join('\n');
    const message = failureOf(body);
    expect(message).toMatch(
      /^en\/chapter\.mdx:8:5: KaTeX cannot render the formula "a = b \+ \\softmax\(z\) \\label\{eq:soft\}": KaTeX parse error: Undefined control sequence: \\softmax\. Fix: /,
    );
    expect(message).not.toContain('\\tag');
  });

  it('reports an unclosed group at the end of the line it runs off', () => {
    const body = ['', '$$', 'x = 1', 'y = \\frac{1}{2', '$$', ''].join('\n');
    expect(failureOf(body)).toMatch(
      /^en\/chapter\.mdx:8:15: KaTeX cannot render the formula "x = 1 y = \\frac\{1\}\{2": KaTeX parse error: Unexpected end of input in a macro argument, expected '\}'\. Fix: correct the TeX/,
    );
  });

  it('counts a display indented in a list from the column its lines start at', () => {
    const body = ['', '- An item:', '', '  $$', '  q = \\nosuch', '  $$', ''].join('\n');
    expect(failureOf(body)).toMatch(
      /^en\/chapter\.mdx:9:7: KaTeX cannot render the formula "q = \\nosuch": KaTeX parse error: Undefined control sequence: \\nosuch\. Fix: /,
    );
  });

  it('reads a ```math block the same way', () => {
    const body = ['', '```math', 'r = 1', 's = \\nosuch', '```', ''].join('\n');
    expect(failureOf(body)).toMatch(
      /^en\/chapter\.mdx:8:5: KaTeX cannot render the formula "r = 1 s = \\nosuch": KaTeX parse error: Undefined control sequence: \\nosuch\. Fix: /,
    );
  });

  it('still reports inline math at the formula, as written', () => {
    const body = ['', 'Fine: $a$. Broken: $\\frac{1}{$.', ''].join('\n');
    expect(failureOf(body)).toMatch(
      /^en\/chapter\.mdx:6:20: KaTeX cannot render the formula "\\frac\{1\}\{": KaTeX parse error: .+\. Fix: correct the TeX/,
    );
  });

  it('without the source at hand, reports the display where it starts, leaving out the \\tag', () => {
    // What remark-rehype emits for a display: the <pre> has the position, the formula none.
    const tree: Root = {
      type: 'root',
      children: [
        {
          type: 'element',
          tagName: 'pre',
          properties: {},
          position: { start: { line: 12, column: 1 }, end: { line: 14, column: 3 } },
          children: [
            {
              type: 'element',
              tagName: 'code',
              properties: { className: ['language-math', 'math-display'] },
              children: [{ type: 'text', value: 'x = \\softmax(z) \\tag{9.1}' }],
            },
          ],
        },
      ],
    };
    expect(() => rehypeKatexStrict()(tree, new VFile({ path: 'content/en/a.mdx' }))).toThrow(
      /^content\/en\/a\.mdx:12:1: KaTeX cannot render the formula "x = \\softmax\(z\)": KaTeX parse error: Undefined control sequence: \\softmax/,
    );
  });

  it('renders good display math, numbered, with a tab stop', () => {
    const body = ['', '$$', 'a = b \\label{eq:ok}', '$$', ''].join('\n');
    const js = compile(body);
    expect(js).toContain('katex-display');
    expect(js).toMatch(/tabIndex: "0",\s*role: "group"/);
    expect(js).toContain('(9.1)');
  });
});
