// torch.sum over chosen dims in PyTorch 1.13's CPU summation order. Its own module so that the
// pages whose cells only validate a reduction do not load it (reduction.ts is in every cell's chunk).
import { cascadeLane, keep, lanesOf, rowSum, vectorSum, type Round } from './reduction';

/** One dim of the sum's iteration: its size and its strides (in elements) in input and output. */
interface SumDim {
  size: number;
  input: number;
  output: number;
}

/**
 * torch.sum(x, dims, keepdim=True) of a contiguous row-major tensor, in PyTorch 1.13's CPU order
 * (one thread), returned row-major in the kept shape; `dims` empty sums nothing (each element is
 * 0 + x). Float32 rounds every partial sum; float64 is the same order in doubles, which is what
 * takes a long float64 row to PyTorch's last bit (an in-order loop drifts by tens of ulps on a
 * row of 1000). Integers are exact below 2^53 in any order.
 *
 * The order is TensorIterator's: dims listed innermost first with size-1 dims dropped, reduced
 * dims moved in front of kept ones, neighbours merged where both strides continue (a reduced run
 * of contiguous dims becomes one row). The first two dims form the 2-d loop cascade_sum runs; the
 * rest are walked innermost first and each 2-d result is added into the output (which starts at
 * +0). In the 2-d loop (reduced dim first): a contiguous reduced dim of at least one register is
 * vectorSum per output; else contiguous outputs of at least one register take cascadeLane per
 * column in blocks of 4 registers and rowSum after; else rowSum per output, or cascadeLane in
 * blocks of 4 outputs when the reduced stride is the larger. Two limits, each within a few ulps:
 * PyTorch splits a reduction of 32768 or more elements across threads (this is its one-thread
 * order), and it sums a strided view (a transpose, a column slice) in the view's memory order,
 * where a caller holding only the contiguous copy gets the contiguous order.
 */
export function sumOverDims(
  float32: boolean,
  values: ArrayLike<number>,
  shape: readonly number[],
  dims: readonly number[],
): number[] {
  const r = float32 ? Math.fround : keep;
  const reduced = new Set(dims);
  const n = shape.length;
  const inStrides = new Array<number>(n);
  const outStrides = new Array<number>(n);
  let inSize = 1;
  let outSize = 1;
  for (let d = n - 1; d >= 0; d--) {
    const size = shape[d] as number;
    inStrides[d] = inSize;
    inSize *= size;
    // The kept-shape output: stride 0 along a reduced dim, so its terms meet in one element.
    outStrides[d] = reduced.has(d) ? 0 : outSize;
    if (!reduced.has(d)) outSize *= size;
  }
  const out = new Array<number>(outSize).fill(0);
  if (inSize === 0) return out;
  const order: SumDim[] = [];
  for (const wantReduced of [true, false]) {
    for (let d = n - 1; d >= 0; d--) {
      if (shape[d] === 1 || reduced.has(d) !== wantReduced) continue;
      order.push({
        size: shape[d] as number,
        input: inStrides[d] as number,
        output: outStrides[d] as number,
      });
    }
  }
  const loop: SumDim[] = [];
  for (const dim of order) {
    const last = loop[loop.length - 1];
    if (
      last !== undefined &&
      last.size * last.input === dim.input &&
      last.size * last.output === dim.output
    ) {
      last.size *= dim.size;
    } else {
      loop.push({ ...dim });
    }
  }
  const none: SumDim = { size: 1, input: 0, output: 0 };
  const [d0 = none, d1 = none, ...outer] = loop;
  const counters = outer.map(() => 0);
  let inBase = 0;
  let outBase = 0;
  for (;;) {
    sum2d(values, out, inBase, outBase, d0, d1, float32, r);
    let k = 0;
    for (; k < outer.length; k++) {
      const dim = outer[k] as SumDim;
      inBase += dim.input;
      outBase += dim.output;
      if (++(counters[k] as number) < dim.size) break;
      counters[k] = 0;
      inBase -= dim.input * dim.size;
      outBase -= dim.output * dim.size;
    }
    if (k === outer.length) return out;
  }
}

/** cascade_sum's 2-d loop over dims a and b, each result added into `out` (see sumOverDims). */
function sum2d(
  values: ArrayLike<number>,
  out: number[],
  inBase: number,
  outBase: number,
  a: SumDim,
  b: SumDim,
  float32: boolean,
  r: Round,
): void {
  // The reduced dim goes first when only the second one is reduced.
  if (a.output !== 0 && b.output === 0) [a, b] = [b, a];
  const add = (j: number, value: number): void => {
    const at = outBase + j * b.output;
    out[at] = r((out[at] as number) + value);
  };
  if (a.output !== 0) {
    // No reduced dim in this loop (they all have size 1): each output is 0 + its one term.
    for (let j = 0; j < b.size; j++) {
      for (let i = 0; i < a.size; i++) {
        const at = outBase + i * a.output + j * b.output;
        out[at] = r((out[at] as number) + (values[inBase + i * a.input + j * b.input] as number));
      }
    }
    return;
  }
  const lanes = lanesOf(float32);
  let j = 0;
  if (a.input === 1 && a.size >= lanes) {
    for (; j < b.size; j++) add(j, vectorSum(values, inBase + j * b.input, 1, a.size, float32));
    return;
  }
  // Blocks of outputs summed side by side (register lanes, or four scalar columns): each one
  // cascade down the reduced dim; the outputs after the last whole block take rowSum.
  const block = b.input === 1 && b.size >= lanes ? 4 * lanes : a.input < b.input ? 0 : 4;
  if (block > 0) {
    for (; j + block <= b.size; j += block) {
      for (let c = j; c < j + block; c++) {
        add(c, cascadeLane(values, inBase + c * b.input, a.input, a.size, r));
      }
    }
  }
  for (; j < b.size; j++) add(j, rowSum(values, inBase + j * b.input, a.input, a.size, r));
}
