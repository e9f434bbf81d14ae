// Tensor subscripts as PyTorch reads them: ints, slices, None and `...` pick a strided view
// (SelectBackward0 / SliceBackward0 / UnsqueezeBackward0 after the last step taken); index
// tensors or lists on the leading dims and a boolean mask gather elements (IndexBackward0).
import { PyException, type PyValue, type Runtime } from '../values';
import { broadcastIndex, broadcastShapes, dense, numel, type Dense } from './dense';
import { roundTo } from './dtype';
import { result } from './ops';
import { PyTensor, type TorchContext } from './tensor';

/** Which input element each output element reads, the output's shape and the node's name. */
interface Gather {
  readonly shape: number[];
  readonly index: Int32Array;
  readonly name: string;
}

const INVALID_0D =
  'invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number';

function isAdvanced(v: PyValue): boolean {
  return v instanceof PyTensor || v.kind === 'list';
}

/** Python's slice.indices for a positive step. */
function sliceRange(
  s: Extract<PyValue, { kind: 'slice' }>,
  size: number,
): { start: number; length: number; step: number } {
  const step = s.step ?? 1;
  if (step <= 0) throw new PyException('ValueError', 'step must be greater than zero');
  const clamp = (v: number | null, fallback: number) => {
    if (v === null) return fallback;
    const w = v < 0 ? v + size : v;
    return Math.min(Math.max(w, 0), size);
  };
  const start = clamp(s.start, 0);
  const stop = clamp(s.stop, size);
  return { start, length: Math.max(0, Math.ceil((stop - start) / step)), step };
}

/** Ints, slices, None and `...`: a strided view. */
function basic(shape: readonly number[], items: readonly PyValue[]): Gather {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, s) => p * s, 1));
  const consumed = items.filter((v) => v.kind !== 'none' && v.kind !== 'ellipsis').length;
  if (consumed > shape.length) {
    if (shape.length === 0) throw new PyException('IndexError', INVALID_0D);
    throw new PyException('IndexError', `too many indices for tensor of dimension ${shape.length}`);
  }
  const out: { size: number; stride: number }[] = [];
  let offset = 0;
  let dim = 0;
  let name = 'SliceBackward0';
  for (const item of items) {
    if (item.kind === 'ellipsis') {
      for (const end = dim + shape.length - consumed; dim < end; dim++) {
        out.push({ size: shape[dim] as number, stride: strides[dim] as number });
      }
    } else if (item.kind === 'none') {
      out.push({ size: 1, stride: 0 });
      name = 'UnsqueezeBackward0';
    } else if (item.kind === 'int' || item.kind === 'bool') {
      const size = shape[dim] as number;
      const raw = item.kind === 'bool' ? Number(item.value) : item.value;
      const i = raw < 0 ? raw + size : raw;
      if (i < 0 || i >= size) {
        throw new PyException(
          'IndexError',
          `index ${raw} is out of bounds for dimension ${dim} with size ${size}`,
        );
      }
      offset += i * (strides[dim] as number);
      dim++;
      name = 'SelectBackward0';
    } else if (item.kind === 'slice') {
      const size = shape[dim] as number;
      const { start, length, step } = sliceRange(item, size);
      offset += start * (strides[dim] as number);
      out.push({ size: length, stride: (strides[dim] as number) * step });
      if (!(start === 0 && length === size && step === 1)) name = 'SliceBackward0';
      dim++;
    } else {
      throw new PyException(
        'IndexError',
        'only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got ' +
          (item.kind === 'object' ? item.typeName : item.kind) +
          ')',
      );
    }
  }
  for (; dim < shape.length; dim++)
    out.push({ size: shape[dim] as number, stride: strides[dim] as number });
  const outShape = out.map((d) => d.size);
  const index = new Int32Array(numel(outShape));
  const counter = new Array<number>(out.length).fill(0);
  let source = offset;
  for (let flat = 0; flat < index.length; flat++) {
    index[flat] = source;
    for (let d = out.length - 1; d >= 0; d--) {
      const od = out[d] as { size: number; stride: number };
      counter[d] = (counter[d] as number) + 1;
      source += od.stride;
      if ((counter[d] as number) < od.size) break;
      source -= od.stride * od.size;
      counter[d] = 0;
    }
  }
  return { shape: outShape, index, name };
}

/** An index list or tensor as integer values with its shape. */
function indexValues(v: PyValue): Dense {
  if (v instanceof PyTensor) return v.value;
  if (v.kind === 'int') return dense([], 'int64', [v.value]);
  if (v.kind === 'list') {
    const flat: number[] = [];
    let bools = true;
    for (const item of v.items) {
      if (item.kind === 'int') bools = false;
      else if (item.kind !== 'bool')
        throw new PyException('IndexError', 'index lists may hold only ints or bools in this cell');
      flat.push(item.kind === 'bool' ? Number(item.value) : item.value);
    }
    return dense([flat.length], bools && flat.length > 0 ? 'bool' : 'int64', flat);
  }
  throw new PyException(
    'IndexError',
    'only integers, slices, None, ellipsis and index tensors are valid indices',
  );
}

/** Index tensors on the leading dims (broadcast together), or one boolean mask. */
function advanced(
  shape: readonly number[],
  items: readonly PyValue[],
  check: (n: number) => void,
): Gather {
  const values = items.map((v) => {
    if (v.kind === 'slice' || v.kind === 'none' || v.kind === 'ellipsis') {
      throw new PyException(
        'IndexError',
        'this cell supports index tensors only on the leading dims, without slices beside them',
      );
    }
    return indexValues(v);
  });
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, s) => p * s, 1));
  if (values.length === 1 && values[0]?.dtype === 'bool') {
    const mask = values[0];
    if (mask.shape.some((s, i) => s !== shape[i])) {
      throw new PyException(
        'IndexError',
        `The shape of the mask [${mask.shape.join(', ')}] at index 0 does not match the shape of the indexed tensor [${shape.join(', ')}] at index 0`,
      );
    }
    const inner = numel(shape.slice(mask.shape.length));
    const picks: number[] = [];
    mask.data.forEach((m, i) => {
      if (m !== 0) for (let k = 0; k < inner; k++) picks.push(i * inner + k);
    });
    return {
      shape: [picks.length / Math.max(inner, 1), ...shape.slice(mask.shape.length)],
      index: Int32Array.from(picks),
      name: 'IndexBackward0',
    };
  }
  if (values.length > shape.length)
    throw new PyException('IndexError', `too many indices for tensor of dimension ${shape.length}`);
  let bshape: number[] = [];
  for (const v of values) {
    if (v.dtype !== 'int64' && v.dtype !== 'int32' && v.dtype !== 'uint8') {
      throw new PyException(
        'IndexError',
        'tensors used as indices must be long, int, byte or bool tensors',
      );
    }
    bshape = broadcastShapes(bshape, v.shape);
  }
  const rest = shape.slice(values.length);
  const inner = numel(rest);
  const count = numel(bshape);
  check(count * inner);
  const readers = values.map((v) => broadcastIndex(bshape, v.shape));
  const index = new Int32Array(count * inner);
  for (let j = 0; j < count; j++) {
    let base = 0;
    values.forEach((v, d) => {
      const size = shape[d] as number;
      const raw = v.data[(readers[d] as Int32Array)[j] as number] as number;
      const i = raw < 0 ? raw + size : raw;
      if (i < 0 || i >= size)
        throw new PyException(
          'IndexError',
          `index ${raw} is out of bounds for dimension ${d} with size ${size}`,
        );
      base += i * (strides[d] as number);
    });
    for (let k = 0; k < inner; k++) index[j * inner + k] = base + k;
  }
  return { shape: [...bshape, ...rest], index, name: 'IndexBackward0' };
}

function gatherOf(x: PyTensor, key: PyValue, rt: Runtime): Gather {
  const items = key.kind === 'tuple' ? key.items : [key];
  if (x.shape.length === 0 && items.some((v) => v.kind === 'int'))
    throw new PyException('IndexError', INVALID_0D);
  return items.some(isAdvanced)
    ? advanced(x.shape, items, (n) => rt.checkElements(n))
    : basic(x.shape, items);
}

/** `x[key]`. */
export function getItem(ctx: TorchContext, x: PyTensor, key: PyValue, rt: Runtime): PyTensor {
  const g = gatherOf(x, key, rt);
  const out = dense(g.shape, x.dtype);
  g.index.forEach((k, i) => (out.data[i] = x.value.data[k] as number));
  return result(
    ctx,
    out,
    rt,
    g.name,
    [x],
    (grad) => {
      const gx = dense(x.shape, grad.dtype);
      const r = roundTo(grad.dtype);
      g.index.forEach(
        (k, i) => (gx.data[k] = r((gx.data[k] as number) + (grad.data[i] as number))),
      );
      return [gx];
    },
    false,
  );
}

/** `x[key] = value`: writes into x's storage, as PyTorch's in-place copy does. */
export function setItem(
  _ctx: TorchContext,
  x: PyTensor,
  key: PyValue,
  value: Dense,
  rt: Runtime,
): void {
  if (rt.gradEnabled && x.requiresGrad) {
    if (x.isLeaf) {
      throw new PyException(
        'RuntimeError',
        'a view of a leaf Variable that requires grad is being used in an in-place operation.',
      );
    }
    throw new PyException(
      'RuntimeError',
      'assigning into a tensor that requires grad is not supported in this cell; do it under torch.no_grad() or on a detached copy',
    );
  }
  const g = gatherOf(x, key, rt);
  const reader = broadcastIndex(g.shape, value.shape);
  broadcastShapes(g.shape, value.shape);
  const r = roundTo(x.dtype);
  g.index.forEach((k, i) => (x.value.data[k] = r(value.data[reader[i] as number] as number)));
  rt.tick(g.index.length + 1);
}
