// Every program under src/pycell/fixtures/programs/, run in real PyTorch 1.13 by
// scripts/pycell-fixtures.py (EXPECTED.json): runProgram prints the same stdout and the same error
// line, byte for byte except full-precision floats within a few ulps (fixtures/compare-output.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assertSameOutput, printedBlock } from './fixtures/compare-output';
import { EXPECTED, REGENERATE } from './fixtures/expected';
import { runProgram } from './index';

const FIXTURES = new URL('./fixtures/', import.meta.url);

/** The program files on disk, by id <group>/<name>, as the generator finds them. */
function programFiles(): Map<string, string> {
  const programs = new URL('programs/', FIXTURES);
  const files = new Map<string, string>();
  for (const group of readdirSync(programs).sort()) {
    for (const file of readdirSync(new URL(`${group}/`, programs)).sort()) {
      if (!file.endsWith('.py')) continue;
      const id = `${group}/${file.slice(0, -'.py'.length)}`;
      files.set(id, readFileSync(new URL(`${group}/${file}`, programs), 'utf8'));
    }
  }
  return files;
}

describe('fixture programs recorded in PyTorch 1.13', () => {
  it('records at least 170 programs, valid and invalid, from PyTorch 1.13', () => {
    expect(EXPECTED.torch).toMatch(/^1\.13/);
    expect(EXPECTED.programs.length).toBeGreaterThanOrEqual(170);
    const raising = EXPECTED.programs.filter((p) => p.error !== null).length;
    expect(raising).toBeGreaterThan(30);
    expect(EXPECTED.programs.length - raising).toBeGreaterThan(100);
  });

  it('records exactly the programs on disk, as they are now', () => {
    const files = programFiles();
    expect(
      EXPECTED.programs.map((p) => p.id),
      REGENERATE,
    ).toEqual([...files.keys()]);
    for (const program of EXPECTED.programs) {
      expect(program.code, `${program.id}: ${REGENERATE}`).toBe(files.get(program.id));
    }
  });
});

describe('runProgram reproduces PyTorch 1.13', () => {
  it.each(EXPECTED.programs.map((p) => [p.id, p] as const))('%s', (_id, program) => {
    const run = runProgram(program.code);
    // The notebook's view first (stdout then the error line), so a failure shows both together.
    assertSameOutput('output', printedBlock(program), printedBlock(run));
    assertSameOutput('stdout', program.stdout, run.stdout);
    expect(run.error === null, 'ran to its end').toBe(program.error === null);
    assertSameOutput('error line', program.error ?? '', run.error ?? '');
  });
});
