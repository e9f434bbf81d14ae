// Reverse-mode autograd over a cell's tensors: each result of a differentiable op records a
// node named as PyTorch 1.13 names it (`MulBackward0`, `NllLossBackward0`, …) and how to map
// its output gradient to its inputs' gradients; backward() walks the graph once in reverse
// topological order and accumulates into the leaves' `.grad`, as torch.autograd does.
import { PyException, type Runtime } from '../values';
import { cast, dense, type Dense } from './dense';
import { roundTo } from './dtype';
import type { PyTensor } from './tensor';

/** One recorded operation: its printed name, its inputs and its vector–Jacobian product. */
export interface GradNode {
  readonly name: string;
  /** The op's tensor inputs; null where an input does not require grad. */
  readonly inputs: readonly (PyTensor | null)[];
  /** Each input's gradient given the output's (null for an input that gets none). */
  readonly backward: (g: Dense) => readonly (Dense | null)[];
  /** Whether the node keeps tensors that a backward pass frees (most do; sums and adds do not). */
  readonly saves: boolean;
  freed: boolean;
}

const FREED =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward.';

/** Tensors reachable from the root, each after every tensor computed from it (iterative DFS). */
function reverseTopological(root: PyTensor): PyTensor[] {
  const order: PyTensor[] = [];
  const seen = new Set<PyTensor>([root]);
  const stack: { t: PyTensor; next: number }[] = [{ t: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { t: PyTensor; next: number };
    const inputs = top.t.gradFn?.inputs ?? [];
    if (top.next < inputs.length) {
      const input = inputs[top.next++];
      if (input !== null && input !== undefined && !seen.has(input)) {
        seen.add(input);
        stack.push({ t: input, next: 0 });
      }
      continue;
    }
    stack.pop();
    order.push(top.t);
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
  const grads = new Map<PyTensor, Dense>([[root, gradient]]);
  for (const t of reverseTopological(root)) {
    const g = grads.get(t);
    grads.delete(t);
    if (g === undefined) continue;
    rt.tick(g.data.length + 1);
    const node = t.gradFn;
    if (node === null) {
      if (t.requiresGrad) t.accumulateGrad(cast(g, t.dtype));
      continue;
    }
    if (node.freed) throw new PyException('RuntimeError', FREED);
    const inputGrads = node.backward(g);
    if (!retainGraph && node.saves) node.freed = true;
    node.inputs.forEach((input, i) => {
      const ig = inputGrads[i];
      if (input === null || ig === null || ig === undefined) return;
      const typed = ig.dtype === input.dtype ? ig : cast(ig, input.dtype);
      const previous = grads.get(input);
      grads.set(input, previous === undefined ? typed : addInto(previous, typed));
    });
  }
}
