// The values a PyTorch cell's program computes with, and the contract between the Python
// language (parser, evaluator, builtins: src/pycell/*.ts) and the objects it does not know
// itself (torch, its tensors, modules and dtypes: src/pycell/torch/). Python's own scalars and
// containers are plain tagged records; everything else is a PyObject subclass.

/** Python's None. */
export interface PyNone {
  readonly kind: 'none';
}
/** A Python bool. */
export interface PyBool {
  readonly kind: 'bool';
  readonly value: boolean;
}
/** A Python int, held exactly while it is a safe integer (beyond that the program is refused). */
export interface PyInt {
  readonly kind: 'int';
  readonly value: number;
}
/** A Python float (an IEEE double, as CPython's). */
export interface PyFloat {
  readonly kind: 'float';
  readonly value: number;
}
/** A Python str. */
export interface PyStr {
  readonly kind: 'str';
  readonly value: string;
}
/** A Python list: mutable, so `items` is shared by every name bound to it. */
export interface PyList {
  readonly kind: 'list';
  readonly items: PyValue[];
}
/** A Python tuple. */
export interface PyTuple {
  readonly kind: 'tuple';
  readonly items: readonly PyValue[];
}
/** A slice `start:stop:step` as written in a subscript; null where a bound was left out. */
export interface PySlice {
  readonly kind: 'slice';
  readonly start: number | null;
  readonly stop: number | null;
  readonly step: number | null;
}
/** `...` in a subscript. */
export interface PyEllipsis {
  readonly kind: 'ellipsis';
}

/** Any value a program can name. */
export type PyValue =
  PyNone | PyBool | PyInt | PyFloat | PyStr | PyList | PyTuple | PySlice | PyEllipsis | PyObject;

/** Binary operators, by their Python spelling. */
export type BinaryOp = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@';
/** Comparison operators (not `is`/`in`, which the evaluator handles itself). */
export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** Keyword arguments of a call, in the order they were written. */
export type PyKwargs = ReadonlyMap<string, PyValue>;

/** A callable's implementation (a builtin, a torch function, a constructor, a module's forward). */
export type PyCall = (args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime) => PyValue;

/**
 * An exception a program raises: its Python type name ('RuntimeError', 'TypeError', …) and
 * message; the evaluator prints `type: message` as the last line of the traceback.
 */
export class PyException extends Error {
  override readonly name = 'PyException';
  readonly pyType: string;
  readonly pyMessage: string;
  constructor(pyType: string, pyMessage: string) {
    super(pyMessage === '' ? pyType : `${pyType}: ${pyMessage}`);
    this.pyType = pyType;
    this.pyMessage = pyMessage;
  }
  /** The line Python prints last for this exception when nothing catches it. */
  get line(): string {
    return this.pyMessage === '' ? this.pyType : `${this.pyType}: ${this.pyMessage}`;
  }
}

/** What the evaluator lends to objects while a program runs: its budget and grad mode. */
export interface Runtime {
  /** Charge `cost` units against the run's operation budget; raises once it is spent. */
  tick(cost?: number): void;
  /** Refuse a tensor of more elements than a cell may hold (10⁶). */
  checkElements(count: number): void;
  /** False inside `with torch.no_grad():`. */
  gradEnabled: boolean;
}

/**
 * An object of a type the language does not define itself: a module, a function, a tensor,
 * a dtype, a torch.Size, an nn.Module, an optimizer, a context manager. Each hook left
 * undefined means the operation is unsupported, and the evaluator raises Python's TypeError or
 * AttributeError naming `typeName`.
 */
export abstract class PyObject {
  readonly kind = 'object' as const;
  /** `type(x).__name__`, as Python's error messages name it: 'Tensor', 'module', 'dtype'. */
  abstract readonly typeName: string;
  /** `repr(x)`; also `str(x)` unless `str` is overridden. */
  abstract repr(rt: Runtime): string;
  /** `str(x)`, what print() shows. */
  str(rt: Runtime): string {
    return this.repr(rt);
  }
  /** `x.name`; undefined means no such attribute (AttributeError). */
  getAttr(_name: string, _rt: Runtime): PyValue | undefined {
    return undefined;
  }
  /** `x.name = value`; false means the attribute cannot be set (AttributeError). */
  setAttr(_name: string, _value: PyValue, _rt: Runtime): boolean {
    return false;
  }
  /** `x(*args, **kwargs)`. */
  call?(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue;
  /** `x op other` (or `other op x` when `reflected`); undefined means NotImplemented. */
  binary?(op: BinaryOp, other: PyValue, reflected: boolean, rt: Runtime): PyValue | undefined;
  /** `x op= other` in place (tensors); undefined falls back to `x = x op other`. */
  inplace?(op: BinaryOp, other: PyValue, rt: Runtime): PyValue | undefined;
  /** `-x`, `+x`. */
  unary?(op: '-' | '+', rt: Runtime): PyValue;
  /** `x op other` (or reflected); undefined means NotImplemented. */
  compare?(op: CompareOp, other: PyValue, reflected: boolean, rt: Runtime): PyValue | undefined;
  /** `x[key]`: key is an int, a slice, None, an ellipsis, a tensor or a tuple of those. */
  getItem?(key: PyValue, rt: Runtime): PyValue;
  /** `x[key] = value`. */
  setItem?(key: PyValue, value: PyValue, rt: Runtime): void;
  /** `for v in x` and `list(x)`. */
  iterate?(rt: Runtime): PyValue[];
  /** `len(x)`. */
  len?(rt: Runtime): number;
  /** `bool(x)`, `if x:`; undefined means always true, as for Python objects. */
  truthy?(rt: Runtime): boolean;
  /** `float(x)` and `int(x)`, for 0-d or one-element tensors. */
  toNumber?(rt: Runtime): PyInt | PyFloat;
  /** `format(x, spec)` / `f'{x:spec}'`; undefined spec support raises like Python. */
  format?(spec: string, rt: Runtime): string;
  /** `with x:` entry and exit. */
  enter?(rt: Runtime): PyValue;
  exit?(rt: Runtime): void;
}

/** The single None. */
export const NONE: PyNone = Object.freeze({ kind: 'none' });
/** The single ellipsis. */
export const ELLIPSIS: PyEllipsis = Object.freeze({ kind: 'ellipsis' });

/** A Python int (the evaluator refuses non-integers and unsafe magnitudes before calling this). */
export function pyInt(value: number): PyInt {
  return { kind: 'int', value };
}
/** A Python float. */
export function pyFloat(value: number): PyFloat {
  return { kind: 'float', value };
}
/** A Python bool. */
export function pyBool(value: boolean): PyBool {
  return { kind: 'bool', value };
}
/** A Python str. */
export function pyStr(value: string): PyStr {
  return { kind: 'str', value };
}
/** A Python tuple. */
export function pyTuple(items: readonly PyValue[]): PyTuple {
  return { kind: 'tuple', items };
}
/** A Python list over a fresh array. */
export function pyList(items: readonly PyValue[]): PyList {
  return { kind: 'list', items: [...items] };
}
