// The torch module driven directly, as the evaluator drives it: attribute lookups, calls with
// positional and keyword arguments, operators. Expected texts were printed by PyTorch 1.13.
import { describe, expect, it } from 'vitest';
import {
  PyException,
  PyObject,
  pyFloat,
  pyInt,
  pyList,
  pyStr,
  type PyValue,
  type Runtime,
} from '../values';
import { runProgram } from '../index';
import { createTorch } from './index';

const runtime = (): Runtime => ({
  tick: () => undefined,
  checkElements: () => undefined,
  gradEnabled: true,
});

/** A tiny driver: `at(obj, 'a.b')`, `call(fn, args, kwargs)`, Python lists of numbers. */
function driver() {
  const rt = runtime();
  const torch = createTorch();
  const at = (obj: PyValue, path: string): PyValue =>
    path.split('.').reduce<PyValue>((o, name) => {
      const v = (o as PyObject).getAttr(name, rt);
      if (v === undefined) throw new Error(`no attribute ${name}`);
      return v;
    }, obj);
  const call = (fn: PyValue, args: PyValue[] = [], kwargs: Record<string, PyValue> = {}): PyValue =>
    (fn as PyObject).call?.(args, new Map(Object.entries(kwargs)), rt) as PyValue;
  const list = (v: unknown): PyValue =>
    Array.isArray(v)
      ? pyList(v.map(list))
      : Number.isInteger(v) && !String(v).includes('.')
        ? pyInt(v as number)
        : pyFloat(v as number);
  const floats = (v: unknown): PyValue =>
    Array.isArray(v) ? pyList(v.map(floats)) : pyFloat(v as number);
  const show = (v: PyValue): string => (v as PyObject).repr(rt);
  const raised = (f: () => unknown): string => {
    try {
      f();
    } catch (error) {
      if (error instanceof PyException) return error.line;
      throw error;
    }
    return 'no error';
  };
  return { rt, torch, at, call, list, floats, show, raised };
}

describe('createTorch', () => {
  it('computes cross-entropy and its gradient through autograd (gradient-explorer/default)', () => {
    const { torch, at, call, floats, list, show } = driver();
    const o = call(at(torch, 'tensor'), [floats([[1, 2, 0.5]])], {
      dtype: at(torch, 'float64'),
      requires_grad: { kind: 'bool', value: true },
    });
    const target = call(at(torch, 'tensor'), [list([0])]);
    const loss = call(at(torch, 'nn.functional.cross_entropy'), [o, target]);
    expect(show(loss)).toBe('tensor(1.4644, dtype=torch.float64, grad_fn=<NllLossBackward0>)');
    call(at(loss, 'backward'));
    expect(show(call(at(loss, 'detach')))).toBe('tensor(1.4644, dtype=torch.float64)');
    expect(show(at(o, 'grad'))).toBe('tensor([[-0.7688,  0.6285,  0.1402]], dtype=torch.float64)');
    const p = call(at(torch, 'softmax'), [o], { dim: pyInt(1) });
    expect(show(p)).toBe(
      'tensor([[0.2312, 0.6285, 0.1402]], dtype=torch.float64,\n       grad_fn=<SoftmaxBackward0>)',
    );
  });

  it('averages a batch with nn.CrossEntropyLoss and fills x.grad (batch-playground/default)', () => {
    const { torch, at, call, floats, list, show } = driver();
    const x = call(
      at(torch, 'tensor'),
      [
        floats([
          [1, 2, 3],
          [0.5, -1, 2],
          [3, 0, -2],
          [0.1, 0.2, 0.3],
        ]),
      ],
      { requires_grad: { kind: 'bool', value: true } },
    );
    const target = call(at(torch, 'tensor'), [list([2, 0, 1, 2])]);
    const criterion = call(at(torch, 'nn.CrossEntropyLoss'), [], { reduction: pyStr('mean') });
    const loss = call(criterion, [x, target]);
    call(at(loss, 'backward'));
    expect(show(call(at(loss, 'detach')))).toBe('tensor(1.5515)');
    expect(show(at(x, 'grad'))).toBe(
      'tensor([[ 0.0225,  0.0612, -0.0837],\n        [-0.2062,  0.0098,  0.1964],\n        [ 0.2366, -0.2382,  0.0016],\n        [ 0.0752,  0.0831, -0.1582]])',
    );
  });

  it('raises PyTorch errors with their exception types', () => {
    const { torch, at, call, floats, list, raised } = driver();
    const x = call(at(torch, 'tensor'), [floats([[1, 2, 0.5]])]);
    expect(
      raised(() =>
        call(at(torch, 'nn.functional.cross_entropy'), [x, call(at(torch, 'tensor'), [list([5])])]),
      ),
    ).toBe('IndexError: Target 5 is out of bounds.');
    expect(raised(() => call(at(x, 'backward')))).toBe(
      'RuntimeError: element 0 of tensors does not require grad and does not have a grad_fn',
    );
    expect(
      raised(() => call(at(torch, 'nn.functional.cross_entropy'), [x], { foo: pyInt(1) })),
    ).toBe("TypeError: cross_entropy() got an unexpected keyword argument 'foo'");
  });
});

describe('hostile programs', () => {
  const header = 'import torch\nimport torch.nn.functional as F\n';
  it('refuses an oversized broadcast, one_hot or index before allocating it', () => {
    for (const line of [
      'z = torch.zeros(1000000, 1) + torch.zeros(1, 1000000)',
      'z = torch.zeros(1000000, 1) < torch.zeros(1, 1000000)',
      'z = F.one_hot(torch.tensor([0]), 10**9)',
      'z = torch.zeros(100000, 100000)',
      'j = torch.zeros(2000, dtype=torch.long)\nz = torch.zeros(1000, 1000)[j]',
    ]) {
      expect(runProgram(header + line).error).toMatch(/^RuntimeError: a tensor of \d+ elements/);
    }
  });

  it('charges reductions and losses for the elements they read, so loops over large tensors stop fast', () => {
    for (const body of [
      'x = torch.ones(1000, 1000)\nfor i in range(1000000):\n    s = x.sum()',
      'x = torch.ones(1000, 1000)\nfor i in range(1000000):\n    s = x.max(dim=0)',
      'x = torch.ones(1000, 1000)\nfor i in range(1000000):\n    s = x.argmax()',
      'x = torch.ones(1000, 1000)\nfor i in range(1000000):\n    s = x > 0',
      'x = torch.zeros(1000, 1000)\nt = torch.zeros(1000, dtype=torch.long)\nfor i in range(1000000):\n    l = F.cross_entropy(x, t)',
    ]) {
      const start = performance.now();
      expect(runProgram(header + body).error).toMatch(
        /^RuntimeError: the program ran more than 5,000,000 operations/,
      );
      expect(performance.now() - start).toBeLessThan(2000);
    }
  });

  it('backpropagates through a long chain without exhausting the stack', () => {
    const source = `${header}x = torch.tensor([1.0], requires_grad=True)\ny = x\nfor i in range(20000):\n    y = y * 1.0\ny.backward()\nprint(x.grad)`;
    expect(runProgram(source)).toMatchObject({ stdout: 'tensor([1.])\n', error: null });
  });

  it('refuses what could not match PyTorch with a clear message', () => {
    expect(runProgram(`${header}x = torch.randn(3)`).error).toMatch(
      /^NotImplementedError: torch\.randn is not supported in this cell/,
    );
    expect(runProgram(`${header}layer = torch.nn.Linear(2, 3)`).error).toMatch(
      /^NotImplementedError: nn\.Linear is not supported in this cell/,
    );
  });
});
