// Python's math module as a cell offers it: log (with a base), log2, log10, log1p, exp, expm1,
// sqrt, pow, the trigonometric and hyperbolic functions, fabs, floor, ceil, isclose, isnan, isinf, isfinite and the constants pi, e, tau,
// inf, nan — a small superset of what loss code uses, with CPython's domain and range errors.
import { PyBuiltin } from './builtins';
import { checkedInt } from './conversions';
import { typeName } from './python-repr';
import {
  PyException,
  PyObject,
  pyBool,
  pyFloat,
  type PyKwargs,
  type PyValue,
  type Runtime,
} from './values';

/** A real argument: int, float, bool, or an object with __float__ (a one-element tensor). */
function real(value: PyValue | undefined, rt: Runtime): number {
  if (value === undefined) return NaN;
  switch (value.kind) {
    case 'int':
    case 'float':
      return value.value;
    case 'bool':
      return value.value ? 1 : 0;
    case 'object':
      if (value.toNumber !== undefined) return value.toNumber(rt).value;
      break;
    default:
      break;
  }
  throw new PyException('TypeError', `must be real number, not ${typeName(value)}`);
}

function domainError(): PyException {
  return new PyException('ValueError', 'math domain error');
}

/** CPython's math_1: NaN out of a non-NaN input is a domain error, inf out of a finite one a range error. */
function checked(result: number, input: number, canOverflow: boolean): number {
  if (Number.isNaN(result) && !Number.isNaN(input)) throw domainError();
  if (canOverflow && !Number.isFinite(result) && Number.isFinite(input)) {
    throw new PyException('OverflowError', 'math range error');
  }
  return result;
}

function arity(
  name: string,
  args: readonly PyValue[],
  kwargs: PyKwargs,
  min: number,
  max = min,
): void {
  if (kwargs.size > 0)
    throw new PyException('TypeError', `math.${name}() takes no keyword arguments`);
  if (args.length >= min && args.length <= max) return;
  if (min === max && min === 1) {
    throw new PyException(
      'TypeError',
      `math.${name}() takes exactly one argument (${args.length} given)`,
    );
  }
  if (min === max) {
    throw new PyException('TypeError', `${name} expected ${min} arguments, got ${args.length}`);
  }
  throw new PyException(
    'TypeError',
    args.length < min
      ? `${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${args.length}`
      : `${name} expected at most ${max} arguments, got ${args.length}`,
  );
}

function unary(name: string, f: (x: number) => number, canOverflow = false): PyBuiltin {
  return new PyBuiltin(name, (args, kwargs, rt) => {
    arity(name, args, kwargs, 1);
    const x = real(args[0], rt);
    return pyFloat(checked(f(x), x, canOverflow));
  });
}

/** log that refuses x ≤ 0 as Python does (JS gives -Infinity or NaN). */
function logarithm(f: (x: number) => number): (x: number) => number {
  return (x) => {
    if (x <= 0) throw domainError();
    return f(x);
  };
}

class MathModule extends PyObject {
  readonly typeName = 'module';
  private readonly members = new Map<string, PyValue>();

  constructor() {
    super();
    const define = (value: PyBuiltin): void => {
      this.members.set(value.name, value);
    };
    define(new PyBuiltin('log', (args, kwargs, rt) => {
      if (args.length === 0 || args.length > 2) {
        throw new PyException('TypeError', 'math.log requires 1 to 2 arguments');
      }
      arity('log', args, kwargs, 1, 2);
      const x = real(args[0], rt);
      const ln = logarithm(Math.log);
      if (args.length === 1) return pyFloat(ln(x));
      // CPython computes log(x, base) as log(x) / log(base).
      const denominator = ln(real(args[1], rt));
      if (denominator === 0) throw new PyException('ZeroDivisionError', 'float division by zero');
      return pyFloat(ln(x) / denominator);
    }));
    define(unary('log2', logarithm(Math.log2)));
    define(unary('log10', logarithm(Math.log10)));
    define(unary('log1p', (x) => {
      if (x <= -1) throw domainError();
      return Math.log1p(x);
    }));
    define(unary('exp', Math.exp, true));
    define(unary('expm1', Math.expm1, true));
    define(unary('sqrt', Math.sqrt));
    define(unary('fabs', Math.abs));
    for (const name of [
      'sin',
      'cos',
      'tan',
      'asin',
      'acos',
      'atan',
      'sinh',
      'cosh',
      'tanh',
    ] as const) {
      define(unary(name, (x) => Math[name](x), name === 'sinh' || name === 'cosh'));
    }
    define(new PyBuiltin('pow', (args, kwargs, rt) => {
      arity('pow', args, kwargs, 2);
      const x = real(args[0], rt);
      const y = real(args[1], rt);
      if (x === 0 && y < 0) throw domainError();
      const result = x ** y;
      return pyFloat(checked(result, x + y, true));
    }));
    for (const name of ['floor', 'ceil'] as const) {
      define(new PyBuiltin(name, (args, kwargs, rt) => {
        arity(name, args, kwargs, 1);
        const x = real(args[0], rt);
        if (Number.isNaN(x))
          throw new PyException('ValueError', 'cannot convert float NaN to integer');
        if (!Number.isFinite(x)) {
          throw new PyException('OverflowError', 'cannot convert float infinity to integer');
        }
        return checkedInt(Math[name](x));
      }));
    }
    for (const [name, test] of [
      ['isnan', Number.isNaN],
      ['isinf', (x: number) => x === Infinity || x === -Infinity],
      ['isfinite', Number.isFinite],
    ] as const) {
      define(new PyBuiltin(name, (args, kwargs, rt) => {
        arity(name, args, kwargs, 1);
        return pyBool(test(real(args[0], rt)));
      }));
    }
    define(new PyBuiltin('isclose', (args, kwargs, rt) => {
      for (const key of kwargs.keys()) {
        if (key !== 'rel_tol' && key !== 'abs_tol') {
          throw new PyException(
            'TypeError',
            `isclose() got an unexpected keyword argument '${key}'`,
          );
        }
      }
      if (args.length !== 2) {
        throw new PyException(
          'TypeError',
          `isclose() takes exactly 2 positional arguments (${args.length} given)`,
        );
      }
      const a = real(args[0], rt);
      const b = real(args[1], rt);
      const relative = real(kwargs.get('rel_tol') ?? pyFloat(1e-9), rt);
      const absolute = real(kwargs.get('abs_tol') ?? pyFloat(0), rt);
      if (relative < 0 || absolute < 0) {
        throw new PyException('ValueError', 'tolerances must be non-negative');
      }
      // CPython's rule: equal, or |a−b| within rel_tol of the larger magnitude or within abs_tol.
      if (a === b) return pyBool(true);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return pyBool(false);
      const difference = Math.abs(b - a);
      return pyBool(
        difference <= Math.abs(relative * b) ||
          difference <= Math.abs(relative * a) ||
          difference <= absolute,
      );
    }));
    this.members.set('pi', pyFloat(Math.PI));
    this.members.set('e', pyFloat(Math.E));
    this.members.set('tau', pyFloat(2 * Math.PI));
    this.members.set('inf', pyFloat(Infinity));
    this.members.set('nan', pyFloat(NaN));
  }

  repr(): string {
    return "<module 'math' (built-in)>";
  }

  override getAttr(name: string): PyValue | undefined {
    return this.members.get(name);
  }
}

/** A fresh math module for one run, so nothing one program does to it reaches another. */
export function createMath(): PyObject {
  return new MathModule();
}
