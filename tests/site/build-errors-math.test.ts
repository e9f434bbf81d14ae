// Mistakes in a chapter's display math and footnotes stop the build at the line they are on,
// in the one shape of src/lib/authoring-error.ts: "<file>:<line>:<column>: <what>. Fix: <hint>".
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWith as buildInto } from '../support/build';

const out = mkdtempSync(join(tmpdir(), 'cen-build-math-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const buildWith = (content: string) => buildInto(content, out);

/** The one line of the output that reports the mistake, located in `file`. */
function errorLine(output: string, file: string): string {
  const line = output.split('\n').find((l) => l.startsWith(`${file}:`));
  if (line === undefined) throw new Error(`no error line for ${file} in:\n${output}`);
  return line;
}

describe('a build', () => {
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
});
