// The /pytorch-cell/ page's examples: each one's output was recorded in real PyTorch 1.13
// (scripts/pycell-fixtures.py, expected.json "examples") and runProgram prints the same.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLES } from './examples';
import { assertSameOutput, printedBlock } from './fixtures/compare-output';
import { EXPECTED, REGENERATE } from './fixtures/expected';
import { runProgram } from './index';

const recorded = EXPECTED.examples;

describe('example menu', () => {
  it('has about ten examples with distinct kebab-case ids and titles', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(10);
    expect(new Set(EXAMPLES.map((e) => e.id)).size).toBe(EXAMPLES.length);
    expect(new Set(EXAMPLES.map((e) => e.title)).size).toBe(EXAMPLES.length);
    for (const example of EXAMPLES) expect(example.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('names a chapter for every topic', () => {
    for (const { id, topic } of EXAMPLES) {
      const chapter = new URL(`../../content/en/${topic}.mdx`, import.meta.url);
      expect(existsSync(chapter), `${id}: no chapter ${topic}`).toBe(true);
    }
  });

  it('shows clean programs: imports first, no comments, no trailing spaces, no blank ending', () => {
    for (const { id, code } of EXAMPLES) {
      expect(code.startsWith('import torch\n'), id).toBe(true);
      expect(code, id).not.toMatch(/#|[ \t]$/m);
      expect(code.endsWith('\n'), id).toBe(false);
    }
  });

  it('covers the classic errors: a float target and a target out of bounds', () => {
    const errors = recorded.map((r) => r.error).filter((e) => e !== null);
    expect(errors).toContain('RuntimeError: expected scalar type Long but found Float');
    expect(errors).toContain('IndexError: Target 3 is out of bounds.');
  });

  it('was recorded in PyTorch as the menu shows it', () => {
    expect(
      recorded.map((r) => [r.id, r.code]),
      REGENERATE,
    ).toEqual(EXAMPLES.map((e) => [e.id, e.code]));
  });

  it.each(recorded.map((r) => [r.id, r] as const))(
    '%s prints what PyTorch 1.13 printed',
    (_id, example) => {
      const run = runProgram(example.code);
      assertSameOutput('output', printedBlock(example), printedBlock(run));
      assertSameOutput('stdout', example.stdout, run.stdout);
      expect(run.error).toBe(example.error);
    },
  );
});
