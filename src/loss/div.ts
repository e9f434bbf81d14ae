// torch.div(a, b): true division elementwise with broadcasting, in the dtype PyTorch's type
// promotion picks (a 0-d operand does not widen a dimensioned one of its category: a float32
// vector divided by a float64 0-d tensor stays float32); integer quotients come out in the
// default float dtype (float64 here).
import { broadcastShapes } from './broadcast';
import { promoteFloat, requireTensor, roundingOf } from './dtype';
import { broadcastReader } from './elementwise';
import { makeTensor, numel, type DType, type Tensor } from './tensor';

/**
 * a / b elementwise, broadcast as torch.div broadcasts, so exps can be divided by their 0-d sum.
 * @example div(tensor([1, 2]), tensor(4)) // tensor([0.2500, 0.5000])
 */
export function div(a: Tensor, b: Tensor): Tensor {
  requireTensor(a, 'div', 'a');
  requireTensor(b, 'div', 'b');
  const promoted = resultType(a, b);
  const dtype = promoted === 'int64' ? 'float64' : promoted;
  const shape = broadcastShapes(a.shape, b.shape);
  const readA = broadcastReader(a, shape);
  const readB = broadcastReader(b, shape);
  // A float32 quotient of two float32 values, taken in float64 and rounded once, is the
  // correctly rounded float32 quotient (53 ≥ 2·24 + 2 bits), as PyTorch's float division is.
  const round = roundingOf(dtype);
  const out = makeTensor(shape, dtype);
  for (let i = 0; i < numel(shape); i++) out.data[i] = round(readA(i) / readB(i));
  return out;
}

const isFloat = (dtype: DType): boolean => dtype !== 'int64';

/** The wider of two dtypes: a float beats an integer, float64 beats float32. */
function promote(a: DType, b: DType): DType {
  if (!isFloat(a)) return b;
  if (!isFloat(b)) return a;
  return promoteFloat(a, b);
}

/** torch.result_type for two tensors: 0-d operands count only when their category is higher. */
function resultType(a: Tensor, b: Tensor): DType {
  const aZero = a.shape.length === 0;
  const bZero = b.shape.length === 0;
  if (aZero === bZero) return promote(a.dtype, b.dtype);
  const [dimmed, zero] = aZero ? [b, a] : [a, b];
  return isFloat(zero.dtype) && !isFloat(dimmed.dtype) ? zero.dtype : dimmed.dtype;
}
