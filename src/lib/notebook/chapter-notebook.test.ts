import { describe, expect, it } from 'vitest';
import type { ChapterLink } from '../chapters';
import { chapterNotebook, type ChapterSources, type NotebookCell } from './chapter-notebook';
import type { CodeCell } from './nbformat';

const chapters: ChapterLink[] = [
  { id: 'en/first', slug: 'first', locale: 'en', title: 'First', description: 'd', order: 1 },
  { id: 'en/second', slug: 'second', locale: 'en', title: 'Second', description: 'd', order: 2 },
];

/** A stand-in cell whose program echoes its props, so the test sees what the notebook passed. */
class EchoState {
  readonly program;
  constructor(props: Record<string, unknown>) {
    if (props['logits'] === 'bad') throw new Error('Echo: logits must be numbers, got "bad"');
    this.program = {
      code: `import torch\nprint(${JSON.stringify(props)})`,
      printed: props['fail'] === true ? 'x\nValueError: no' : JSON.stringify(props),
    };
  }
}

const cells = new Map<string, NotebookCell>([
  ['Echo', { folder: 'echo', title: 'Echo chamber', State: EchoState }],
]);

function build(
  body: string,
  prose: ChapterSources['prose'] = [],
  link = (path: string) => `https://example.org${path}`,
) {
  return chapterNotebook({
    slug: 'second',
    title: 'Second',
    description: 'A chapter for the test.',
    order: 2,
    file: 'content/en/second.mdx',
    body,
    chapters,
    labelsOf: (slug) => (slug === 'first' ? ['eq:a', 'eq:b'] : undefined),
    link,
    cells,
    coreSource: (file, region) => ({ code: `// ${file} ${region}`, firstLine: 3, lastLine: 4 }),
    prose,
  });
}

const markdown = (nb: ReturnType<typeof build>) =>
  nb.cells
    .filter((c) => c.cell_type === 'markdown')
    .map((c) => c.source.join(''))
    .join('\n\n');

describe('chapterNotebook', () => {
  it('numbers equations as the page does and links references to the site', () => {
    const nb = build(
      [
        "import ChapterRef from '~/components/ui/ChapterRef.astro';",
        '',
        '$$',
        'x = 1 \\label{eq:one}',
        '$$',
        '',
        'By $\\eqref{eq:one}$ and $\\eqref{first:eq:b}$, as <ChapterRef slug="first" /> says.',
      ].join('\n'),
    );
    const text = markdown(nb);
    expect(text).toContain('x = 1 \\tag{2.1}');
    expect(text).toContain('[(2.1)](https://example.org/second/#eq-one)');
    expect(text).toContain('[(1.2)](https://example.org/first/#eq-b)');
    expect(text).toContain('[Chapter\u00a01, “First”](https://example.org/first/)');
    expect(text).not.toContain('import');
  });

  it('writes CoreNumber as its value, footnotes as numbered notes and answers as <details>', () => {
    const nb = build(
      [
        'It costs <CoreNumber quantity="entropy" p={[1, 1]} digits={3} /> nats.[^a]',
        '',
        '1. **Q.** Why?',
        '',
        '   <details>',
        '   <summary>Answer</summary>',
        '',
        '   Because.',
        '',
        '   </details>',
        '',
        '[^a]: A note.',
      ].join('\n'),
    );
    const text = markdown(nb);
    expect(text).toContain('It costs 0.693 nats.<sup>1</sup>');
    expect(text).toMatch(/<details>\s*<summary>Answer<\/summary>\s*Because\.\s*<\/details>/);
    expect(text).toMatch(/## Notes\s*<sup>1<\/sup> A note\./);
  });

  it('places each cell’s program as a code cell with its printed output, tagging one that raises', () => {
    const nb = build(
      '<Echo client:visible logits={[1, 2]} />\n\n<Echo client:visible cellId="echo-2" fail />\n',
    );
    const code = nb.cells.filter((c): c is CodeCell => c.cell_type === 'code');
    expect(code.map((c) => c.id)).toEqual(['echo', 'echo-2']);
    expect(code[0]?.source.join('')).toBe('import torch\nprint({"logits":[1,2]})');
    expect(code[0]?.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: ['{"logits":[1,2]}\n'] },
    ]);
    expect(code[1]?.metadata.tags).toEqual(['raises-exception']);
    expect(code.map((c) => c.execution_count)).toEqual([1, 2]);
  });

  it('leads each cell’s code with a line naming the interactive cell it stands for', () => {
    const nb = build('Press the button above.\n\n<Echo client:visible logits={[1, 2]} />\n');
    const [about, prose, lead, code] = nb.cells;
    expect(about?.source.join('')).toContain(
      'Where the text speaks of fields, sliders, buttons or points to drag',
    );
    expect(prose?.source.join('')).toBe('Press the button above.');
    expect(lead?.cell_type).toBe('markdown');
    expect(lead?.source.join('')).toMatch(
      /^\*\*Cell: Echo chamber\*\* — on \[the chapter’s page\]\(https:\/\/example\.org\/second\/#cell-echo\) this is an interactive cell/,
    );
    expect(code?.cell_type).toBe('code');
    // A chapter without cells has nothing of the page's controls to explain.
    expect(build('Text.').cells[0]?.source.join('')).not.toContain('sliders');
  });

  it('points at the site’s TypeScript on the page instead of copying it', () => {
    const nb = build(
      '## Log-sum-exp in code\n\n<CoreSource file="log-sum-exp.ts" region="lse" summary="log Σ exp, max first." />\n',
    );
    const text = markdown(nb);
    expect(text).toContain(
      '*Under [“Log-sum-exp in code” on the chapter’s page](https://example.org/second/#log-sum-exp-in-code), a folded box shows the site’s own TypeScript for this (log Σ exp, max first).*',
    );
    expect(text).not.toContain('```ts');
    expect(text).not.toContain('// log-sum-exp.ts');
  });

  it('says once that links are root-relative when the build has no site address', () => {
    const relative = build('See [the first](/first/).', [], (path) => path);
    const intro = relative.cells[0]?.source.join('') ?? '';
    expect(intro).toContain('Its links are root-relative');
    expect(markdown(relative)).toContain('[the first](/first/)');
    expect(build('See [the first](/first/).').cells[0]?.source.join('')).not.toContain(
      'root-relative',
    );
  });

  it('makes a prose python block a code cell only when PyTorch ran it', () => {
    const body = '```python\nprint(1)\n```\n\n```python\nprint(teacher)\n```\n';
    const nb = build(body, [
      { code: 'print(1)\n', runs: true, stdout: '1\n', error: null },
      {
        code: 'print(teacher)\n',
        runs: false,
        stdout: '',
        error: "NameError: name 'teacher' is not defined",
      },
    ]);
    const code = nb.cells.filter((c): c is CodeCell => c.cell_type === 'code');
    expect(code.map((c) => c.source.join(''))).toEqual(['print(1)']);
    expect(markdown(nb)).toContain('```python\nprint(teacher)\n```');
  });

  it('names the file, the line and the fix for what it cannot write', () => {
    expect(() => build('\n\n<Mystery />\n')).toThrow(
      /^content\/en\/second\.mdx:3: the notebook does not know how to write <Mystery>\. Fix: /,
    );
    expect(() => build('<Echo client:visible logits="bad" />')).toThrow(
      /content\/en\/second\.mdx:1: <Echo> cannot start from its props: Echo: logits must be numbers/,
    );
  });
});
