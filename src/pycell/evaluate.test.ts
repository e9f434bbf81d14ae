import { describe, expect, it } from 'vitest';
import { runSource } from './evaluate';
import { PyException } from './values';

// Programs that need no torch; stdout and the error line were recorded from CPython 3.11
// (/usr/bin/python3: exec in a fresh namespace, traceback.format_exception_only's last line).
const recorded: readonly { code: string; stdout: string; error: string | null }[] = [
  {
    code: 'print(1 + 2 * 3 - 4 / 2 ** 2, 2 * 3 % 4, 1 - 2 - 3, 2 ** 3 ** 2, -2 ** 2, 1 | 2 ^ 3 & 4, 1 << 2 + 1, 8 // 3 * 3, 2 * -3 ** 2, not 1 + 1 == 2 or 3 and 0, 1 < 2 == True)',
    stdout: '6.0 2 -4 512 -4 3 8 6 -18 0 False\n',
    error: null,
  },
  {
    code: 'print(1 + 2, 7 / 2, 7 // 2, -7 // 2, 7 % -3, 2 ** 10, 2 ** -1, 1e-8, 1e16, 0.1 + 0.2)',
    stdout: '3 3.5 3 -4 -2 1024 0.5 1e-08 1e+16 0.30000000000000004\n',
    error: null,
  },
  {
    code: 'x = 3\nx += 4\nx -= 1\nx *= 2\nx /= 3\nx **= 2\nprint(x)',
    stdout: '16.0\n',
    error: null,
  },
  {
    code: 'a, b = 1, 2\na, b = b, a\nprint(a, b)\n(c, d), e = [3, 4], 5\nprint(c, d, e)',
    stdout: '2 1\n3 4 5\n',
    error: null,
  },
  {
    code: 'a = b = [1]\nb.append(2)\nprint(a, a is b, a == [1, 2], a is not None)',
    stdout: '[1, 2] True True True\n',
    error: null,
  },
  {
    code: 'xs = []\nfor i in range(5):\n    if i % 2 == 0:\n        xs.append(i * i)\n    elif i == 3:\n        xs.append(-1)\n    else:\n        continue\nprint(xs, len(xs), sum(xs), min(xs), max(xs))',
    stdout: '[0, 4, -1, 16] 4 19 -1 16\n',
    error: null,
  },
  {
    code: "for i in range(10):\n    if i == 3:\n        break\n    print(i, end=' ')\nelse:\n    print('never')\nprint()",
    stdout: '0 1 2 \n',
    error: null,
  },
  {
    code: "print('a', 'b', sep='-', end='!\\n')\nprint()\nprint(None, True, False, [1, 'x', (2.5,), ()], (1,), 'it\\'s')",
    stdout: "a-b!\n\nNone True False [1, 'x', (2.5,), ()] (1,) it's\n",
    error: null,
  },
  {
    code: "print(repr('it\\'s'), repr('say \"hi\"'), repr('both \\' and \"'), repr('tab\\tnew\\nline\\\\'))",
    stdout: "\"it's\" 'say \"hi\"' 'both \\' and \"' 'tab\\tnew\\nline\\\\'\n",
    error: null,
  },
  {
    code: 'print(f\'{3.14159:.2f} {1/3:.4f} {2:5d}|{"x":>3}|{0.5:.1%}|{1234567.891:,.2f}|{1e-9:.3e}|{7:03}\')',
    stdout: '3.14 0.3333     2|  x|50.0%|1,234,567.89|1.000e-09|007\n',
    error: null,
  },
  {
    code: 'w = 10\np = 3\nprint(f\'{3.14159:{w}.{p}f}|{"ab"!r}|{[1, 2]}|{None}|{True}|{1.5=}|{w=}|{{braces}}\')',
    stdout: "     3.142|'ab'|[1, 2]|None|True|1.5=1.5|w=10|{braces}\n",
    error: null,
  },
  {
    code: 'x = 0.40760594606399536\nprint(x, round(x, 4), round(2.5), round(3.5), round(-0.5), round(2.675, 2), round(7, -1))',
    stdout: '0.40760594606399536 0.4076 2 4 0 2.67 10\n',
    error: null,
  },
  {
    code: "print(float('nan'), float('inf'), -float('inf'), float(' 1e-8 '), float(3), int(2.9), int(-2.9), int('42'), str(1.0), bool(0), bool([0]))",
    stdout: 'nan inf -inf 1e-08 3.0 2 -2 42 1.0 False True\n',
    error: null,
  },
  {
    code: 'print(abs(-3), abs(-2.5), max(1, 2.5), min([3, 1, 2]), sum([0.1] * 10), sum([1, 2], 10))',
    stdout: '3 2.5 2.5 1 0.9999999999999999 13\n',
    error: null,
  },
  {
    code: "for i, (a, b) in enumerate(zip([1, 2, 3], 'abc')):\n    print(i, a, b)\nprint(list(range(2, 10, 3)), tuple(range(3)), list(range(5, 0, -2)), range(3), range(1, 9, 2))",
    stdout: '0 1 a\n1 2 b\n2 3 c\n[2, 5, 8] (0, 1, 2) [5, 3, 1] range(0, 3) range(1, 9, 2)\n',
    error: null,
  },
  {
    code: "x = [1, 2, 3, 4, 5]\nprint(x[0], x[-1], x[1:3], x[::2], x[::-1], x[-2:], x[:100], 'hello'[1:-1], (1, 2, 3)[1:])",
    stdout: '1 5 [2, 3] [1, 3, 5] [5, 4, 3, 2, 1] [4, 5] [1, 2, 3, 4, 5] ell (2, 3)\n',
    error: null,
  },
  {
    code: "print(1 < 2 < 3, 3 > 2 > 2, 1 == 1.0, 'a' < 'b', [1, 2] < [1, 3], (1, 2) == (1, 2), 2 in [1, 2], 'ell' in 'hello', 3 not in (1, 2))",
    stdout: 'True False True True True True True True True\n',
    error: null,
  },
  {
    code: "print(1 and 2, 0 and 2, 0 or 'x', None or [] or 0, not 0, not 'a', 1 if 0 else 2)",
    stdout: '2 0 x 0 True False 2\n',
    error: null,
  },
  {
    code: 'print(True + True, True * 3, -True, 3 / 2, 3 // 2.0, 3 % 2.0, -3.5 // 2, -3.5 % 2, 5 ** 0.5, 10 ** 15, 2 ** 52)',
    stdout: '2 3 -1 1.5 1.0 1.0 -2.0 0.5 2.23606797749979 1000000000000000 4503599627370496\n',
    error: null,
  },
  {
    code: "print('ab' * 3, [0] * 3, (1,) * 2, 'x' + 'y', [1] + [2], 3 * 'z')",
    stdout: 'ababab [0, 0, 0] (1, 1) xy [1, 2] zzz\n',
    error: null,
  },
  {
    code: "print('{} and {:.3f} and {!r} and {x}'.format(1, 2.0, 'q', x=5), '%.2f %d %s %5.1f%%' % (3.14159, 7, 'hi', 99.5))",
    stdout: "1 and 2.000 and 'q' and 5 3.14 7 hi  99.5%\n",
    error: null,
  },
  {
    code: 'import math\nprint(math.log(2), math.log(8, 2), math.log2(8), math.exp(1), math.sqrt(2), math.pi, math.e, math.inf, math.nan, math.isclose(0.1 + 0.2, 0.3), math.isnan(math.nan), math.isinf(-math.inf), math.floor(-2.5), math.ceil(2.1), math.log10(1000))',
    stdout:
      '0.6931471805599453 3.0 3.0 2.718281828459045 1.4142135623730951 3.141592653589793 2.718281828459045 inf nan True True True -3 3 3.0\n',
    error: null,
  },
  {
    code: 'from math import log, exp\nprint(log(exp(2.5)))',
    stdout: '2.5\n',
    error: null,
  },
  {
    code: 'xs = [3, 1, 2]\nprint(sorted(xs), sorted(xs, reverse=True), xs.index(2), xs.count(3), xs.pop(), xs)\nxs.extend([7, 8])\nxs.insert(0, 9)\nprint(xs)',
    stdout: '[1, 2, 3] [3, 2, 1] 2 1 2 [3, 1]\n[9, 3, 1, 7, 8]\n',
    error: null,
  },
  {
    code: "s = 'Hello, World'\nprint(s.upper(), s.lower(), s.split(', '), '-'.join(['a', 'b']), s.replace('l', 'L'), s.startswith('He'), '  x '.strip() + '|')",
    stdout: "HELLO, WORLD hello, world ['Hello', 'World'] a-b HeLLo, WorLd True x|\n",
    error: null,
  },
  {
    code: "x = 5\nif x > 3: print('big')\nelse: print('small')\ny = 1; z = 2; print(y + z)",
    stdout: 'big\n3\n',
    error: null,
  },
  {
    code: 'total = 0\nfor i in range(3):\n    for j in range(3):\n        if j > i:\n            break\n        total += i * j\nprint(total)',
    stdout: '7\n',
    error: null,
  },
  {
    code: 'values = [\n    1,  # one\n    2,\n]\nprint(values, \\\n      len(values))',
    stdout: '[1, 2] 2\n',
    error: null,
  },
  {
    code: "print(\"\"\"a\nb\"\"\", 'c' 'd', r'\\n', '\\x41\\u00e9\\t|')",
    stdout: 'a\nb cd \\n Aé\t|\n',
    error: null,
  },
  {
    code: "assert 1 == 1\nassert 1 == 2, 'numbers differ'",
    stdout: '',
    error: 'AssertionError: numbers differ',
  },
  {
    code: 'print(1)\nprint(y)',
    stdout: '1\n',
    error: "NameError: name 'y' is not defined",
  },
  {
    code: "print(1 + 'a')",
    stdout: '',
    error: "TypeError: unsupported operand type(s) for +: 'int' and 'str'",
  },
  {
    code: "print('a' + 1)",
    stdout: '',
    error: 'TypeError: can only concatenate str (not "int") to str',
  },
  {
    code: 'print(1 / 0)',
    stdout: '',
    error: 'ZeroDivisionError: division by zero',
  },
  {
    code: 'print(1.0 / 0)',
    stdout: '',
    error: 'ZeroDivisionError: float division by zero',
  },
  {
    code: 'print(5 // 0)',
    stdout: '',
    error: 'ZeroDivisionError: integer division or modulo by zero',
  },
  {
    code: 'print(5 % 0)',
    stdout: '',
    error: 'ZeroDivisionError: integer modulo by zero',
  },
  {
    code: 'print([1, 2][5])',
    stdout: '',
    error: 'IndexError: list index out of range',
  },
  {
    code: 'print((1, 2)[-3])',
    stdout: '',
    error: 'IndexError: tuple index out of range',
  },
  {
    code: 'x = 1\nx.foo',
    stdout: '',
    error: "AttributeError: 'int' object has no attribute 'foo'",
  },
  {
    code: '[1].bar',
    stdout: '',
    error: "AttributeError: 'list' object has no attribute 'bar'",
  },
  {
    code: 'print(len(5))',
    stdout: '',
    error: "TypeError: object of type 'int' has no len()",
  },
  {
    code: "int('x')",
    stdout: '',
    error: "ValueError: invalid literal for int() with base 10: 'x'",
  },
  {
    code: "float('abc')",
    stdout: '',
    error: "ValueError: could not convert string to float: 'abc'",
  },
  {
    code: 'a, b = 1, 2, 3',
    stdout: '',
    error: 'ValueError: too many values to unpack (expected 2)',
  },
  {
    code: 'a, b = [1]',
    stdout: '',
    error: 'ValueError: not enough values to unpack (expected 2, got 1)',
  },
  {
    code: 'a, b = 1',
    stdout: '',
    error: 'TypeError: cannot unpack non-iterable int object',
  },
  {
    code: 'None()',
    stdout: '',
    error: "TypeError: 'NoneType' object is not callable",
  },
  {
    code: "print(f'{1.0:d}')",
    stdout: '',
    error: "ValueError: Unknown format code 'd' for object of type 'float'",
  },
  {
    code: "print(format('a', '+5'))",
    stdout: '',
    error: 'ValueError: Sign not allowed in string format specifier',
  },
  {
    code: 'import math\nmath.log(0)',
    stdout: '',
    error: 'ValueError: math domain error',
  },
  {
    code: 'import math\nmath.sqrt(-1)',
    stdout: '',
    error: 'ValueError: math domain error',
  },
  {
    code: 'import math\nmath.exp(1000)',
    stdout: '',
    error: 'OverflowError: math range error',
  },
  {
    code: 'import math\nmath.tan',
    stdout: '',
    error: null,
  },
  {
    code: 'print(2.0 ** 2000)',
    stdout: '',
    error: "OverflowError: (34, 'Numerical result out of range')",
  },
  {
    code: 'print(0 ** -1)',
    stdout: '',
    error: 'ZeroDivisionError: 0.0 cannot be raised to a negative power',
  },
  {
    code: "print(-'a')",
    stdout: '',
    error: "TypeError: bad operand type for unary -: 'str'",
  },
  {
    code: "print(1 < 'a')",
    stdout: '',
    error: "TypeError: '<' not supported between instances of 'int' and 'str'",
  },
  {
    code: 'print([1] < (2,))',
    stdout: '',
    error: "TypeError: '<' not supported between instances of 'list' and 'tuple'",
  },
  {
    code: "print('a' in 1)",
    stdout: '',
    error: "TypeError: argument of type 'int' is not iterable",
  },
  {
    code: "print(1 in 'a')",
    stdout: '',
    error: "TypeError: 'in <string>' requires string as left operand, not int",
  },
  {
    code: 'min([])',
    stdout: '',
    error: 'ValueError: min() arg is an empty sequence',
  },
  {
    code: 'max()',
    stdout: '',
    error: 'TypeError: max expected at least 1 argument, got 0',
  },
  {
    code: 'range(1.5)',
    stdout: '',
    error: "TypeError: 'float' object cannot be interpreted as an integer",
  },
  {
    code: 'range(0, 5, 0)',
    stdout: '',
    error: 'ValueError: range() arg 3 must not be zero',
  },
  {
    code: 'x = [1]\nx[3] = 0',
    stdout: '',
    error: 'IndexError: list assignment index out of range',
  },
  {
    code: "'abc'[1] = 'x'",
    stdout: '',
    error: "TypeError: 'str' object does not support item assignment",
  },
  {
    code: '(1, 2)[0] = 5',
    stdout: '',
    error: "TypeError: 'tuple' object does not support item assignment",
  },
  {
    code: '5[0]',
    stdout: '',
    error: "TypeError: 'int' object is not subscriptable",
  },
  {
    code: "int(float('nan'))",
    stdout: '',
    error: 'ValueError: cannot convert float NaN to integer',
  },
  {
    code: "int(float('inf'))",
    stdout: '',
    error: 'OverflowError: cannot convert float infinity to integer',
  },
  {
    code: 'for i in 5:\n    pass',
    stdout: '',
    error: "TypeError: 'int' object is not iterable",
  },
  {
    code: "print(sum(['a', 'b']))",
    stdout: '',
    error: "TypeError: unsupported operand type(s) for +: 'int' and 'str'",
  },
  {
    code: "print([1, 2]['a'])",
    stdout: '',
    error: 'TypeError: list indices must be integers or slices, not str',
  },
  {
    code: "print(round('x'))",
    stdout: '',
    error: "TypeError: type str doesn't define __round__ method",
  },
  {
    code: "print('%d' % 'x')",
    stdout: '',
    error: 'TypeError: %d format: a real number is required, not str',
  },
  {
    code: "print(True < 'a')",
    stdout: '',
    error: "TypeError: '<' not supported between instances of 'bool' and 'str'",
  },
  {
    code: "print(abs('a'))",
    stdout: '',
    error: "TypeError: bad operand type for abs(): 'str'",
  },
  {
    code: "print(' '.join([1, 2]))",
    stdout: '',
    error: 'TypeError: sequence item 0: expected str instance, int found',
  },
];

const noTorch = {
  torch: () => {
    throw new PyException('ModuleNotFoundError', "No module named 'torch'");
  },
};

describe('the language runs Python as CPython 3.11 does', () => {
  it.each(recorded)('$code', ({ code, stdout, error }) => {
    const run = runSource(code, noTorch);
    expect(run).toMatchObject({ stdout, error });
    expect(run.line === null).toBe(error === null);
  });
});
