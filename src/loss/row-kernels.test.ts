// The row kernels on rows whose answers are known in closed form: logits ln 1, ln 2, ln 3, ln 4
// have softmax (0.1, 0.2, 0.3, 0.4) and log-softmax ln(k/10), so nothing here re-derives the
// kernels' own arithmetic. PyTorch's exact float32 digits are pinned by the fixtures.
import { describe, expect, it } from 'vitest';
import { F32, F64, rowKernels, rowLogSum } from './row-kernels';
import { expectClose, TOLERANCE } from './testing/expect-close';

const LOGITS = [1, 2, 3, 4].map(Math.log);
const PROBABILITIES = [0.1, 0.2, 0.3, 0.4];

/** The row laid out `stride` apart from `start`, with sentinel values everywhere else. */
function strided(values: readonly number[], start: number, stride: number): Float64Array {
  const data = new Float64Array(start + values.length * stride).fill(-7777);
  values.forEach((v, c) => (data[start + c * stride] = v));
  return data;
}

/** The entries of a strided row. */
const rowOf = (data: ArrayLike<number>, start: number, size: number, stride: number) =>
  Array.from({ length: size }, (_, c) => data[start + c * stride] as number);

describe('row kernels', () => {
  for (const [label, start, stride] of [
    ['a contiguous row', 0, 1],
    ['a strided row (another dim)', 2, 3],
  ] as const) {
    describe(label, () => {
      const x = strided(LOGITS, start, stride);

      it('find the max, and the log-sum that makes log-softmax ln(k/10)', () => {
        const max = F64.max(x, start, 4, stride);
        expect(max).toBe(Math.log(4));
        const logSum = rowLogSum(F64, x, start, 4, stride, max);
        expectClose(max + logSum, Math.log(10));
        const out = new Float64Array(x.length);
        F64.logSoftmaxInto(x, start, 4, stride, max, logSum, out);
        expectClose(
          rowOf(out, start, 4, stride),
          PROBABILITIES.map((p) => Math.log(p)),
        );
      });

      it('store the exps and normalise them to the softmax, touching nothing else', () => {
        const out = strided([0, 0, 0, 0], start, stride);
        const max = F64.max(x, start, 4, stride);
        const sum = F64.expInto(x, start, 4, stride, max, out);
        expectClose(sum, 10 / 4);
        F64.normalize(out, start, 4, stride, sum);
        expectClose(rowOf(out, start, 4, stride), PROBABILITIES);
        expect(out.filter((v) => v === -7777)).toHaveLength(out.length - 4);
      });

      it('give the index-target row: log p_y, and goY·(onehot − p) as its gradient', () => {
        const out = new Float64Array(x.length);
        const logProb = F64.indexRow(x, start, 4, stride, 2, -1, out);
        expectClose(logProb, Math.log(0.3));
        expectClose(rowOf(out, start, 4, stride), [0.1, 0.2, -0.7, 0.4]);
      });
    });
  }

  it('compute float32 rows in float32, within a few float32 ulps of the exact values', () => {
    const x = Float32Array.from(LOGITS);
    const out = new Float32Array(4);
    const max = F32.max(x, 0, 4, 1);
    F32.logSoftmaxInto(x, 0, 4, 1, max, rowLogSum(F32, x, 0, 4, 1, max), out);
    expectClose(
      out,
      PROBABILITIES.map((p) => Math.log(p)),
      TOLERANCE.float32,
    );
    const sum = F32.expInto(x, 0, 4, 1, max, out);
    expect(Math.fround(sum)).toBe(sum);
    F32.normalize(out, 0, 4, 1, sum);
    expectClose(out, PROBABILITIES, TOLERANCE.float32);
  });

  it('sum a float32 row of 8 or more in eight lanes, as PyTorch does, and a strided row in order', () => {
    // exp(0) = 1, then 63 terms t ≈ 2^−26, each below half an ulp of 1 (2^−24). In order, 1 + t
    // rounds back to 1 every time. In eight lanes, lanes 1–7 each gather eight t ≈ 2^−23 before
    // meeting the 1 in lane 0: ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)) = 1 + 7·2^−23.
    const tiny = Math.fround(Math.log(2 ** -26));
    const row = [0, ...Array.from({ length: 63 }, () => tiny)];
    expect(F32.sumExp(Float32Array.from(row), 0, 64, 1, 0)).toBe(1 + 7 * 2 ** -23);
    const stridedRow = new Float32Array(128);
    row.forEach((v, c) => (stridedRow[c * 2] = v));
    expect(F32.sumExp(stridedRow, 0, 64, 2, 0)).toBe(1);
  });

  it('follow PyTorch’s NaN rule: NaN, +∞ or an all −∞ row makes every entry NaN', () => {
    for (const row of [
      [1, Number.NaN, 2],
      [Number.NaN, 1, 2],
      [1, Infinity, 2],
      [-Infinity, -Infinity, -Infinity],
    ]) {
      for (const k of [F64, F32]) {
        const x = k === F64 ? Float64Array.from(row) : Float32Array.from(row);
        const out = k === F64 ? new Float64Array(3) : new Float32Array(3);
        const max = k.max(x, 0, 3, 1);
        const sum = k.expInto(x, 0, 3, 1, max, out);
        k.normalize(out, 0, 3, 1, sum);
        expect([...out].every(Number.isNaN), `${k.dtype} softmax of ${String(row)}`).toBe(true);
      }
    }
  });

  it('give a −∞ logit probability 0 and leave the rest exact', () => {
    const x = Float64Array.from([Math.log(1), -Infinity, Math.log(3)]);
    const out = new Float64Array(3);
    expectClose(F64.indexRow(x, 0, 3, 1, 0, -1, out), Math.log(0.25));
    expectClose(out, [-0.75, 0, 0.75]);
  });

  it('give an ignored row (y = −1, goY = 0) a zero gradient, +0 not −0', () => {
    const out = new Float64Array(4);
    expect(F64.indexRow(Float64Array.from(LOGITS), 0, 4, 1, -1, 0, out)).toBeNaN();
    expect([...out].every((v) => Object.is(v, 0))).toBe(true);
  });

  it('pick the kernels by dtype', () => {
    expect(rowKernels('float64')).toBe(F64);
    expect(rowKernels('float32')).toBe(F32);
    expect(F32.round(0.1)).toBe(Math.fround(0.1));
    expect(F64.round(0.1)).toBe(0.1);
  });
});
