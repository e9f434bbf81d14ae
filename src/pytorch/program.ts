// PyTorch 1.13 programs built from a cell's state: Python literals, calls with keyword arguments,
// imports and print lines, so every cell shows code a reader can paste into Python and run.
// The "Out" side (what the program prints) is built with the same Python rules: pyRepr, pyFixed.

/** A float dtype or int64, the dtypes cells compute in (the core's DType). */
export type TorchDType = 'float32' | 'float64' | 'int64';

/** Numbers or nested arrays of numbers, as torch.tensor accepts them. */
export type PyNested = number | readonly PyNested[];

/** What a cell hands to Cell.svelte: the program (its "In") and what it prints (its "Out"). */
export interface PyTorchProgram {
  /** A complete, runnable PyTorch 1.13 program, imports included. */
  readonly code: string;
  /** Exactly the lines the program prints, without the final newline. */
  readonly printed: string;
}

/** Shortest round-trip digits and decimal exponent of a finite, non-zero |x|. */
function shortestDigits(x: number): { digits: string; exponent: number } {
  const [mantissa = '', exponent = '0'] = Math.abs(x).toExponential().split('e');
  return { digits: mantissa.replace('.', ''), exponent: Number(exponent) };
}

/**
 * Python's repr of a float, which is also what print() shows for it: 0.1, 1.0, 1e-08, inf, nan.
 * @example pyRepr(1e-8) // '1e-08'
 */
export function pyRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const { digits, exponent } = shortestDigits(x);
  // CPython's float_repr_style 'short': scientific below 1e-4 and from 1e16 on.
  if (exponent < -4 || exponent >= 16) {
    const mantissa = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    const magnitude = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${magnitude}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}

/**
 * A Python float literal that reads back as exactly x, infinities and NaN included.
 * @example pyFloat(0.1) // '0.1'; pyFloat(2) // '2.0'; pyFloat(Infinity) // "float('inf')"
 */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "float('nan')";
  if (!Number.isFinite(x)) return x > 0 ? "float('inf')" : "-float('inf')";
  return pyRepr(x);
}

/**
 * A Python int literal; refuses non-integers so a float never slips in as an index.
 * @example pyInt(3) // '3'
 */
export function pyInt(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`pyInt: ${n} is not an integer`);
  return String(n);
}

/**
 * A Python str literal in single quotes, as Python's repr writes it.
 * @example pyStr("it's") // "'it\\'s'"
 */
export function pyStr(s: string): string {
  const escaped = s
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\t/g, '\\t');
  return `'${escaped}'`;
}

/**
 * A Python bool literal.
 * @example pyBool(true) // 'True'
 */
export function pyBool(b: boolean): string {
  return b ? 'True' : 'False';
}

/** Nested values as a Python list, each number written by `scalar`. */
function pyList(values: PyNested, scalar: (x: number) => string): string {
  if (typeof values === 'number') return scalar(values);
  return `[${values.map((v) => pyList(v, scalar)).join(', ')}]`;
}

/**
 * A torch.tensor literal holding exactly these values in this dtype; float32 (PyTorch's
 * default) is left implicit, float64 is written out, int64 follows from the int literals.
 * @example torchTensor([[1, 2]], 'float64') // 'torch.tensor([[1.0, 2.0]], dtype=torch.float64)'
 */
export function torchTensor(values: PyNested, dtype: TorchDType = 'float32'): string {
  if (dtype === 'int64') return `torch.tensor(${pyList(values, pyInt)})`;
  const list = pyList(values, pyFloat);
  return dtype === 'float32'
    ? `torch.tensor(${list})`
    : `torch.tensor(${list}, dtype=torch.${dtype})`;
}

/**
 * A call with positional and keyword arguments, all given as Python code; a keyword whose
 * value is undefined is left out, so optional arguments at their default disappear.
 * @example pyCall('F.cross_entropy', ['logits', 'target'], { label_smoothing: pyFloat(0.1) })
 *   // 'F.cross_entropy(logits, target, label_smoothing=0.1)'
 */
export function pyCall(
  fn: string,
  args: readonly string[] = [],
  kwargs: Readonly<Record<string, string | undefined>> = {},
): string {
  const keywords = Object.entries(kwargs).flatMap(([name, value]) =>
    value === undefined ? [] : [`${name}=${value}`],
  );
  return `${fn}(${[...args, ...keywords].join(', ')})`;
}

/**
 * A print line; several expressions print separated by one space, as Python's print does.
 * @example pyPrint('loss') // 'print(loss)'
 */
export function pyPrint(...expressions: readonly string[]): string {
  return `print(${expressions.join(', ')})`;
}

/** Imports a program needs, found from the names its lines use (stdlib first, as PEP 8 orders). */
const IMPORTS: readonly (readonly [RegExp, string])[] = [
  [/\bmath\./, 'import math'],
  [/\btorch\./, 'import torch'],
  [/(?<![\w.])F\./, 'import torch.nn.functional as F'],
];

/**
 * A complete program: the imports its lines need (torch always), a blank line, then the lines.
 * @example pyProgram(['x = torch.tensor([1.0, 2.0])', 'print(F.softmax(x, dim=0))'])
 *   // 'import torch\nimport torch.nn.functional as F\n\nx = torch.tensor([1.0, 2.0])\nprint(…)'
 */
export function pyProgram(lines: readonly string[]): string {
  const body = lines.join('\n');
  const imports = IMPORTS.filter(([uses, line]) => uses.test(body) || line === 'import torch').map(
    ([, line]) => line,
  );
  return `${imports.join('\n')}\n\n${body}`;
}

/** x.toFixed(digits), but an exact tie rounds to the even neighbour as Python does (JS rounds up). */
function fixedHalfEven(x: number, digits: number): string {
  const plain = x.toFixed(digits);
  const long = x.toFixed(Math.min(100, digits + 30));
  const tail = long.slice(long.indexOf('.') + 1 + digits);
  if (!/^50*$/.test(tail)) return plain;
  const kept = long.slice(0, long.indexOf('.') + 1 + digits).replace(/\.$/, '');
  return Number(kept.at(-1)) % 2 === 0 ? kept : plain;
}

/**
 * Python's format(x, '.Nf') (an f-string's {x:.4f}): what a program prints for a rounded float.
 * @example pyFixed(0.125, 2) // '0.12'; pyFixed(Infinity, 4) // 'inf'
 */
export function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  // toFixed switches to exponents from 1e21; floats that large are integers, BigInt spells them.
  const magnitude = Math.abs(x);
  const text =
    magnitude >= 1e21
      ? `${BigInt(magnitude).toString()}${digits > 0 ? '.' : ''}${'0'.repeat(digits)}`
      : fixedHalfEven(magnitude, digits);
  return x < 0 || Object.is(x, -0) ? `-${text}` : text;
}
