// Every program a widget cell shows (scripts/cell-programs.json, recorded in real PyTorch 1.13 by
// scripts/cell-programs.py) runs in the PyTorch cell and prints what PyTorch printed. The prose's
// claims (ids starting with a chapter slug) run too; those that need Python the cell leaves out
// (def, lambda, the warnings module, random numbers) must stop with a message saying so, never
// print a wrong answer.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertSameOutput, printedBlock } from './fixtures/compare-output';
import { runProgram } from './index';

interface Entry {
  id: string;
  code: string;
  printed: string;
}

const ROOT = new URL('../../', import.meta.url);
const entries = JSON.parse(
  readFileSync(new URL('scripts/cell-programs.json', ROOT), 'utf8'),
) as Entry[];
const owner = (entry: Entry) => entry.id.split('/')[0] ?? '';
const isWidget = (name: string) => existsSync(new URL(`components/widgets/${name}/index.ts`, ROOT));
const isChapter = (name: string) => existsSync(new URL(`content/en/${name}.mdx`, ROOT));

const widgetPrograms = entries.filter((e) => isWidget(owner(e)));
const prosePrograms = entries.filter((e) => isChapter(owner(e)));
/** What the cell refuses, as the programs spell it: the refusal must name one of these. */
const OUTSIDE_SUBSET = ['def', 'lambda', 'warnings', 'randn', 'manual_seed'] as const;
const outside = (code: string) =>
  OUTSIDE_SUBSET.filter((word) => new RegExp(`\\b${word}\\b`).test(code));
const supported = prosePrograms.filter((e) => outside(e.code).length === 0);
const refused = prosePrograms.filter((e) => outside(e.code).length > 0);

describe('cell programs in the PyTorch cell', () => {
  it('covers the ten widgets and the prose claims, and nothing else', () => {
    expect(new Set(widgetPrograms.map(owner)).size).toBe(10);
    expect(widgetPrograms.length + prosePrograms.length).toBe(entries.length);
    expect(supported.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
  });

  it.each(widgetPrograms.map((e) => [e.id, e] as const))(
    '%s prints what PyTorch 1.13 printed',
    (_id, entry) => {
      assertSameOutput('printed', entry.printed, printedBlock(runProgram(entry.code)));
    },
  );

  it.each(supported.map((e) => [e.id, e] as const))(
    'prose claim %s prints what PyTorch 1.13 printed',
    (_id, entry) => {
      assertSameOutput('printed', entry.printed, printedBlock(runProgram(entry.code)));
    },
  );

  it.each(refused.map((e) => [e.id, outside(e.code).join(', '), e] as const))(
    'prose claim %s (using %s) is refused with a message naming what is not supported',
    (_id, words, entry) => {
      const run = runProgram(entry.code);
      expect(run.error, 'a refusal, not an answer').not.toBeNull();
      expect(run.error).toMatch(/not supported/);
      expect(
        words.split(', ').some((word) => run.error?.includes(word)),
        `${run.error} names none of ${words}`,
      ).toBe(true);
      // Whatever ran before the refusal printed what PyTorch printed for those lines.
      expect(entry.printed.startsWith(run.stdout), 'printed nothing PyTorch did not').toBe(true);
    },
  );
});
