import { describe, expect, it } from 'vitest';
import { runSource, type Modules } from './evaluate';
import { runProgram } from './run';
import { PyObject, pyStr, type PyValue } from './values';

// Every run starts from nothing: no program's names, grad mode, module changes or spent
// operation budget reach the next run, in whatever order runs come. stdout and the error lines
// were recorded from PyTorch 1.13 on CPython 3.11 (each program exec'd in a fresh namespace).
const programs: Record<string, { code: string; stdout: string; error: string | null }> = {
  noGradFails: {
    code: 'import torch\nwith torch.no_grad():\n    y = torch.ones(1, requires_grad=True) * 2\n    print(y.requires_grad)\n    1 / 0',
    stdout: 'False\n',
    error: 'ZeroDivisionError: division by zero',
  },
  grad: {
    code: 'import torch\nx = torch.ones(1, requires_grad=True) * 2\nprint(x.requires_grad, x)',
    stdout: 'True tensor([2.], grad_fn=<MulBackward0>)\n',
    error: null,
  },
  // Python lets a program change a module for every later user; the cell refuses, naming it.
  setPi: {
    code: 'import math\nmath.pi = 3',
    stdout: '',
    error: "AttributeError: module 'math' attribute 'pi' cannot be set in this cell (line 2)",
  },
  setTorchName: {
    code: 'import torch\ntorch.float32 = torch.float64',
    stdout: '',
    error: "AttributeError: module 'torch' attribute 'float32' cannot be set in this cell (line 2)",
  },
  readPi: { code: 'import math\nprint(math.pi)', stdout: '3.141592653589793\n', error: null },
  dtype: {
    code: 'import torch\nprint(torch.ones(1, dtype=torch.float32).dtype)',
    stdout: 'torch.float32\n',
    error: null,
  },
  shadowPrint: {
    code: 'x = [1]\nx.extend(x)\nprint(x)\nprint = 5',
    stdout: '[1, 1]\n',
    error: null,
  },
  fresh: { code: 'print(x)', stdout: '', error: "NameError: name 'x' is not defined" },
  percent: { code: "print('%d|%5.2f' % (3, 2.5))", stdout: '3| 2.50\n', error: null },
  moduleState: {
    code: "import torch.nn as nn\nloss = nn.CrossEntropyLoss()\nloss.reduction = 'sum'\nprint(loss.reduction)",
    stdout: 'sum\n',
    error: null,
  },
  moduleDefault: {
    code: 'import torch.nn as nn\nprint(nn.CrossEntropyLoss().reduction)',
    stdout: 'mean\n',
    error: null,
  },
  // Three fifths of the operation budget: two runs sharing one count would be refused.
  budget: {
    code: 'for i in range(1500000):\n    pass\nprint(i)',
    stdout: '1499999\n',
    error: null,
  },
};

function run(name: string): { stdout: string; error: string | null } {
  const { stdout, error } = runProgram(programs[name]!.code);
  return { stdout, error };
}

describe('runs never affect each other', () => {
  it('gives each program its recorded output alone, in order, reversed and interleaved', () => {
    const names = Object.keys(programs);
    const expected = (name: string) => ({
      stdout: programs[name]!.stdout,
      error: programs[name]!.error,
    });
    for (const name of names) expect(run(name), name).toEqual(expected(name));
    const orders = [names, [...names].reverse(), names.flatMap((a) => [a, 'budget', a])];
    for (const order of orders) {
      for (const name of order) expect(run(name), name).toEqual(expected(name));
    }
  });

  it('is re-entrant: a run started inside another leaves the outer run as it was', () => {
    const inner = 'x = 7\nimport math\nprint(x, math.pi)\nprint = 1\n1 / 0';
    // A stand-in torch whose `torch.inner` runs a whole program while the outer one is running.
    class ReentrantTorch extends PyObject {
      readonly typeName = 'module';
      repr(): string {
        return "<module 'torch'>";
      }
      override getAttr(name: string): PyValue | undefined {
        if (name !== 'inner') return undefined;
        const result = runProgram(inner);
        return pyStr(`${result.stdout}${result.error ?? ''}`);
      }
    }
    const modules: Modules = { torch: () => new ReentrantTorch() };
    const outer = runSource(
      'import torch\nx = 5\nwith_inner = torch.inner\nprint(x, with_inner == torch.inner)\nprint(with_inner)\nfor i in range(3):\n    x += 1\nprint(x)',
      modules,
    );
    expect(outer).toEqual({
      stdout: '5 True\n7 3.141592653589793\nZeroDivisionError: division by zero\n8\n',
      error: null,
      line: null,
    });
  });
});
