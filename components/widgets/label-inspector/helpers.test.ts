import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  argmax,
  checkTargetValues,
  literalText,
  oneHotRow,
  parseLiteral,
  parseLogits,
  planSteps,
  targetForms,
  targetPath,
} from './helpers';

const read = (text: string) => {
  const parsed = parseLiteral(text, 'Target');
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.literal;
};
const problem = (text: string) => {
  const parsed = parseLiteral(text, 'Target');
  return parsed.ok ? null : parsed.message;
};

describe('parseLiteral', () => {
  it('reads Python lists of indices and of rows, ints and floats alike, with a trailing comma', () => {
    expect(read('[2, 0, 3]')).toEqual({ shape: [3], values: [2, 0, 3] });
    expect(read(' [2., 0.,3.,] ')).toEqual({ shape: [3], values: [2, 0, 3] });
    expect(read('[[0, 0.5, .5], [1e-1, -0.1, 1E0]]')).toEqual({
      shape: [2, 3],
      values: [0, 0.5, 0.5, 0.1, -0.1, 1],
    });
    expect(read('[−1, +2]').values).toEqual([-1, 2]);
  });

  it('refuses what is not a rectangular list of numbers, naming the problem', () => {
    expect(problem('')).toMatch(/is empty/);
    expect(problem('2, 0, 3')).toMatch(/must be a list in brackets/);
    expect(problem('[]')).toMatch(/empty list/);
    expect(problem('[[]]')).toMatch(/empty row/);
    expect(problem('[2, 0')).toMatch(/not closed/);
    expect(problem('[2 0]')).toMatch(/separated by commas/);
    expect(problem('[[0, 1], [1]]')).toMatch(/row 2 has 1 number and row 1 has 2/);
    expect(problem('[[[0]]]')).toMatch(/nest at most two deep/);
    expect(problem('[[0, 1], 2]')).toMatch(/every entry of the outer list must be a row/);
    expect(problem('[2, 0, 3] + 1')).toMatch(/is not a number/);
    expect(problem('[2, 0][0]')).toMatch(/something follows/);
    expect(problem('[nan, 1]')).toMatch(/“nan, 1]” at character 2 is not a number/);
    expect(problem('[1e999]')).toMatch(/“1e999” is beyond the largest float64/);
    expect(problem('torch.tensor([2, 0, 3])')).toMatch(/type just the list/);
    expect(problem('[__import__("os")]')).toMatch(/is not a number/);
    expect(problem(`[${'1, '.repeat(17)}1]`)).toMatch(/at most 16 numbers/);
    expect(problem(`[${'0'.repeat(700)}]`)).toMatch(/600/);
  });

  it('reads each number as the fields do: never 0 for a tiny number, never a Python SyntaxError', () => {
    expect(problem('[1e-400, 1]')).toBe(
      'Target: “1e-400” is closer to 0 than the smallest float64 (5e-324): type 0 if you mean 0.',
    );
    expect(problem('[[0, 1], [1, -2e-324]]')).toMatch(/“-2e-324” is closer to 0/);
    expect(problem('[007]')).toBe(
      'Target: “007” starts with 0, which Python refuses in a whole number; write 7.',
    );
    expect(problem('[1, -01]')).toMatch(/“-01” starts with 0/);
    expect(read('[00, 0, 007.5, 0.5, 1e05]').values).toEqual([0, 0, 7.5, 0.5, 1e5]);
    expect(read('[5e-324]').values).toEqual([5e-324]);
  });

  it('says where a comma is out of place', () => {
    expect(problem('[,]')).toBe(
      'Target: a list starts with a comma; a number comes first, as in [2, 0].',
    );
    expect(problem('[[0, 1], [,1]]')).toMatch(/a list starts with a comma/);
    expect(problem('[1,,2]')).toBe('Target: two commas in a row; a number goes between them.');
    expect(problem('[1, 2,]')).toBeNull();
  });

  it('never throws, and reads back what literalText writes', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const parsed = parseLiteral(text, 'Target');
        expect(typeof parsed.ok).toBe('boolean');
      }),
    );
    const value = fc.oneof(
      fc.integer({ min: -200, max: 200 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.array(value, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          // −0 reads back as 0, so compare with −0 written as 0.
          const literal = { shape: [rows.length, 3], values: rows.flat().map((v) => v + 0) };
          expect(read(literalText(literal))).toEqual(literal);
        },
      ),
    );
  });
});

describe('parseLogits and checkTargetValues', () => {
  it('wants 1–8 rows of 2–8 finite logits', () => {
    const message = (text: string) => {
      const parsed = parseLogits(text);
      return parsed.ok ? null : parsed.message;
    };
    expect(message('[[1, 2]]')).toBeNull();
    expect(message('[1, 2]')).toMatch(/rows of logits/);
    expect(message('[[1]]')).toMatch(/got 1 × 1/);
    expect(message('[[1, 2e5]]')).toMatch(/within ±10000/);
  });

  it('lets int64 hold whole numbers only', () => {
    expect(checkTargetValues(read('[2., 0, 3]'), 'int64')).toBeNull();
    expect(checkTargetValues(read('[0.5]'), 'int64')).toMatch(/0.5 is not one; choose float32/);
    expect(checkTargetValues(read('[0.5]'), 'float32')).toBeNull();
  });
});

describe('the three forms', () => {
  it('makes one-hot rows from indices, and says when a class does not exist', () => {
    const forms = targetForms(read('[2, 0, 3]'), 4);
    expect(forms.rows.map((r) => r.oneHot)).toEqual([
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [0, 0, 0, 1],
    ]);
    expect(forms.lossless).toBe(true);
    const outside = targetForms(read('[2, -100, 3]'), 4);
    expect(outside.rows[1]).toEqual({ index: -100, oneHot: null, probability: null });
    expect(outside.note).toMatch(/-100 is not a class 0–3/);
    expect(targetForms(read('[0.5, 1]'), 4).note).toMatch(/not whole numbers/);
  });

  it('takes argmax of rows (the first largest entry), lossless only for one-hot rows', () => {
    expect(argmax([0.25, 0.25, 0.25, 0.25])).toBe(0);
    expect(argmax([0, 3, 3])).toBe(1);
    const hard = targetForms(read('[[0, 0, 1, 0], [1, 0, 0, 0]]'), 4);
    expect(hard.rows.map((r) => r.index)).toEqual([2, 0]);
    expect(hard.lossless).toBe(true);
    const soft = targetForms(read('[[0.1, 0.1, 0.7, 0.1], [1, 0, 0, 0]]'), 4);
    expect(soft.lossless).toBe(false);
    expect(soft.note).toMatch(/1 of 2 rows is not one-hot, and what it says/);
    expect(targetForms(read('[[2, 0, -1, 0]]'), 4).note).toMatch(/not a distribution/);
    expect(targetForms(read('[[0, 1, 0]]'), 4).note).toMatch(/3 entries but x has 4 classes/);
  });

  it('reads a column of whole numbers, shape (N, 1), as indices and names squeeze(1)', () => {
    const column = targetForms(read('[[2], [0], [3]]'), 4);
    expect(column.rows.map((r) => r.index)).toEqual([2, 0, 3]);
    expect(column.rows[0]?.oneHot).toEqual([0, 0, 1, 0]);
    expect(column.note).toMatch(/squeeze\(1\)/);
    const fractions = targetForms(read('[[0.5], [1]]'), 4);
    expect(fractions.note).toMatch(/Rows have 1 entry but x has 4 classes/);
    expect(planSteps([3, 1], 'int64', true).fixes).toEqual(['squeeze']);
    expect(planSteps([3, 1], 'float32', true).fixes).toEqual(['squeeze-long']);
  });

  it('one-hot rows exist for classes 0 to C − 1 only', () => {
    expect(oneHotRow(1, 3)).toEqual([0, 1, 0]);
    expect(oneHotRow(3, 3)).toBeNull();
    expect(oneHotRow(-1, 3)).toBeNull();
  });
});

describe('path and plan', () => {
  it('picks the probability path by shape alone, as F.cross_entropy does', () => {
    expect(targetPath([3, 4], [3, 4])).toBe('probabilities');
    expect(targetPath([3], [3, 4])).toBe('indices');
    expect(targetPath([3, 3], [3, 4])).toBe('indices');
  });

  it('puts the fixes before a failing call and the other form after a working one', () => {
    expect(planSteps([3], 'int64')).toEqual({
      first: ['info'],
      fixes: [],
      after: ['as-is', 'one-hot', 'loss-one-hot'],
    });
    expect(planSteps([3], 'float32').fixes).toEqual(['long']);
    expect(planSteps([3, 4], 'int64').fixes).toEqual(['float', 'argmax', 'loss-argmax']);
  });
});
