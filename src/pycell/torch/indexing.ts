// Tensor subscripts as PyTorch reads them: ints, slices, None and `...` pick a strided view
// (SelectBackward0 / SliceBackward0 / UnsqueezeBackward0 after the last step taken); index
// tensors or lists on the leading dims and a boolean mask gather elements (IndexBackward0).
import { PyException, type PyValue, type Runtime } from '../values';
import { asStridedNode, copySlicesNode, edgeOf, makeNode } from './autograd';
import {
  broadcastIndex,
  broadcastShapes,
  cast,
  dense,
  numel,
  sumToShape,
  type Dense,
} from './dense';
import { roundTo } from './dtype';
import { result, viewOf } from './ops';
import { PyTensor, type Layout, type TorchContext } from './tensor';

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

/** Ints, slices, None and `...`: a view (its layout in x's storage) and its node's name. */
function basic(x: PyTensor, items: readonly PyValue[]): { layout: Layout; name: string } {
  const shape = x.shape;
  const consumed = items.filter((v) => v.kind !== 'none' && v.kind !== 'ellipsis').length;
  if (consumed > shape.length) {
    if (shape.length === 0) throw new PyException('IndexError', INVALID_0D);
    throw new PyException('IndexError', `too many indices for tensor of dimension ${shape.length}`);
  }
  const sizes: number[] = [];
  const strides: number[] = [];
  let offset = x.offset;
  let dim = 0;
  let name = 'SliceBackward0';
  const keep = (size: number, stride: number) => {
    sizes.push(size);
    strides.push(stride);
  };
  for (const item of items) {
    if (item.kind === 'ellipsis') {
      for (const end = dim + shape.length - consumed; dim < end; dim++) {
        keep(shape[dim] as number, x.strides[dim] as number);
      }
    } else if (item.kind === 'none') {
      keep(1, 0);
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
      offset += i * (x.strides[dim] as number);
      dim++;
      name = 'SelectBackward0';
    } else if (item.kind === 'slice') {
      const size = shape[dim] as number;
      const { start, length, step } = sliceRange(item, size);
      offset += start * (x.strides[dim] as number);
      keep(length, (x.strides[dim] as number) * step);
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
  for (; dim < shape.length; dim++) keep(shape[dim] as number, x.strides[dim] as number);
  return { layout: { shape: sizes, strides, offset }, name };
}

/** Where each element of a view of x sits in x's own row-major order. */
function positionsIn(x: PyTensor, view: PyTensor): Int32Array {
  const own = x.elementIndex();
  const where = new Map<number, number>();
  own.forEach((k, i) => where.set(k, i));
  return Int32Array.from(view.elementIndex(), (k) => where.get(k) as number);
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

function itemsOf(x: PyTensor, key: PyValue): readonly PyValue[] {
  const items = key.kind === 'tuple' ? key.items : [key];
  if (x.shape.length === 0 && items.some((v) => v.kind === 'int'))
    throw new PyException('IndexError', INVALID_0D);
  return items;
}

/** `x[key]`: a view for ints, slices, None and `...`; a gathered copy for index tensors and masks. */
export function getItem(ctx: TorchContext, x: PyTensor, key: PyValue, rt: Runtime): PyTensor {
  const items = itemsOf(x, key);
  if (!items.some(isAdvanced)) {
    const { layout, name } = basic(x, items);
    let view: PyTensor | null = null;
    view = viewOf(x, layout, name, rt, (grad) => {
      const gx = dense(x.shape, grad.dtype);
      const at = positionsIn(x, view as PyTensor);
      at.forEach((k, i) => (gx.data[k] = (gx.data[k] as number) + (grad.data[i] as number)));
      return [gx];
    });
    return view;
  }
  const g = advanced(x.shape, items, (n) => rt.checkElements(n));
  const out = dense(g.shape, x.dtype);
  const values = x.value.data;
  g.index.forEach((k, i) => (out.data[i] = values[k] as number));
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

const NO_GRAD_VIEW =
  "A view was created in no_grad mode and is being modified inplace with grad mode enabled. Given that this use case is ambiguous and error-prone, it is forbidden. You can clarify your code by moving both the view and the inplace either both inside the no_grad block (if you don't want the inplace to be tracked) or both outside (if you want the inplace to be tracked).";

/** PyTorch's refusals of an in-place op on `self` (a leaf, a view of a leaf, a no-grad view). */
export function checkInPlace(self: PyTensor, rt: Runtime): void {
  if (!rt.gradEnabled) return;
  const base = self.base;
  if (base === null) {
    if (self.requiresGrad && self.isLeaf) {
      throw new PyException(
        'RuntimeError',
        'a leaf Variable that requires grad is being used in an in-place operation.',
      );
    }
    return;
  }
  if (base.requiresGrad && base.isLeaf && self.viewMadeWithGrad) {
    throw new PyException(
      'RuntimeError',
      'a view of a leaf Variable that requires grad is being used in an in-place operation.',
    );
  }
  if (base.requiresGrad && !self.viewMadeWithGrad)
    throw new PyException('RuntimeError', NO_GRAD_VIEW);
}

/** Whether self, or the base it views, requires grad. */
function tracksGrad(self: PyTensor): boolean {
  return self.requiresGrad || (self.base?.requiresGrad ?? false);
}

/**
 * Finish an in-place op on `self` whose new values are `out`'s (same shape): write them through
 * self's storage (its base and other views see them) and bump the version. With grad, self takes
 * out's node (or `constantName`'s, passing no gradient back, when out is a constant), or, through
 * a view, the base becomes CopySlices and the view AsStridedBackward0.
 */
export function commitInPlace(
  self: PyTensor,
  out: PyTensor,
  rt: Runtime,
  constantName = 'CopyBackwards',
): void {
  const values = out.dtype === self.dtype ? out.value : cast(out.value, self.dtype);
  rt.tick(values.data.length + 1);
  const tracked = rt.gradEnabled && (out.gradFn !== null || tracksGrad(self));
  const base = self.base;
  if (!tracked) {
    self.assign(values.data);
    return;
  }
  if (base === null) {
    const node =
      out.gradFn ?? makeNode(constantName, [self], (g) => [dense(self.shape, g.dtype)], false);
    self.assign(values.data);
    self.gradFn = node;
    self.requiresGrad = true;
    return;
  }
  const oldBase = edgeOf(base);
  self.assign(values.data);
  base.gradFn = copySlicesNode(base, oldBase, self, out);
  base.requiresGrad = true;
  self.gradFn = asStridedNode(self, base);
  self.requiresGrad = true;
}

/** `x[key] = value`: a copy into the view x[key] (CopySlices with grad), or index_put_ for index tensors. */
export function setItem(
  ctx: TorchContext,
  x: PyTensor,
  key: PyValue,
  value: PyTensor,
  rt: Runtime,
): void {
  const items = itemsOf(x, key);
  if (!items.some(isAdvanced)) {
    const { layout } = basic(x, items);
    const target = x.viewAs(layout, x.base === null ? true : x.viewMadeWithGrad);
    checkInPlace(target, rt);
    const shape = broadcastShapes(target.shape, value.shape);
    if (shape.join() !== target.shape.join()) {
      throw new PyException(
        'RuntimeError',
        `output with shape [${target.shape.join(', ')}] doesn't match the broadcast shape [${shape.join(', ')}]`,
      );
    }
    const reader = broadcastIndex(target.shape, value.shape);
    const r = roundTo(x.dtype);
    const source = value.value.data;
    const copied = dense(
      target.shape,
      x.dtype,
      Array.from(reader, (k) => r(source[k] as number)),
    );
    // copy_'s node: the source's gradient, summed back to its shape.
    const out = result(
      ctx,
      copied,
      rt,
      'CopyBackwards',
      [value],
      (g) => [sumToShape(g, value.shape)],
      false,
    );
    commitInPlace(target, out, rt);
    return;
  }
  const tracked = rt.gradEnabled && (x.requiresGrad || value.requiresGrad);
  if (tracked) {
    throw new PyException(
      'NotImplementedError',
      'assigning through index tensors or masks (index_put_) into a tensor that requires grad is not supported in this cell; assign with ints and slices, or under torch.no_grad()',
    );
  }
  const g = advanced(x.shape, items, (n) => rt.checkElements(n));
  const reader = broadcastIndex(g.shape, value.shape);
  broadcastShapes(g.shape, value.shape);
  const r = roundTo(x.dtype);
  const own = x.elementIndex();
  const data = x.storage.data;
  const source = value.value.data;
  g.index.forEach((k, i) => (data[own[k] as number] = r(source[reader[i] as number] as number)));
  x.storage.writes++;
  x.counter.version++;
  rt.tick(g.index.length + 1);
}
