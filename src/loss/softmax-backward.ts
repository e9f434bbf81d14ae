// The vector–Jacobian product of softmax: dx = y ⊙ (g − Σ g ⊙ y), for chaining a gradient
// through a softmax without ever forming the C×C Jacobian.
import { sameShape, shapeList } from './broadcast';
import { requireTensor, roundingOf } from './dtype';
import { LossError } from './errors';
import type { DimOptions } from './log-softmax';
import { dimLayout, normalizeDim } from './shape';
import { makeTensor, type Tensor } from './tensor';

/**
 * Gradient with respect to softmax's input, given its output y and the upstream gradient.
 * @example softmaxBackward(tensor([0.5, 0.5]), tensor([1, 0])) // tensor([ 0.2500, -0.2500])
 */
export function softmaxBackward(y: Tensor, gradOutput: Tensor, options: DimOptions = {}): Tensor {
  requireTensor(y, 'softmaxBackward', 'y');
  requireTensor(gradOutput, 'softmaxBackward', 'gradOutput');
  if (!sameShape(y.shape, gradOutput.shape)) {
    throw new LossError(
      `softmaxBackward(): gradOutput must have y's shape ${shapeList(y.shape)}, got ${shapeList(gradOutput.shape)}`,
    );
  }
  const dim = normalizeDim(options.dim ?? -1, y.shape.length);
  const { outer, size, inner } = dimLayout(y.shape, dim);
  const out = makeTensor(
    y.shape,
    y.dtype === 'float32' && gradOutput.dtype === 'float32' ? 'float32' : 'float64',
  );
  const r = roundingOf(out.dtype);
  const p = y.data;
  const g = gradOutput.data;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      // Σ g·y, then y·(g − Σ g·y): PyTorch's order, each step in the dtype.
      let dot = 0;
      for (let k = 0; k < size; k++)
        dot = r(dot + r((g[base + k * inner] as number) * (p[base + k * inner] as number)));
      for (let k = 0; k < size; k++) {
        const at = base + k * inner;
        out.data[at] = r((p[at] as number) * r((g[at] as number) - dot));
      }
    }
  }
  return out;
}
