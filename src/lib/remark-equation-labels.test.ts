import rehypeStringify from 'rehype-stringify';
import remarkMath from 'remark-math';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import remarkEquationLabels from './remark-equation-labels';
import rehypeKatexStrict from './rehype-katex-strict';

/** Render Markdown the way the site does (math, labels, KaTeX) and return the HTML. */
function render(markdown: string): string {
  const file = new VFile({ path: 'content/en/test.mdx', value: markdown });
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

describe('remarkEquationLabels', () => {
  it('numbers labelled equations in order and links references to them', () => {
    const html = render(
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
    expect(html).toMatch(/eq-first[\s\S]*\(1\)[\s\S]*eq-second[\s\S]*\(2\)/);
    expect(html).toContain(
      'See <a href="#eq-second" class="eqref">(2)</a> and <a href="#eq-first" class="eqref">(1)</a>.',
    );
    expect(html).not.toContain('\\label');
  });

  it('fails on an unknown label, naming the file', () => {
    expect(() => render('$$\nx \\label{eq:known}\n$$\n\nSee $\\eqref{eq:unknown}$.')).toThrow(
      'Unknown equation label "eq:unknown" in $\\eqref{eq:unknown}$ in content/en/test.mdx',
    );
  });

  it('fails on a repeated or malformed label, or an \\eqref inside other math', () => {
    expect(() => render('$$\na \\label{eq:x}\n$$\n\n$$\nb \\label{eq:x}\n$$')).toThrow(
      'Equation label "eq:x" is used twice in content/en/test.mdx',
    );
    expect(() => render('$$\na \\label{Eq One}\n$$')).toThrow(
      'Equation label "Eq One" must look like eq:kebab-case-name',
    );
    expect(() => render('$$\na \\label{eq:x}\n$$\n\n$x + \\eqref{eq:x}$')).toThrow(
      'must be a lone $\\eqref{eq:…}$',
    );
  });
});
