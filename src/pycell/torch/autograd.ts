// Reverse-mode autograd over a cell's tensors: each result of a differentiable op records a
// node named as PyTorch 1.13 names it (`MulBackward0`, `NllLossBackward0`, …), the edges to its
// inputs' nodes as they were when it ran (so a later in-place op on an input cannot reroute or
// loop the graph), the tensors it saved with their versions, and how to map its output gradient
// to its inputs' gradients. backward() walks the nodes once in reverse topological order and
// accumulates into the leaves' `.grad`, as torch.autograd does, refusing a saved tensor that an
// in-place op has since modified with PyTorch's message.
import { PyException, type Runtime } from '../values';
import { cast, dense, type Dense } from './dense';
import { roundTo, SCALAR_NAMES, type TorchDType } from './dtype';
import type { PyTensor } from './tensor';

/** Where an input's gradient goes: the node that made it, or the leaf's AccumulateGrad. */
export type Edge =
  | { readonly kind: 'node'; readonly node: GradNode; readonly dtype: TorchDType }
  | { readonly kind: 'leaf'; readonly tensor: PyTensor };

/** A tensor a node keeps for its backward, and its version then. */
export interface SavedTensor {
  readonly tensor: PyTensor;
  readonly version: number;
  /** Saved as the node's own output (PyTorch then names the node itself in its error). */
  readonly output: boolean;
}

/** One recorded operation: its printed name, its inputs' edges and its vector–Jacobian product. */
export interface GradNode {
  readonly name: string;
  /** The op's inputs; null where an input does not require grad. */
  readonly inputs: readonly (Edge | null)[];
  /** Each input's gradient given the output's (null for an input that gets none). */
  readonly backward: (g: Dense) => readonly (Dense | null)[];
  /** Whether the node keeps tensors that a backward pass frees (most do; sums and adds do not). */
  readonly saves: boolean;
  /** The tensors whose versions backward checks before it runs. */
  saved: readonly SavedTensor[];
  freed: boolean;
}

/** The edge a new node records for an input: null if the input does not require grad. */
export function edgeOf(t: PyTensor): Edge | null {
  if (!t.requiresGrad) return null;
  const node = t.gradFn;
  return node === null ? { kind: 'leaf', tensor: t } : { kind: 'node', node, dtype: t.dtype };
}

/** A node over the current edges of `inputs`. */
export function makeNode(
  name: string,
  inputs: readonly (PyTensor | null)[],
  backward: GradNode['backward'],
  saves: boolean,
  saved: readonly PyTensor[] = [],
): GradNode {
  return {
    name,
    inputs: inputs.map((t) => (t === null ? null : edgeOf(t))),
    backward,
    saves,
    saved: saved.map((tensor) => ({ tensor, version: tensor.version, output: false })),
    freed: false,
  };
}

/** Gradient of a view's elements scattered into its base's shape (zeros elsewhere). */
function scatterToBase(g: Dense, view: PyTensor, base: PyTensor): Dense {
  const out = dense(base.shape, g.dtype);
  const index = view.elementIndex();
  const r = roundTo(g.dtype);
  for (let i = 0; i < index.length; i++) {
    const k = (index[i] as number) - base.offset;
    out.data[k] = r((out.data[k] as number) + (g.data[i] as number));
  }
  return out;
}

/** AsStridedBackward0: a view's node rebuilt on its base's current node after an in-place write. */
export function asStridedNode(view: PyTensor, base: PyTensor): GradNode {
  return makeNode('AsStridedBackward0', [base], (g) => [scatterToBase(g, view, base)], false);
}

/**
 * CopySlices: the base's node after an in-place op through one of its views. The view's region
 * of the gradient goes to the op's result (`opResult`, whose node leads back to the old base
 * through the view); the rest goes to the base as it was (`oldBase`, an edge taken before).
 */
export function copySlicesNode(
  base: PyTensor,
  oldBase: Edge | null,
  view: PyTensor,
  opResult: PyTensor,
): GradNode {
  const index = view.elementIndex();
  return {
    name: 'CopySlices',
    inputs: [oldBase, edgeOf(opResult)],
    backward: (g) => {
      const rest = dense(g.shape, g.dtype, g.data);
      const region = dense(view.shape, g.dtype);
      for (let i = 0; i < index.length; i++) {
        const k = (index[i] as number) - base.offset;
        region.data[i] = g.data[k] as number;
        rest.data[k] = 0;
      }
      return [rest, region];
    },
    saves: false,
    saved: [],
    freed: false,
  };
}

const FREED =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

/** SavedVariable::unpack's refusal of a saved tensor that an in-place op has modified since. */
function checkSaved(node: GradNode): void {
  for (const s of node.saved) {
    const now = s.tensor.version;
    if (now === s.version) continue;
    const owner = s.output ? node : s.tensor.gradFn;
    // PyTorch names CopySlices by its C++ class here, every other node by its Python name.
    const name = owner?.name === 'CopySlices' ? 'torch::autograd::CopySlices' : owner?.name;
    const which = name === undefined ? '' : `, which is output 0 of ${name},`;
    throw new PyException(
      'RuntimeError',
      `one of the variables needed for gradient computation has been modified by an inplace operation: [torch.${SCALAR_NAMES[s.tensor.dtype]}Tensor [${s.tensor.shape.join(', ')}]]${which} is at version ${now}; expected version ${s.version} instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).`,
    );
  }
}

/** Nodes reachable from the root, each after every node that consumes it (iterative DFS). */
function reverseTopological(root: GradNode): GradNode[] {
  const order: GradNode[] = [];
  const seen = new Set<GradNode>([root]);
  const stack: { n: GradNode; next: number }[] = [{ n: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { n: GradNode; next: number };
    if (top.next < top.n.inputs.length) {
      const edge = top.n.inputs[top.next++];
      if (edge?.kind === 'node' && !seen.has(edge.node)) {
        seen.add(edge.node);
        stack.push({ n: edge.node, next: 0 });
      }
      continue;
    }
    stack.pop();
    order.push(top.n);
  }
  return order.reverse();
}

/** Add b into a (same shape), rounding in a's dtype: a fresh array. */
function addInto(a: Dense, b: Dense): Dense {
  const round = roundTo(a.dtype);
  const out = dense(a.shape, a.dtype, a.data);
  for (let i = 0; i < out.data.length; i++)
    out.data[i] = round((out.data[i] as number) + (b.data[i] as number));
  return out;
}

/** `root.backward(gradient)`: fill the leaves' `.grad`, freeing saved tensors unless retained. */
export function runBackward(
  root: PyTensor,
  gradient: Dense,
  retainGraph: boolean,
  rt: Runtime,
): void {
  const start = edgeOf(root);
  if (start === null) return;
  const leaves = new Map<PyTensor, Dense>();
  const add = <K>(map: Map<K, Dense>, key: K, g: Dense) => {
    const previous = map.get(key);
    map.set(key, previous === undefined ? g : addInto(previous, g));
  };
  if (start.kind === 'leaf') {
    add(leaves, start.tensor, gradient);
  } else {
    const grads = new Map<GradNode, Dense>([[start.node, gradient]]);
    for (const node of reverseTopological(start.node)) {
      const g = grads.get(node);
      grads.delete(node);
      if (g === undefined) continue;
      rt.tick(g.data.length + 1);
      if (node.freed) throw new PyException('RuntimeError', FREED);
      checkSaved(node);
      const inputGrads = node.backward(g);
      if (!retainGraph && node.saves) node.freed = true;
      node.inputs.forEach((edge, i) => {
        const ig = inputGrads[i];
        if (edge === null || ig === null || ig === undefined) return;
        if (edge.kind === 'leaf') {
          add(
            leaves,
            edge.tensor,
            ig.dtype === edge.tensor.dtype ? ig : cast(ig, edge.tensor.dtype),
          );
        } else {
          add(grads, edge.node, ig.dtype === edge.dtype ? ig : cast(ig, edge.dtype));
        }
      });
    }
  }
  for (const [t, g] of leaves) t.accumulateGrad(cast(g, t.dtype));
}

/** Nodes that keep their output (PyTorch's `result`), not their input. */
const KEEPS_OUTPUT = new Set([
  'ExpBackward0',
  'SigmoidBackward0',
  'SqrtBackward0',
  'TanhBackward0',
  'ReluBackward0',
  'SoftmaxBackward0',
  'LogSoftmaxBackward0',
]);
/** Nodes that keep their input and their output. */
const KEEPS_BOTH = new Set(['PowBackward1', 'LogsumexpBackward0', 'MaxBackward1', 'MinBackward1']);
/** Products: each factor is kept only for the other's gradient. */
const PRODUCTS = new Set([
  'MulBackward0',
  'MmBackward0',
  'MvBackward0',
  'DotBackward0',
  'SqueezeBackward3',
]);
/** Nodes that keep nothing a program could modify (shapes, indices, scalars). */
const KEEPS_NOTHING = new Set(['NegBackward0', 'MaxBackward0', 'MinBackward0']);

/**
 * The tensors PyTorch 1.13's node of this name saves (derivatives.yaml), so that backward
 * refuses exactly when PyTorch's does after an in-place op; other nodes keep their inputs.
 */
export function savedByNode(
  name: string,
  inputs: readonly PyTensor[],
  saves: boolean,
): readonly (PyTensor | 'output' | null | undefined)[] {
  if (!saves || KEEPS_NOTHING.has(name)) return [];
  const [a, b] = inputs;
  if (KEEPS_OUTPUT.has(name)) return ['output'];
  if (KEEPS_BOTH.has(name)) return [...inputs, 'output'];
  if (PRODUCTS.has(name) && a !== undefined && b !== undefined) {
    return [b.requiresGrad ? a : null, a.requiresGrad ? b : null];
  }
  if (name === 'DivBackward0' && a !== undefined && b !== undefined) {
    return [b.requiresGrad ? a : null, b];
  }
  return inputs;
}
