// Writes every checked cell state's program to scripts/cell-programs.json (run through Vitest,
// which compiles the state classes' runes): `npm run cell-programs`, then
// `/usr/bin/python3 scripts/cell-programs.py` to record what PyTorch prints for each.
import { readFileSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { cellPrograms } from './cell-programs-states';

const FILE = new URL('./cell-programs.json', import.meta.url);

/** A program and, once scripts/cell-programs.py has run it, what PyTorch printed. */
interface Entry {
  id: string;
  code: string;
  printed?: string;
}

it('writes the programs of every checked cell state, keeping PyTorch output whose program is unchanged', () => {
  let previous: Entry[] = [];
  try {
    previous = JSON.parse(readFileSync(FILE, 'utf8')) as Entry[];
  } catch {
    previous = [];
  }
  const entries = cellPrograms().map(({ id, program }): Entry => {
    const old = previous.find((e) => e.id === id && e.code === program.code);
    return old?.printed === undefined
      ? { id, code: program.code }
      : { id, code: program.code, printed: old.printed };
  });
  writeFileSync(FILE, `${JSON.stringify(entries, null, 2)}\n`);
  expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
});
