import { describe, expect, it } from 'vitest';
import { runProgram } from '../run';
import { expf } from './expf';
import fixture from './expf.fixture.json';

/** Python's float repr as a number ('inf' and '-inf' included). */
const parse = (text: string): number =>
  text === 'inf' ? Infinity : text === '-inf' ? -Infinity : Number(text);
const rows = fixture.rows.map((row) => row.map(parse) as [number, number, number]);

describe('expf', () => {
  it('reproduces torch.exp on float32 bit for bit, where Math.exp rounded to float32 does not', () => {
    let roundedDiffers = 0;
    for (const [x, exp] of rows) {
      expect(expf(x)).toBe(exp);
      if (Math.fround(Math.exp(x)) !== exp) roundedDiffers++;
    }
    // The fixture was chosen where PyTorch is not correctly rounded: most rows show it.
    expect(roundedDiffers).toBeGreaterThan(100);
  });

  it("gives the cell's torch.sigmoid and torch.exp exactly as PyTorch recorded them", () => {
    // Through the interpreter, so this checks the op a program calls, not a restated formula.
    const xs = rows.map(([x]) => (Number.isFinite(x) ? String(x) : `float('${x}')`)).join(', ');
    const program = [
      'import torch',
      `x = torch.tensor([${xs}])`,
      'print(torch.sigmoid(x).tolist())',
      'print(x.exp().tolist())',
    ].join('\n');
    const { stdout, error } = runProgram(program);
    expect(error).toBeNull();
    const [sigmoids, exps] = stdout
      .trim()
      .split('\n')
      .map((line) => line.slice(1, -1).split(', ').map(parse));
    expect(sigmoids).toEqual(rows.map(([, , sigmoid]) => sigmoid));
    expect(exps).toEqual(rows.map(([, exp]) => exp));
  });

  it('saturates as the kernel does: 0 below −104, ∞ above 104, NaN through', () => {
    expect(expf(-105)).toBe(0);
    expect(expf(104.5)).toBe(Infinity);
    expect(expf(Number.NaN)).toBeNaN();
    expect(expf(0)).toBe(1);
  });
});
