// Binding a call's arguments to a torch function's parameters, with Python's TypeErrors for a
// missing, surplus, repeated or unknown argument, and the conversions every op needs (an int
// dim, a bool flag, a reduction string), each refusing a wrong type with PyTorch's wording.
import {
  NONE,
  PyException,
  PyObject,
  type PyCall,
  type PyKwargs,
  type PyValue,
  type Runtime,
} from '../values';
import { describeKind } from './dtype';

/** A parameter: its name and default (undefined: required); keywordOnly after a `*`. */
export interface Param {
  readonly name: string;
  readonly default?: PyValue;
  readonly keywordOnly?: boolean;
}

/** Shorthand for a parameter list: 'input', ['dim', NONE], '*' (the rest keyword-only). */
export type ParamSpec = readonly (string | readonly [string, PyValue])[];

/** Expand a ParamSpec. */
export function params(spec: ParamSpec): Param[] {
  const out: Param[] = [];
  let keywordOnly = false;
  for (const p of spec) {
    if (p === '*') keywordOnly = true;
    else if (typeof p === 'string') out.push({ name: p, keywordOnly });
    else out.push({ name: p[0], default: p[1], keywordOnly });
  }
  return out;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Bind positional and keyword arguments to parameters as Python does, or raise its TypeError. */
export function bind(
  fn: string,
  spec: readonly Param[],
  args: readonly PyValue[],
  kwargs: PyKwargs,
): Map<string, PyValue> {
  const positional = spec.filter((p) => p.keywordOnly !== true);
  const required = positional.filter((p) => p.default === undefined).length;
  if (args.length > positional.length) {
    const range =
      required === positional.length
        ? `${positional.length}`
        : `from ${required} to ${positional.length}`;
    throw new PyException(
      'TypeError',
      `${fn}() takes ${range} positional argument${positional.length === 1 && required === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`,
    );
  }
  const bound = new Map<string, PyValue>();
  args.forEach((value, i) => bound.set((positional[i] as Param).name, value));
  for (const [name, value] of kwargs) {
    if (!spec.some((p) => p.name === name)) {
      throw new PyException('TypeError', `${fn}() got an unexpected keyword argument '${name}'`);
    }
    if (bound.has(name)) {
      throw new PyException('TypeError', `${fn}() got multiple values for argument '${name}'`);
    }
    bound.set(name, value);
  }
  const missing = spec.filter((p) => p.default === undefined && !bound.has(p.name));
  if (missing.length > 0) {
    const names = missing.map((p) => `'${p.name}'`);
    const list =
      names.length === 1
        ? (names[0] as string)
        : `${names.slice(0, -1).join(', ')} and ${names.at(-1) as string}`;
    const kind = missing[0]?.keywordOnly === true ? 'keyword-only' : 'positional';
    throw new PyException(
      'TypeError',
      `${fn}() missing ${plural(missing.length, `required ${kind} argument`)}: ${list}`,
    );
  }
  for (const p of spec) if (!bound.has(p.name)) bound.set(p.name, p.default as PyValue);
  return bound;
}

/** A bound call's arguments by name. */
export class Args {
  readonly fn: string;
  private readonly values: Map<string, PyValue>;
  constructor(fn: string, values: Map<string, PyValue>) {
    this.fn = fn;
    this.values = values;
  }
  get(name: string): PyValue {
    return this.values.get(name) ?? NONE;
  }
  isNone(name: string): boolean {
    return this.get(name).kind === 'none';
  }
  /** An int argument (a bool is an int in Python); raises PyTorch's TypeError otherwise. */
  int(name: string): number {
    return intOf(this.get(name), this.fn, name);
  }
  /** An int or None. */
  optionalInt(name: string): number | null {
    return this.isNone(name) ? null : this.int(name);
  }
  /** A float (ints accepted). */
  number(name: string): number {
    const v = this.get(name);
    if (v.kind === 'int' || v.kind === 'float') return v.value;
    if (v.kind === 'bool') return v.value ? 1 : 0;
    throw new PyException(
      'TypeError',
      `${this.fn}(): argument '${name}' must be float, not ${describeKind(v)}`,
    );
  }
  bool(name: string): boolean {
    const v = this.get(name);
    if (v.kind === 'bool') return v.value;
    throw new PyException(
      'TypeError',
      `${this.fn}(): argument '${name}' must be bool, not ${describeKind(v)}`,
    );
  }
  str(name: string): string {
    const v = this.get(name);
    if (v.kind === 'str') return v.value;
    throw new PyException(
      'TypeError',
      `${this.fn}(): argument '${name}' must be str, not ${describeKind(v)}`,
    );
  }
}

/** Bind, then wrap as Args. */
export function bindArgs(
  fn: string,
  spec: readonly Param[],
  args: readonly PyValue[],
  kwargs: PyKwargs,
): Args {
  return new Args(fn, bind(fn, spec, args, kwargs));
}

/** An int value (bools count), or PyTorch's TypeError naming the argument. */
export function intOf(v: PyValue, fn: string, name: string): number {
  if (v.kind === 'int') return v.value;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  if (v instanceof PyObject && v.toNumber !== undefined && v.typeName === 'Tensor') {
    throw new PyException('TypeError', `${fn}(): argument '${name}' must be int, not Tensor`);
  }
  throw new PyException(
    'TypeError',
    `${fn}(): argument '${name}' must be int, not ${describeKind(v)}`,
  );
}

/** A function object of the torch module: `torch.softmax`, `F.cross_entropy`, a bound method. */
export class PyFunction extends PyObject {
  readonly typeName: string;
  readonly name: string;
  private readonly impl: PyCall;
  private readonly reprText: string;
  constructor(name: string, impl: PyCall, options: { typeName?: string; repr?: string } = {}) {
    super();
    this.name = name;
    this.impl = impl;
    this.typeName = options.typeName ?? 'builtin_function_or_method';
    this.reprText = options.repr ?? `<built-in method ${name}>`;
  }
  repr(): string {
    return this.reprText;
  }
  override call(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
    rt.tick(1);
    return this.impl(args, kwargs, rt);
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === '__name__') return { kind: 'str', value: this.name };
    return undefined;
  }
}

/** A module object (`torch`, `torch.nn`, `torch.nn.functional`): a namespace of attributes. */
export class PyModule extends PyObject {
  readonly typeName = 'module';
  readonly name: string;
  readonly members = new Map<string, PyValue>();
  constructor(name: string) {
    super();
    this.name = name;
  }
  repr(): string {
    return `<module '${this.name}'>`;
  }
  override getAttr(name: string): PyValue | undefined {
    if (name === '__name__') return { kind: 'str', value: this.name };
    const member = this.members.get(name);
    if (member === undefined) {
      throw new PyException('AttributeError', `module '${this.name}' has no attribute '${name}'`);
    }
    return member;
  }
  /** Add a function by its Python name. */
  def(name: string, impl: PyCall, python = false): PyFunction {
    const f = new PyFunction(name, impl, {
      typeName: python ? 'function' : 'builtin_function_or_method',
      repr: python ? `<function ${name}>` : `<built-in method ${name} of type object>`,
    });
    this.members.set(name, f);
    return f;
  }
}

/**
 * PyTorch's C++ overloads, as its argument parser lists them when no overload matches
 * (recorded from PyTorch 1.13): `Tensor.sum`, `torch.softmax`, ….
 */
const OVERLOADS: Record<string, readonly string[]> = {
  'torch.softmax': [
    'Tensor input, int dim, torch.dtype dtype, *, Tensor out',
    'Tensor input, name dim, *, torch.dtype dtype',
  ],
  'torch.log_softmax': [
    'Tensor input, int dim, torch.dtype dtype, *, Tensor out',
    'Tensor input, name dim, *, torch.dtype dtype',
  ],
  'Tensor.softmax': ['int dim, torch.dtype dtype', 'name dim, *, torch.dtype dtype'],
  'Tensor.log_softmax': ['int dim, torch.dtype dtype', 'name dim, *, torch.dtype dtype'],
  'Tensor.sum': [
    '*, torch.dtype dtype',
    'tuple of ints dim, bool keepdim, *, torch.dtype dtype',
    'tuple of names dim, bool keepdim, *, torch.dtype dtype',
  ],
  'Tensor.mean': [
    '*, torch.dtype dtype',
    'tuple of ints dim, bool keepdim, *, torch.dtype dtype',
    'tuple of names dim, bool keepdim, *, torch.dtype dtype',
  ],
  'torch.sum': [
    'Tensor input, *, torch.dtype dtype',
    'Tensor input, tuple of ints dim, bool keepdim, *, torch.dtype dtype, Tensor out',
    'Tensor input, tuple of names dim, bool keepdim, *, torch.dtype dtype, Tensor out',
  ],
  'torch.mean': [
    'Tensor input, *, torch.dtype dtype',
    'Tensor input, tuple of ints dim, bool keepdim, *, torch.dtype dtype, Tensor out',
    'Tensor input, tuple of names dim, bool keepdim, *, torch.dtype dtype, Tensor out',
  ],
  'torch.logsumexp': [
    'Tensor input, tuple of ints dim, bool keepdim, *, Tensor out',
    'Tensor input, tuple of names dim, bool keepdim, *, Tensor out',
  ],
  'Tensor.logsumexp': ['tuple of ints dim, bool keepdim', 'tuple of names dim, bool keepdim'],
  'torch.zeros': [
    'tuple of ints size, *, tuple of names names, torch.dtype dtype, torch.layout layout, torch.device device, bool pin_memory, bool requires_grad',
    'tuple of SymInts size, *, Tensor out, torch.dtype dtype, torch.layout layout, torch.device device, bool pin_memory, bool requires_grad',
  ],
  'torch.ones': [
    'tuple of ints size, *, tuple of names names, torch.dtype dtype, torch.layout layout, torch.device device, bool pin_memory, bool requires_grad',
    'tuple of SymInts size, *, Tensor out, torch.dtype dtype, torch.layout layout, torch.device device, bool pin_memory, bool requires_grad',
  ],
};

/** A value's type as PyTorch's argument parser names it in "got (Tensor, dim=int)". */
function parserType(v: PyValue): string {
  if (v.kind === 'object') return v.typeName === 'dtype' ? 'torch.dtype' : v.typeName;
  return v.kind === 'none' ? 'NoneType' : v.kind;
}

/**
 * Bind a C++ builtin's call: a missing or unknown argument gets PyTorch's "received an invalid
 * combination of arguments" listing of its overloads (too many positionals keep Python's text).
 */
export function bindBuiltin(
  qualified: string,
  fn: string,
  spec: readonly Param[],
  args: readonly PyValue[],
  kwargs: PyKwargs,
): Args {
  try {
    return bindArgs(fn, spec, args, kwargs);
  } catch (error) {
    const overloads = OVERLOADS[qualified];
    if (
      !(error instanceof PyException) ||
      overloads === undefined ||
      /positional arguments? but/.test(error.pyMessage)
    ) {
      throw error;
    }
    // The parser lists keyword arguments last-first: after each one with no positionals, before each with some.
    const keys = [...kwargs].reverse().map(([k, v]) => `${k}=${parserType(v)}`);
    const positional = args.map(parserType);
    const got =
      positional.length === 0
        ? keys.map((k) => `${k}, `).join('')
        : positional.join(', ') + keys.map((k) => `, ${k}`).join('');
    throw new PyException(
      'TypeError',
      `${fn}() received an invalid combination of arguments - got (${got}), but expected one of:\n${overloads.map((o) => ` * (${o})`).join('\n')}`,
    );
  }
}
