import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printedOutput } from './printed-output';

/** The cells' programs and what PyTorch 1.13 printed for each (scripts/cell-programs.py). */
const cellPrograms = JSON.parse(readFileSync('scripts/cell-programs.json', 'utf8')) as {
  id: string;
  code: string;
  printed?: string;
}[];

/** Programs run in real PyTorch 1.13 with stdout and the error line kept apart (scripts/pycell-fixtures.py). */
const fixtures = (
  JSON.parse(readFileSync('src/pycell/fixtures/expected.json', 'utf8')) as {
    programs: { id: string; stdout: string; error: string | null }[];
  }
).programs;

describe('printedOutput', () => {
  it('runs the doc example', () => {
    expect(printedOutput('tensor(1.)\nIndexError: Target 5 is out of bounds.')).toEqual({
      stdout: 'tensor(1.)\n',
      error: 'IndexError: Target 5 is out of bounds.',
    });
  });

  it('ends every printed line in a newline, as print() writes it', () => {
    expect(printedOutput('tensor([0.6590, 0.2424, 0.0986])')).toEqual({
      stdout: 'tensor([0.6590, 0.2424, 0.0986])\n',
      error: null,
    });
    expect(printedOutput('1.0\n\n2')).toEqual({ stdout: '1.0\n\n2\n', error: null });
  });

  it('prints nothing for an empty output', () => {
    expect(printedOutput('')).toEqual({ stdout: '', error: null });
  });

  it('takes an error line alone as the error, with nothing printed before it', () => {
    expect(printedOutput('RuntimeError: expected scalar type Long but found Float')).toEqual({
      stdout: '',
      error: 'RuntimeError: expected scalar type Long but found Float',
    });
    expect(printedOutput("NameError: name 'y' is not defined").error).toBe(
      "NameError: name 'y' is not defined",
    );
    expect(printedOutput('torch.cuda.OutOfMemoryError: out').error).toBe(
      'torch.cuda.OutOfMemoryError: out',
    );
  });

  it('reads an error-like word inside printed values as output', () => {
    for (const printed of [
      'tensor([1., 2.])',
      "'ValueError: quoted'",
      'Error rate: 0.5',
      'loss 0.4076 ValueError: none',
      'torch.Size([2, 3])',
      'torch.float32',
      '[1, 2]',
    ]) {
      expect(printedOutput(printed)).toEqual({ stdout: `${printed}\n`, error: null });
    }
  });

  it("splits every cell program's recorded output so the parts join back to it", () => {
    const recorded = cellPrograms.filter((p) => p.printed !== undefined);
    expect(recorded.length).toBeGreaterThan(100);
    for (const { printed = '' } of recorded) {
      const { stdout, error } = printedOutput(printed);
      expect(stdout === '' || stdout.endsWith('\n')).toBe(true);
      expect(
        [stdout.replace(/\n$/, ''), error].filter((p) => p !== null && p !== '').join('\n'),
      ).toBe(printed.replace(/^\n+/, ''));
    }
  });

  it('gives back the stdout and error PyTorch 1.13 recorded apart, from the two joined as a cell prints them', () => {
    expect(fixtures.filter((f) => f.error !== null).length).toBeGreaterThan(50);
    for (const { id, stdout, error } of fixtures) {
      // A cell's printed is stdout then the error line, without the final newline
      // (scripts/cell-programs.py).
      const printed = (stdout + (error === null ? '' : `${error}\n`)).replace(/\n$/, '');
      const expected = { stdout: printed === '' ? '' : stdout, error };
      expect({ id, ...printedOutput(printed) }).toEqual({ id, ...expected });
    }
  });
});
