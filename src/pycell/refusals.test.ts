// Names PyTorch has and the cell lacks, operators, indentation and the line a run reports. Every
// error line marked CPython was recorded from CPython 3.11.2 with PyTorch 1.13 (/usr/bin/python3,
// `traceback.format_exception_only(e)[-1]` of `exec(compile(code, '<cell>', 'exec'))`).
import { describe, expect, it } from 'vitest';
import pytorchNames from './pytorch-names.json';
import { runProgram } from './run';

describe('a name PyTorch 1.13 has and the cell lacks is refused by name, not called missing', () => {
  it.each([
    ['import torch\nx = torch.where', 'torch.where', 2],
    ['import torch\nprint(torch.__version__)', 'torch.__version__', 2],
    ['import torch\nx = torch.tensor([1.0])\nx.std()', 'Tensor.std', 3],
    ['import torch\nx = torch.tensor([1.0])\nprint(x.eq(x))', 'Tensor.eq', 3],
    ['import torch.nn.functional as F\nF.gelu', 'torch.nn.functional.gelu', 2],
    ['import torch.nn as nn\nnn.Conv2d', 'torch.nn.Conv2d', 2],
    ['import torch\nfrom torch import where', 'torch.where', 2],
    ['import torch\ntorch.special.erf', 'torch.special.erf', 2],
    ['import torch\ntorch.optim.Adam', 'torch.optim.Adam', 2],
    [
      'import torch\nw = torch.zeros(2, requires_grad=True)\nopt = torch.optim.SGD([w], lr=0.1)\nopt.state_dict()',
      'SGD.state_dict',
      4,
    ],
    ['import torch.nn as nn\nloss = nn.MSELoss()\nloss.parameters()', 'MSELoss.parameters', 3],
    ["print('s'.find('s'))", 'str.find', 1],
    ['x = [2, 1]\nx.sort()', 'list.sort', 2],
    ['print((1, 1).count(1))', 'tuple.count', 1],
  ])('%j', (code, name, line) => {
    expect(runProgram(code)).toEqual({
      stdout: '',
      error: `NotImplementedError: ${name} is not supported in this cell (line ${line})`,
      line,
    });
  });

  it.each([
    // CPython
    ['import torch\ntorch.foo', "AttributeError: module 'torch' has no attribute 'foo'"],
    [
      'import torch.nn.functional as F\nF.foo',
      "AttributeError: module 'torch.nn.functional' has no attribute 'foo'",
    ],
    [
      'import torch\nx = torch.tensor([1.0])\nx.foo',
      "AttributeError: 'Tensor' object has no attribute 'foo'",
    ],
    [
      'import torch.nn as nn\nl = nn.CrossEntropyLoss()\nl.foo',
      "AttributeError: 'CrossEntropyLoss' object has no attribute 'foo'",
    ],
    ["'s'.foo", "AttributeError: 'str' object has no attribute 'foo'"],
    ['[].foo', "AttributeError: 'list' object has no attribute 'foo'"],
  ])('keeps Python’s AttributeError for a name PyTorch lacks too: %j', (code, error) => {
    expect(runProgram(code).error).toBe(error);
  });

  it('ships a small list of names, recorded from PyTorch 1.13', () => {
    expect(pytorchNames.about).toMatch(/PyTorch 1\.13\S* and Python 3\.\d+/u);
    const size = new TextEncoder().encode(JSON.stringify(pytorchNames)).length;
    expect(size).toBeLessThan(30_000);
    for (const key of ['torch', 'Tensor', 'torch.nn.functional', 'str', 'list']) {
      expect(pytorchNames.names[key as keyof typeof pytorchNames.names]).toMatch(/\S/u);
    }
  });
});

describe('bitwise operators', () => {
  it('computes them on ints and bools as Python does (CPython)', () => {
    expect(
      runProgram('print(True & False, True | 2, 5 ^ 3, ~5, 1 << 3, -9 >> 1, True ^ True, 6 & 3)'),
    ).toEqual({ stdout: 'False 3 6 -6 8 -5 False 2\n', error: null, line: null });
  });

  it.each([
    ['x & x', '&'],
    ['x | x', '|'],
    ['x ^ x', '^'],
    ['~x', '~'],
    ['x << 1', '<<'],
    ['1 >> x', '>>'],
  ])('refuses %s on tensors, naming the operator PyTorch has', (expression, op) => {
    expect(runProgram(`import torch\nx = torch.tensor([True])\ny = ${expression}`)).toEqual({
      stdout: '',
      error: `NotImplementedError: the ${op} operator on tensors is not supported in this cell (line 3)`,
      line: 3,
    });
  });
});

describe('indentation and stray characters, as CPython 3.11 tokenizes them', () => {
  it.each([
    // CPython
    [
      'if 1:\n\tx = 1\n        y = 2\n',
      'TabError: inconsistent use of tabs and spaces in indentation',
      3,
    ],
    [
      'if 1:\n        x = 1\n\ty = 2\n',
      'TabError: inconsistent use of tabs and spaces in indentation',
      3,
    ],
    [
      'print(1)\nif 1:\n    \tx=1\n\t    y=2\n',
      'TabError: inconsistent use of tabs and spaces in indentation',
      4,
    ],
    ['x = 1\n\uFEFFy = 2', 'SyntaxError: invalid non-printable character U+FEFF', 2],
    ['x = 1 \v\n', 'SyntaxError: invalid non-printable character U+000B', 1],
    ['x = \u2028 1', 'SyntaxError: invalid non-printable character U+2028', 1],
    ['x = 1\nprint(x)\0', 'ValueError: source code string cannot contain null bytes', 2],
  ])('%j', (code, error, line) => {
    expect(runProgram(code)).toEqual({ stdout: '', error, line });
  });

  it('reads a form feed at a line start as whitespace that resets the indentation (CPython)', () => {
    expect(runProgram('\fx = 1\nprint(x)').stdout).toBe('1\n');
    expect(runProgram('if 1:\n    x = 1\n\f    print(x)').stdout).toBe('1\n');
    expect(runProgram('if 1:\n  \f  x = 2\n  y = 2\nprint(y)').stdout).toBe('2\n');
  });

  it('accepts tabs used consistently', () => {
    expect(runProgram('if 1:\n\tif 1:\n\t\tprint(1)\n\tprint(2)').stdout).toBe('1\n2\n');
  });
});

describe('RunResult.line: where the uncaught exception arose', () => {
  it.each([
    ['print(1)\n\nx = 1 +', 'SyntaxError: invalid syntax', 3],
    ['print(1)\nx = (1,\ny = 2', "SyntaxError: '(' was never closed", 2],
    ['for i in range(2):\n    print(i)\n    y = i / 0', 'ZeroDivisionError: division by zero', 3],
    ['print(1)\nprint(undefined_name)', "NameError: name 'undefined_name' is not defined", 2],
    [
      'x = [1, 2]\nx[0:1] = [3]',
      'NotImplementedError: assigning to a slice of a list is not supported in this cell (line 2)',
      2,
    ],
    [
      'import torch\na = torch.zeros(2, 2, 2)\nb = a @ a',
      'NotImplementedError: matmul of tensors with more than 2 dims is not supported in this cell (line 3)',
      3,
    ],
    ['print(1)\nprint(2 ** 60)', 'OverflowError', 2],
    ['for i in range(2):\n    pass\nbreak', "SyntaxError: 'break' outside loop", 3],
    [
      'import torch\nx = torch.ones(2, 3)\nprint(torch.logsumexp(x, dim=(0, 1)))',
      'NotImplementedError: logsumexp over several dims at once is not supported in this cell (line 3)',
      3,
    ],
    [
      'for i in range(2):\n    for j in range(2):\n        continue\nelse:\n    continue',
      "SyntaxError: 'continue' not properly in loop",
      5,
    ],
  ])('%j', (code, error, line) => {
    const run = runProgram(code);
    expect(run.error?.startsWith(error)).toBe(true);
    expect(run.line).toBe(line);
  });

  it('is null when the program runs to its end', () => {
    expect(runProgram('print(1)').line).toBeNull();
  });
});

describe('ints beyond 2**53 - 1', () => {
  it('says plainly that the cell computes ints exactly only up to 2**53 - 1', () => {
    expect(runProgram('x = 2 ** 53').error).toBe(
      'OverflowError: int result too large for this cell, which computes ints exactly only up to 2**53 - 1 = 9007199254740991',
    );
    expect(runProgram('x = 1\ny = 100000000000000000000').error).toBe(
      'OverflowError: the integer 100000000000000000000 is too large for this cell, which computes ints exactly only up to 2**53 - 1 (line 2)',
    );
  });
});
