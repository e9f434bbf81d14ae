// Where the classes sit in a classification input (dim 1, or dim 0 for a 1-D input), and
// nll_loss_nd's checks with PyTorch 1.13's messages (the fixtures hold them as PyTorch printed them).
import { describe, expect, it } from 'vitest';
import {
  checkIndexWeight,
  checkTargetRange,
  classLayout,
  indexTargets,
  rowStart,
} from './class-layout';
import { LossError } from './errors';
import { tensor, type Tensor } from './tensor';

const zeros = (...shape: number[]): Tensor => ({
  shape,
  dtype: 'float64',
  data: new Float64Array(shape.reduce((a, b) => a * b, 1)),
});
const targets = (values: number[] | number[][]) => tensor(values, 'int64');

describe('class layout', () => {
  it('reads (C), (N, C) and (N, C, d1, d2) inputs as rows of C classes', () => {
    expect(classLayout(zeros(5))).toEqual({ classes: 5, rows: 1, stride: 1, rowShape: [] });
    expect(classLayout(zeros(4, 3))).toEqual({ classes: 3, rows: 4, stride: 1, rowShape: [4] });
    expect(classLayout(zeros(2, 3, 4, 5))).toEqual({
      classes: 3,
      rows: 40,
      stride: 20,
      rowShape: [2, 4, 5],
    });
  });

  it('starts each row where x[n, 0, i, j] lives in row-major order', () => {
    const layout = classLayout(zeros(2, 3, 4));
    // Row m = n·4 + i starts at n·(3·4) + i.
    expect([0, 1, 3, 4, 7].map((m) => rowStart(layout, m))).toEqual([0, 1, 3, 12, 15]);
    expect(rowStart(classLayout(zeros(4, 3)), 2)).toBe(6);
  });

  it('takes one target per row, and only target[0] for a 1-D input (PyTorch 1.13)', () => {
    expect(Array.from(indexTargets(zeros(2, 3), targets([2, 0])))).toEqual([2, 0]);
    expect(Array.from(indexTargets(zeros(3), tensor(1, 'int64')))).toEqual([1]);
    expect(Array.from(indexTargets(zeros(3), targets([1, 2, 0])))).toEqual([1]);
  });

  it('rejects mismatched targets in nll_loss_nd’s order and words', () => {
    expect(() => indexTargets(zeros(2, 3), targets([1, 2, 0]))).toThrow(
      new LossError('Expected input batch_size (2) to match target batch_size (3).', 'ValueError'),
    );
    expect(() => indexTargets(zeros(2, 3), targets([[1], [2]]))).toThrow(
      '0D or 1D target tensor expected, multi-target not supported',
    );
    expect(() => indexTargets(zeros(2, 3, 4, 5), targets([1, 2]))).toThrow(
      'only batches of spatial targets supported (3D tensors) but got targets of dimension: 1',
    );
    expect(() => indexTargets(zeros(2, 3), tensor([1, 2], 'float64'))).toThrow(
      'expected scalar type Long but found Double',
    );
  });

  it('checks class weights and target range with PyTorch’s messages', () => {
    expect(() => checkIndexWeight(zeros(2), zeros(4, 3), 3)).toThrow(
      'weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [2]',
    );
    expect(() => checkIndexWeight(tensor([1, 1, 1], 'float32'), zeros(4, 3), 3)).toThrow(
      'expected scalar type Double but found Float',
    );
    expect(() => checkIndexWeight(undefined, zeros(4, 3), 3)).not.toThrow();
    expect(() => checkTargetRange([0, 3], 3, -100)).toThrow(
      new LossError('Target 3 is out of bounds.', 'IndexError'),
    );
    expect(() => checkTargetRange([0, -100, 2], 3, -100)).not.toThrow();
    expect(() => checkTargetRange([-1], 3, -100)).toThrow('Target -1 is out of bounds.');
  });
});
