import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runProgram } from './run';

// Programs where the language meets torch (iterating, unpacking and indexing tensors, f-strings
// of tensors, imports) and more of Python's corners; stdout and the error line were recorded
// from PyTorch 1.13 on CPython 3.11 (/usr/bin/python3: exec in a fresh namespace,
// traceback.format_exception_only's last line).
const recorded: readonly { code: string; stdout: string; error: string | null }[] = [
  {
    code: "import torch\nx = torch.tensor([1.0])\nprint(type(1), type(1.5), type('a'), type(None), type([]), type(()), type(True), type(range(2)), type(x), type(x.dtype), type(x.shape))",
    stdout:
      "<class 'int'> <class 'float'> <class 'str'> <class 'NoneType'> <class 'list'> <class 'tuple'> <class 'bool'> <class 'range'> <class 'torch.Tensor'> <class 'torch.dtype'> <class 'torch.Size'>\n",
    error: null,
  },
  {
    code: 'import torch\nx = torch.tensor([1.0])\nprint(type(x) == type(torch.tensor(2)), type(1) == int, type(1.0) is float, isinstance(x.shape, tuple), isinstance(True, int), isinstance(1, (str, float)))',
    stdout: 'True True True True True False\n',
    error: null,
  },
  {
    code: 'import torch\nx = torch.tensor([[1.0, 2.0], [3.0, 4.0]])\nfor row in x:\n    print(row, row.sum().item())\nprint(len(x), x.shape[0], list(x.shape), x.shape == (2, 2), tuple(x.shape))',
    stdout: 'tensor([1., 2.]) 3.0\ntensor([3., 4.]) 7.0\n2 2 [2, 2] True (2, 2)\n',
    error: null,
  },
  {
    code: 'import torch\nx = torch.tensor([1.0, 2.0, 3.0])\na, b, c = x\nprint(a, b + c)\nn, = x.shape\nprint(n)',
    stdout: 'tensor(1.) tensor(5.)\n3\n',
    error: null,
  },
  {
    code: 'import torch\nx = torch.tensor([1.0, 2.0])\nx[0] += 5\nx[1] = 7\nprint(x)',
    stdout: 'tensor([6., 7.])\n',
    error: null,
  },
  {
    code: "import torch\nt = torch.tensor(0.123456789)\nprint(float(t), int(torch.tensor(3.7)), f'{t.item():.4f}', round(t.item(), 3), t.item() > 0.1, bool(t > 0))",
    stdout: '0.12345679104328156 3 0.1235 0.123 True True\n',
    error: null,
  },
  {
    code: 'import torch\nx = torch.tensor([1.0, -2.0])\nprint(sum(x), abs(x), -x, +x, max(torch.tensor([1.0, 5.0, 2.0])))',
    stdout: 'tensor(-1.) tensor([1., 2.]) tensor([-1.,  2.]) tensor([ 1., -2.]) tensor(5.)\n',
    error: null,
  },
  {
    code: "import torch\nx = torch.tensor([1.0, 2.0])\nif x:\n    print('never')",
    stdout: '',
    error: 'RuntimeError: Boolean value of Tensor with more than one value is ambiguous',
  },
  {
    code: 'import torch\nx = torch.tensor([1.0, 2.0])\nprint(x.foo)',
    stdout: '',
    error: "AttributeError: 'Tensor' object has no attribute 'foo'",
  },
  {
    code: 'import torch\nprint(torch.foo)',
    stdout: '',
    error: "AttributeError: module 'torch' has no attribute 'foo'",
  },
  {
    code: 'import torch.nn.functional as F\nimport torch\nprint(F.softmax(torch.tensor([1.0, 2.0]), dim=0))',
    stdout: 'tensor([0.2689, 0.7311])\n',
    error: null,
  },
  {
    code: 'import torch.nn as nn\nprint(nn.CrossEntropyLoss())',
    stdout: 'CrossEntropyLoss()\n',
    error: null,
  },
  {
    code: 'from torch.nn import functional as F\nfrom torch import nn, tensor\nprint(F.relu if False else nn.MSELoss(), tensor([1, 2]))',
    stdout: 'MSELoss() tensor([1, 2])\n',
    error: null,
  },
  {
    code: "import torch\nx = torch.tensor([0.5, 0.25])\nprint(f'{x.sum():.3f} {x[0]:.2e} {x.sum()}')",
    stdout: '0.750 5.00e-01 0.75\n',
    error: null,
  },
  {
    code: 'import torch\nlosses = []\nfor step in range(3):\n    losses.append(round(torch.tensor(step * 0.5).exp().item(), 4))\nprint(losses)',
    stdout: '[1.0, 1.6487, 2.7183]\n',
    error: null,
  },
  {
    code: 'import torch\nx = torch.arange(6).reshape(2, 3) if False else torch.tensor([[0, 1, 2], [3, 4, 5]])\nprint(x[:, 1], x[1, :], x[-1], x[0][2], x[..., 0], x[None].shape)',
    stdout:
      'tensor([1, 4]) tensor([3, 4, 5]) tensor([3, 4, 5]) tensor(2) tensor([0, 3]) torch.Size([1, 2, 3])\n',
    error: null,
  },
  {
    code: 'import torch\nimport math\nx = torch.tensor([math.pi, math.e, math.inf, -math.inf, math.nan])\nprint(x)',
    stdout: 'tensor([3.1416, 2.7183,    inf,   -inf,    nan])\n',
    error: null,
  },
  {
    code: 'print(0.1, 1/3, 2/3, 1e-5, 1.5e-7, 123456789.123, 1e100, -0.0, 100.0, 1e15, 1e16, 12345678901234567.0)',
    stdout:
      '0.1 0.3333333333333333 0.6666666666666666 1e-05 1.5e-07 123456789.123 1e+100 -0.0 100.0 1000000000000000.0 1e+16 1.2345678901234568e+16\n',
    error: null,
  },
  {
    code: "print([0.1, 1e-8], (1.0, -2), [[]], [()], ('a', \"b'c\"))",
    stdout: "[0.1, 1e-08] (1.0, -2) [[]] [()] ('a', \"b'c\")\n",
    error: null,
  },
  {
    code: "x = 5\nprint(f'{x!r:>4}|{x:<4}|{x:^5}|{x:+}|{-x:05}|{x:b}|{x:#x}|{255:X}|{x:e}|{x:%}|{1e6:,}')",
    stdout: '   5|5   |  5  |+5|-0005|101|0x5|FF|5.000000e+00|500.000000%|1,000,000.0\n',
    error: null,
  },
  {
    code: "name = 'loss'\nprint(f'{name}: {0.123:.2f}', f'{name!r}', f'{name:>8}', f'{name:.2}', f\"{'nested'}\", f'{3 + 4}', f'{[1, 2][0]}')",
    stdout: "loss: 0.12 'loss'     loss lo nested 7 1\n",
    error: null,
  },
  {
    code: 'print(f\'{1.0 / 3:.{2 + 1}f}\', f\'{"x":{"^"}{5}}\', f\'{3:{"0"}{4}}\')',
    stdout: '0.333   x   0003\n',
    error: null,
  },
  {
    code: "x = 3\ny = 4\nprint(f'{x=}, {y = }, {x + y=:.2f}')",
    stdout: 'x=3, y = 4, x + y=7.00\n',
    error: null,
  },
  {
    code: 'a = [1, 2, 3]\nb = a\nb += [4]\nprint(a)\nt = (1, 2)\nu = t\nu += (3,)\nprint(t, u)',
    stdout: '[1, 2, 3, 4]\n(1, 2) (1, 2, 3)\n',
    error: null,
  },
  {
    code: 'x = [1, 2, 3]\nx[-1] = 9\nx[0] += 10\nprint(x, x[1:2], x[5:], x[-10:1])',
    stdout: '[11, 2, 9] [2] [] [11]\n',
    error: null,
  },
  {
    code: "for i, x in enumerate([10, 20], start=1):\n    print(i, x)\nfor a, b in [(1, 2), (3, 4)]:\n    print(a * b)\nfor ch in 'ab':\n    print(ch)",
    stdout: '1 10\n2 20\n2\n12\na\nb\n',
    error: null,
  },
  {
    code: "print(round(0.5), round(1.5), round(2.5), round(-1.5), round(0.125, 2), round(0.375, 2), round(1.0005, 3), round(12345, -2), round(1e300, 2), round(float('inf')))",
    stdout: '',
    error: 'OverflowError: cannot convert float infinity to integer',
  },
  {
    code: "print(int(True), float(False), str(1e-7), str(-0.0), repr(-0.0), str([1.0]), bool(''), bool('0'), bool(None))",
    stdout: '1 0.0 1e-07 -0.0 -0.0 [1.0] False True False\n',
    error: null,
  },
  {
    code: "print(min(3, 1.5, 2), max('a', 'b'), min([2, 1], [1, 5]), max([1.0, float('nan')]), min(float('nan'), 1.0), sum([0.1, 0.2, 0.3]), sum((1, 2)), sum([[1], [2]], []))",
    stdout: '1.5 b [1, 5] 1.0 nan 0.6000000000000001 3 [1, 2]\n',
    error: null,
  },
  {
    code: 'print(7 // 2, -7 // 2, 7 // -2, 7.0 // 2, -7.0 // 2, 7 % 3, -7 % 3, 7.0 % -3, 1e300 * 1e300, -1e300 * 1e300, 2 ** 0.5, (-2) ** 2, -2 ** 2, 2 ** -2, 4 ** 0.5, 10 ** -3)',
    stdout: '3 -4 -4 3.0 -4.0 1 2 -2.0 inf -inf 1.4142135623730951 4 -4 0.25 2.0 0.001\n',
    error: null,
  },
  {
    code: "print(1 == 1.0, 1 is 1, None is None, [] is [], [] == [], (1, [2]) == (1, [2]), 0.1 + 0.2 == 0.3, float('nan') == float('nan'), 'a' != 'b')",
    stdout: 'True True True False True True False False True\n',
    error: null,
  },
  {
    code: 'print(3 & 5, 3 | 5, 3 ^ 5, ~3, 1 << 10, 1024 >> 3)',
    stdout: '1 7 6 -4 1024 128\n',
    error: null,
  },
  {
    code: 'x = None\nprint(x is None, x is not None, not x, x == None)',
    stdout: 'True False True True\n',
    error: null,
  },
  {
    code: "print('%s is %r' % ('a', 'a'), '%5.2f|%-6d|%+d|%e|%g' % (3.14159, 42, 5, 12345.678, 0.0001), '%%' % ())",
    stdout: "a is 'a'  3.14|42    |+5|1.234568e+04|0.0001 %\n",
    error: null,
  },
  {
    code: "print('{:>6.2f}|{:<5}|{:^7}|{!r}|{0}'.format(3.14159, 'ab', 'mid', 'r'))",
    stdout: '',
    error: 'ValueError: cannot switch from automatic field numbering to manual field specification',
  },
  {
    code: "print(len('héllo'), 'héllo'[1], 'héllo'.upper(), 'x' * 0, 'ab' < 'abc')",
    stdout: '5 é HÉLLO  True\n',
    error: null,
  },
  {
    code: "s = 'a,b,,c'\nprint(s.split(','), s.split(), ' a  b '.split(), '|'.join('abc'), 'abc'.replace('b', ''), 'Title case'.title())",
    stdout: "['a', 'b', '', 'c'] ['a,b,,c'] ['a', 'b'] a|b|c ac Title Case\n",
    error: null,
  },
  {
    code: "x = 1\nif x == 1:\n    pass\nelif x == 2:\n    print(2)\nelse:\n    print(3)\nprint('done')",
    stdout: 'done\n',
    error: null,
  },
  {
    code: 'for i in range(3):\n    pass\nprint(i)',
    stdout: '2\n',
    error: null,
  },
  {
    code: "for i in []:\n    pass\nelse:\n    print('empty else')",
    stdout: 'empty else\n',
    error: null,
  },
  {
    code: "print(list(zip([1, 2], [3, 4, 5])), list(enumerate('ab')), list(reversed([1, 2, 3])), sorted([3, 1, 2], reverse=True), any([0, 1]), all([]), list('abc'), tuple([1]))",
    stdout:
      "[(1, 3), (2, 4)] [(0, 'a'), (1, 'b')] [3, 2, 1] [3, 2, 1] True True ['a', 'b', 'c'] (1,)\n",
    error: null,
  },
  {
    code: 'print(range(0, 10, 2)[1], len(range(1, 10, 3)), list(range(10, 0, -3)), 3 in range(5), range(3) == range(3))',
    stdout: '2 3 [10, 7, 4, 1] True True\n',
    error: null,
  },
  {
    code: 'x = [1, 2]\nx.append(x)\nprint(x, len(x))',
    stdout: '[1, 2, [...]] 3\n',
    error: null,
  },
  {
    code: "print(print('inner'))",
    stdout: 'inner\nNone\n',
    error: null,
  },
  {
    code: 'print(len, print, abs, int, float, str, list)',
    stdout:
      "<built-in function len> <built-in function print> <built-in function abs> <class 'int'> <class 'float'> <class 'str'> <class 'list'>\n",
    error: null,
  },
  {
    code: 'a = 1; b = 2;\nprint(a, b)',
    stdout: '1 2\n',
    error: null,
  },
  {
    code: 'if True: x = 1; y = 2\nprint(x + y)',
    stdout: '3\n',
    error: null,
  },
  {
    code: 'import math\nprint(math.floor(2.7), math.ceil(-2.7), math.fabs(-3), math.pow(2, 10), math.exp(0), math.log1p(0), math.isfinite(1.0), math.tau, math.sin(0), math.cos(0))',
    stdout: '2 -2 3.0 1024.0 1.0 0.0 True 6.283185307179586 0.0 1.0\n',
    error: null,
  },
  {
    code: 'import math\nprint(math.log(math.e), math.log(100, 10), math.log(1024, 2), math.log2(1024), math.log10(0.001), math.sqrt(16), math.exp(-1000))',
    stdout: '1.0 2.0 10.0 10.0 -3.0 4.0 0.0\n',
    error: null,
  },
  {
    code: 'import math\nprint(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1, 1.1, rel_tol=0.2), math.isclose(0, 1e-12, abs_tol=1e-9))',
    stdout: 'True True True\n',
    error: null,
  },
  {
    code: 'import math\nprint(math.log(-1))',
    stdout: '',
    error: 'ValueError: math domain error',
  },
  {
    code: "import math\nprint(math.sqrt('a'))",
    stdout: '',
    error: 'TypeError: must be real number, not str',
  },
  {
    code: 'import math\nprint(math.log())',
    stdout: '',
    error: 'TypeError: math.log requires 1 to 2 arguments',
  },
  {
    code: "import math\nprint(math.floor(float('inf')))",
    stdout: '',
    error: 'OverflowError: cannot convert float infinity to integer',
  },
  {
    code: 'from math import foo',
    stdout: '',
    error: "ImportError: cannot import name 'foo' from 'math' (unknown location)",
  },
  {
    code: 'from torch import foo',
    stdout: '',
    error:
      "ImportError: cannot import name 'foo' from 'torch' (/usr/lib/python3/dist-packages/torch/__init__.py)",
  },
  {
    code: 'from torch.nn import Foo',
    stdout: '',
    error:
      "ImportError: cannot import name 'Foo' from 'torch.nn' (/usr/lib/python3/dist-packages/torch/nn/__init__.py)",
  },
  {
    code: 'import torch.foo',
    stdout: '',
    error: "ModuleNotFoundError: No module named 'torch.foo'",
  },
  {
    code: 'x = [1, 2, 3]\nprint(x[1:3:0])',
    stdout: '',
    error: 'ValueError: slice step cannot be zero',
  },
  {
    code: 'print([1, 2, 3].index(5))',
    stdout: '',
    error: 'ValueError: 5 is not in list',
  },
  {
    code: 'print([].pop())',
    stdout: '',
    error: 'IndexError: pop from empty list',
  },
  {
    code: "print('abc'.foo())",
    stdout: '',
    error: "AttributeError: 'str' object has no attribute 'foo'",
  },
  {
    code: 'print(1 + None)',
    stdout: '',
    error: "TypeError: unsupported operand type(s) for +: 'int' and 'NoneType'",
  },
  {
    code: 'print(None + 1)',
    stdout: '',
    error: "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int'",
  },
  {
    code: 'print([1] + None)',
    stdout: '',
    error: 'TypeError: can only concatenate list (not "NoneType") to list',
  },
  {
    code: 'print(-[1])',
    stdout: '',
    error: "TypeError: bad operand type for unary -: 'list'",
  },
  {
    code: 'print(~1.5)',
    stdout: '',
    error: "TypeError: bad operand type for unary ~: 'float'",
  },
  {
    code: 'print(1 << -1)',
    stdout: '',
    error: 'ValueError: negative shift count',
  },
  {
    code: 'print(len())',
    stdout: '',
    error: 'TypeError: len() takes exactly one argument (0 given)',
  },
  {
    code: 'print(len(1, 2))',
    stdout: '',
    error: 'TypeError: len() takes exactly one argument (2 given)',
  },
  {
    code: 'print(abs())',
    stdout: '',
    error: 'TypeError: abs() takes exactly one argument (0 given)',
  },
  {
    code: 'print(float(1, 2))',
    stdout: '',
    error: 'TypeError: float expected at most 1 argument, got 2',
  },
  {
    code: 'print(print(sep=1))',
    stdout: '',
    error: 'TypeError: sep must be None or a string, not int',
  },
  {
    code: "print('a', sep='', foo=1)",
    stdout: '',
    error: "TypeError: 'foo' is an invalid keyword argument for print()",
  },
  {
    code: "print(int('1.5'))",
    stdout: '',
    error: "ValueError: invalid literal for int() with base 10: '1.5'",
  },
  {
    code: "print(round(1.5, 'a'))",
    stdout: '',
    error: "TypeError: 'str' object cannot be interpreted as an integer",
  },
  {
    code: "print(sorted([1, 'a']))",
    stdout: '',
    error: "TypeError: '<' not supported between instances of 'str' and 'int'",
  },
  {
    code: 'print(max([]))',
    stdout: '',
    error: 'ValueError: max() arg is an empty sequence',
  },
  {
    code: 'print(min(1))',
    stdout: '',
    error: "TypeError: 'int' object is not iterable",
  },
  {
    code: 'x = 5\nx()',
    stdout: '',
    error: "TypeError: 'int' object is not callable",
  },
  {
    code: "x = 'abc'\nx[0] = 'z'",
    stdout: '',
    error: "TypeError: 'str' object does not support item assignment",
  },
  {
    code: "print('a' 'b' f'{1}' 'c')",
    stdout: 'ab1c\n',
    error: null,
  },
  {
    code: "print(f'{1:{2}{3}}', f'{\"{\"}')",
    stdout: '                      1 {\n',
    error: null,
  },
  {
    code: "print(f'{1:>>>5}')",
    stdout: '',
    error: "ValueError: Invalid format specifier '>>>5' for object of type 'int'",
  },
  {
    code: "print(f'{\"abc\":=^9}', f'{-1.5:=+8.2f}', f'{1234:_}', f'{0.000123:.2g}')",
    stdout: '===abc=== -   1.50 1_234 0.00012\n',
    error: null,
  },
  {
    code: "print('%d%%' % 50, '%.0f' % 0.5, '%.0f' % 1.5, '%5s|%-5s|' % ('ab', 'cd'), '%x %o %X' % (255, 8, 255), '%c' % 65)",
    stdout: '50% 0 2    ab|cd   | ff 10 FF A\n',
    error: null,
  },
  {
    code: "print('%d %d' % (1,))",
    stdout: '',
    error: 'TypeError: not enough arguments for format string',
  },
  {
    code: "print('%d' % (1, 2))",
    stdout: '',
    error: 'TypeError: not all arguments converted during string formatting',
  },
  {
    code: "x = 1\nx += 'a'",
    stdout: '',
    error: "TypeError: unsupported operand type(s) for +=: 'int' and 'str'",
  },
  {
    code: 'x = [1]\nx += 5',
    stdout: '',
    error: "TypeError: 'int' object is not iterable",
  },
  {
    code: 'x = (1,)\nx[0] += 1',
    stdout: '',
    error: "TypeError: 'tuple' object does not support item assignment",
  },
  {
    code: "a, (b, c) = 1, (2, 3)\n[d, e] = 'xy'\nprint(a, b, c, d, e)",
    stdout: '1 2 3 x y\n',
    error: null,
  },
  {
    code: "a, b = 'xyz'",
    stdout: '',
    error: 'ValueError: too many values to unpack (expected 2)',
  },
  {
    code: 'x = y = z = 0\ny = 5\nprint(x, y, z)',
    stdout: '0 5 0\n',
    error: null,
  },
  {
    code: 'assert False',
    stdout: '',
    error: 'AssertionError',
  },
  {
    code: "assert [], 'empty list'",
    stdout: '',
    error: 'AssertionError: empty list',
  },
  {
    code: "x = 1\nassert x == 1, 'never shown'\nprint('ok')",
    stdout: 'ok\n',
    error: null,
  },
  {
    code: "print(True and 'yes' or 'no', False or None, None and 1, 0 or 0.0, '' or 'default')",
    stdout: 'yes None None 0.0 default\n',
    error: null,
  },
  {
    code: "print(1 < 2 > 0 == 0, 1 < 3 < 2, 'b' in 'abc' in 'xabcx')",
    stdout: 'True False True\n',
    error: null,
  },
  {
    code: "print(not 1 == 2, not (1 == 2), -2 ** -1, (-8) ** (1 / 3) if False else 'skip')",
    stdout: 'True True -0.5 skip\n',
    error: null,
  },
];

describe('runProgram', () => {
  it.each(recorded)('$code', ({ code, stdout, error }) => {
    const run = runProgram(code);
    expect(run).toMatchObject({ stdout, error });
    expect(run.line === null).toBe(error === null);
  });

  it('skips a byte-order mark at the start of the program, as CPython reading a file does', () => {
    expect(runProgram('\uFEFFprint(1)')).toEqual({ stdout: '1\n', error: null, line: null });
  });

  it('runs a typical cell program in a few milliseconds', () => {
    const programs = JSON.parse(
      readFileSync(new URL('../../scripts/cell-programs.json', import.meta.url), 'utf8'),
    ) as { code: string }[];
    const sample = programs.slice(0, 40);
    for (const { code } of sample) runProgram(code);
    const start = performance.now();
    for (const { code } of sample) runProgram(code);
    const perProgram = (performance.now() - start) / sample.length;
    expect(perProgram).toBeLessThan(20);
  });
});
