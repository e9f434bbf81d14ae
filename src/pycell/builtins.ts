// Python's builtins a cell's program can call (print, range, len, float, int, str, round, min,
// max, sum, list, tuple, enumerate, zip, …) and the methods of list and str, with CPython's
// argument checks and error messages.
import { checkedInt, toFloat, toInt, truncate } from './conversions';
import { formatSpec } from './format-spec';
import { asIndex, binaryOp, chargeSequence, compareOp, equals, truthy } from './operators';
import { repr, str, stringRepr, typeName } from './python-repr';
import {
  NONE,
  PyException,
  PyObject,
  pyBool,
  pyFloat,
  pyInt,
  pyStr,
  pyTuple,
  type CompareOp,
  type PyCall,
  type PyKwargs,
  type PyValue,
  type Runtime,
} from './values';

/** A built-in function or bound method: `<built-in function len>`. */
export class PyBuiltin extends PyObject {
  readonly typeName: string = 'builtin_function_or_method';
  readonly name: string;
  readonly owner: string | null;
  private readonly implementation: PyCall;

  constructor(name: string, implementation: PyCall, owner: string | null = null) {
    super();
    this.name = name;
    this.implementation = implementation;
    this.owner = owner;
  }

  repr(): string {
    return this.owner === null
      ? `<built-in function ${this.name}>`
      : `<built-in method ${this.name} of ${this.owner} object>`;
  }

  override call(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
    return this.implementation(args, kwargs, rt);
  }
}

/** A built-in type (int, float, str, bool, list, tuple): callable, and what isinstance tests. */
class PyType extends PyObject {
  readonly typeName = 'type';
  readonly name: string;
  private readonly construct: PyCall;

  constructor(name: string, construct: PyCall) {
    super();
    this.name = name;
    this.construct = construct;
  }

  repr(): string {
    return `<class '${this.name}'>`;
  }

  override call(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
    return this.construct(args, kwargs, rt);
  }
}

/** `range(start, stop, step)`: lazy, so `for i in range(10**9)` costs only what it runs. */
export class PyRange extends PyObject {
  readonly typeName = 'range';
  readonly start: number;
  readonly stop: number;
  readonly step: number;

  constructor(start: number, stop: number, step: number) {
    super();
    this.start = start;
    this.stop = stop;
    this.step = step;
  }

  repr(): string {
    return this.step === 1
      ? `range(${this.start}, ${this.stop})`
      : `range(${this.start}, ${this.stop}, ${this.step})`;
  }

  override len(): number {
    const span = this.step > 0 ? this.stop - this.start : this.start - this.stop;
    return Math.max(0, Math.ceil(span / Math.abs(this.step)));
  }

  override iterate(rt: Runtime): PyValue[] {
    const length = this.len();
    chargeSequence(length, rt);
    return Array.from({ length }, (_, i) => pyInt(this.start + i * this.step));
  }

  override getItem(key: PyValue, rt: Runtime): PyValue {
    const index = asIndex(key, rt);
    if (index === undefined) {
      throw new PyException(
        'TypeError',
        `range indices must be integers or slices, not ${typeName(key)}`,
      );
    }
    const length = this.len();
    const position = index < 0 ? index + length : index;
    if (position < 0 || position >= length) {
      throw new PyException('IndexError', 'range object index out of range');
    }
    return pyInt(this.start + position * this.step);
  }

  override truthy(): boolean {
    return this.len() > 0;
  }

  override compare(op: CompareOp, other: PyValue): PyValue | undefined {
    if ((op !== '==' && op !== '!=') || !(other instanceof PyRange)) return undefined;
    // Ranges are equal when they hold the same numbers (range(0) == range(5, 5)).
    const length = this.len();
    const same =
      length === other.len() &&
      (length === 0 || (this.start === other.start && (length === 1 || this.step === other.step)));
    return pyBool(same === (op === '=='));
  }
}

/** enumerate(...) and zip(...): one pass over precomputed items, as Python's iterators. */
class PyIterator extends PyObject {
  readonly typeName: string;
  private items: PyValue[] | null;

  constructor(typeName: string, items: PyValue[]) {
    super();
    this.typeName = typeName;
    this.items = items;
  }

  repr(): string {
    return `<${this.typeName} object>`;
  }

  override iterate(): PyValue[] {
    const items = this.items ?? [];
    this.items = null;
    return items;
  }
}

/** The items of an iterable (str, list, tuple, range, tensor, iterator), or Python's TypeError. */
export function iterate(value: PyValue, rt: Runtime): readonly PyValue[] {
  switch (value.kind) {
    case 'list':
    case 'tuple':
      return value.items;
    case 'str':
      chargeSequence(value.value.length, rt);
      return Array.from(value.value, (char) => pyStr(char));
    case 'object':
      if (value.iterate !== undefined) return value.iterate(rt);
      break;
    default:
      break;
  }
  throw new PyException('TypeError', `'${typeName(value)}' object is not iterable`);
}

function checkArity(name: string, args: readonly PyValue[], min: number, max: number): void {
  if (args.length >= min && args.length <= max) return;
  if (min === max) {
    const what = min === 1 ? 'exactly one argument' : `exactly ${min} arguments`;
    throw new PyException('TypeError', `${name}() takes ${what} (${args.length} given)`);
  }
  if (args.length < min) {
    throw new PyException(
      'TypeError',
      `${name} expected at least ${min} argument${min === 1 ? '' : 's'}, got ${args.length}`,
    );
  }
  throw new PyException(
    'TypeError',
    `${name} expected at most ${max} argument${max === 1 ? '' : 's'}, got ${args.length}`,
  );
}

function noKeywords(name: string, kwargs: PyKwargs): void {
  if (kwargs.size > 0) throw new PyException('TypeError', `${name}() takes no keyword arguments`);
}

function onlyKeywords(name: string, kwargs: PyKwargs, allowed: readonly string[]): void {
  for (const key of kwargs.keys()) {
    if (!allowed.includes(key)) {
      throw new PyException('TypeError', `'${key}' is an invalid keyword argument for ${name}()`);
    }
  }
}

function integerArgument(value: PyValue, rt: Runtime): number {
  const index = asIndex(value, rt);
  if (index === undefined) {
    throw new PyException(
      'TypeError',
      `'${typeName(value)}' object cannot be interpreted as an integer`,
    );
  }
  return index;
}

/** Rounds half to even, as Python's round(x) does for a float. */
function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const difference = x - floor;
  if (difference > 0.5) return floor + 1;
  if (difference < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

function round(args: readonly PyValue[], kwargs: PyKwargs, rt: Runtime): PyValue {
  onlyKeywords('round', kwargs, ['ndigits']);
  const [value = NONE, digitsArgument = kwargs.get('ndigits') ?? NONE] = args;
  if (args.length === 0)
    throw new PyException('TypeError', "round() missing required argument 'number' (pos 1)");
  if (args.length > 2)
    throw new PyException('TypeError', `round() takes at most 2 arguments (${args.length} given)`);
  if (value.kind === 'object') {
    const method = value.getAttr('round', rt);
    if (method?.kind === 'object' && method.call !== undefined) {
      const kw = new Map<string, PyValue>();
      if (digitsArgument.kind !== 'none') kw.set('decimals', digitsArgument);
      return method.call([], kw, rt);
    }
  }
  if (value.kind !== 'int' && value.kind !== 'float' && value.kind !== 'bool') {
    throw new PyException('TypeError', `type ${typeName(value)} doesn't define __round__ method`);
  }
  const x = value.kind === 'bool' ? Number(value.value) : value.value;
  if (digitsArgument.kind === 'none') {
    if (value.kind !== 'float') return pyInt(x);
    return truncate(roundHalfEven(x));
  }
  const digits = integerArgument(digitsArgument, rt);
  if (value.kind !== 'float') {
    if (digits >= 0) return pyInt(x);
    const scale = 10 ** -digits;
    return checkedInt(roundHalfEven(x / scale) * scale);
  }
  if (!Number.isFinite(x)) return value;
  if (digits >= 0) {
    // CPython rounds the exact binary value to `digits` decimals and reads it back (round(2.675, 2) = 2.67).
    if (digits > 320) return value;
    return pyFloat(Number(formatSpec(value, `.${digits}f`)));
  }
  const scale = 10 ** -digits;
  return pyFloat(roundHalfEven(x / scale) * scale);
}

function lessThan(a: PyValue, b: PyValue, rt: Runtime): boolean {
  return truthy(compareOp('<', a, b, rt), rt);
}

function extreme(name: 'min' | 'max'): PyCall {
  return (args, kwargs, rt) => {
    onlyKeywords(name, kwargs, ['default']);
    if (args.length === 0) {
      throw new PyException('TypeError', `${name} expected at least 1 argument, got 0`);
    }
    const items = args.length === 1 ? iterate(args[0] as PyValue, rt) : args;
    if (items.length === 0) {
      const fallback = kwargs.get('default');
      if (fallback !== undefined) return fallback;
      throw new PyException('ValueError', `${name}() arg is an empty sequence`);
    }
    let best = items[0] as PyValue;
    for (const item of items.slice(1)) {
      rt.tick();
      if (name === 'max' ? lessThan(best, item, rt) : lessThan(item, best, rt)) best = item;
    }
    return best;
  };
}

function abs(value: PyValue, rt: Runtime): PyValue {
  if (value.kind === 'int' || value.kind === 'bool') return pyInt(Math.abs(Number(value.value)));
  if (value.kind === 'float') return pyFloat(Math.abs(value.value));
  if (value.kind === 'object') {
    const method = value.getAttr('abs', rt);
    if (method?.kind === 'object' && method.call !== undefined)
      return method.call([], new Map(), rt);
  }
  throw new PyException('TypeError', `bad operand type for abs(): '${typeName(value)}'`);
}

function print(out: (text: string) => void): PyCall {
  return (args, kwargs, rt) => {
    onlyKeywords('print', kwargs, ['sep', 'end', 'file', 'flush']);
    const text = (key: 'sep' | 'end', fallback: string): string => {
      const value = kwargs.get(key) ?? NONE;
      if (value.kind === 'none') return fallback;
      if (value.kind !== 'str') {
        throw new PyException(
          'TypeError',
          `${key} must be None or a string, not ${typeName(value)}`,
        );
      }
      return value.value;
    };
    const file = kwargs.get('file');
    if (file !== undefined && file.kind !== 'none') {
      throw new PyException(
        'TypeError',
        'print(file=...) is not supported in this cell: it prints to the output only',
      );
    }
    out(args.map((arg) => str(arg, rt)).join(text('sep', ' ')) + text('end', '\n'));
    return NONE;
  };
}

/** format(value, spec) for any value: Python's scalars here, objects through their hook. */
export function formatValue(value: PyValue, spec: string, rt: Runtime): string {
  switch (value.kind) {
    case 'int':
    case 'float':
    case 'str':
    case 'bool':
      return formatSpec(value, spec);
    case 'object':
      if (value.format !== undefined) return value.format(spec, rt);
      break;
    default:
      break;
  }
  if (spec === '') return str(value, rt);
  throw new PyException(
    'TypeError',
    `unsupported format string passed to ${typeName(value)}.__format__`,
  );
}

/** `'{} {:.2f}'.format(a, b)`: auto and explicit field numbers, !r/!s and format specs. */
function strFormat(
  template: string,
  args: readonly PyValue[],
  kwargs: PyKwargs,
  rt: Runtime,
): string {
  let auto = 0;
  let numbering: 'automatic' | 'manual' | null = null;
  const number = (kind: 'automatic' | 'manual'): void => {
    if (numbering !== null && numbering !== kind) {
      throw new PyException(
        'ValueError',
        kind === 'manual'
          ? 'cannot switch from automatic field numbering to manual field specification'
          : 'cannot switch from manual field specification to automatic field numbering',
      );
    }
    numbering = kind;
  };
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const char = template[i] ?? '';
    if (char === '{' && template[i + 1] === '{') {
      out += '{';
      i++;
      continue;
    }
    if (char === '}' && template[i + 1] === '}') {
      out += '}';
      i++;
      continue;
    }
    if (char === '}')
      throw new PyException('ValueError', "Single '}' encountered in format string");
    if (char !== '{') {
      out += char;
      continue;
    }
    const end = template.indexOf('}', i);
    if (end === -1) throw new PyException('ValueError', "Single '{' encountered in format string");
    const field = template.slice(i + 1, end);
    i = end;
    const match = /^([^!:]*)(?:!([rsa]))?(?::(.*))?$/su.exec(field);
    if (match === null)
      throw new PyException('ValueError', "expected ':' after conversion specifier");
    const [, key = '', conversion, spec = ''] = match;
    let value: PyValue | undefined;
    if (key === '') {
      number('automatic');
      value = args[auto++];
      if (value === undefined) {
        throw new PyException(
          'IndexError',
          `Replacement index ${auto - 1} out of range for positional args tuple`,
        );
      }
    } else if (/^\d+$/u.test(key)) {
      number('manual');
      value = args[Number(key)];
      if (value === undefined) {
        throw new PyException(
          'IndexError',
          `Replacement index ${key} out of range for positional args tuple`,
        );
      }
    } else {
      value = kwargs.get(key);
      if (value === undefined) throw new PyException('KeyError', stringRepr(key));
    }
    if (conversion === 'r' || conversion === 'a') value = pyStr(repr(value, rt));
    else if (conversion === 's') value = pyStr(str(value, rt));
    out += formatValue(value, spec, rt);
  }
  return out;
}

/** The bound method `name` of a str, list or tuple, or undefined (AttributeError). */
export function valueMethod(owner: PyValue, name: string): PyValue | undefined {
  if (owner.kind === 'list') {
    const items = owner.items;
    const method = (implementation: PyCall): PyBuiltin =>
      new PyBuiltin(name, implementation, 'list');
    switch (name) {
      case 'append':
        return method((args, kwargs, rt) => {
          noKeywords('list.append', kwargs);
          checkArity('list.append', args, 1, 1);
          chargeSequence(items.length + 1, rt);
          items.push(args[0] as PyValue);
          return NONE;
        });
      case 'extend':
        return method((args, kwargs, rt) => {
          noKeywords('list.extend', kwargs);
          checkArity('list.extend', args, 1, 1);
          const added = iterate(args[0] as PyValue, rt);
          const count = added.length;
          chargeSequence(items.length + count, rt);
          // One push per item (a spread would overflow the JS stack on a long list); the count
          // is read first so `l.extend(l)` adds l's items once, as Python does.
          for (let i = 0; i < count; i++) items.push(added[i] as PyValue);
          return NONE;
        });
      case 'pop':
        return method((args, kwargs, rt) => {
          noKeywords('list.pop', kwargs);
          if (args.length > 1)
            throw new PyException(
              'TypeError',
              `pop expected at most 1 argument, got ${args.length}`,
            );
          if (items.length === 0) throw new PyException('IndexError', 'pop from empty list');
          const index = args[0] === undefined ? items.length - 1 : integerArgument(args[0], rt);
          const position = index < 0 ? index + items.length : index;
          if (position < 0 || position >= items.length)
            throw new PyException('IndexError', 'pop index out of range');
          return items.splice(position, 1)[0] as PyValue;
        });
      case 'insert':
        return method((args, kwargs, rt) => {
          noKeywords('list.insert', kwargs);
          if (args.length !== 2)
            throw new PyException('TypeError', `insert expected 2 arguments, got ${args.length}`);
          chargeSequence(items.length + 1, rt);
          const index = integerArgument(args[0] as PyValue, rt);
          const position = Math.min(
            Math.max(index < 0 ? index + items.length : index, 0),
            items.length,
          );
          items.splice(position, 0, args[1] as PyValue);
          return NONE;
        });
      case 'index':
      case 'count':
        return method((args, kwargs, rt) => {
          noKeywords(`list.${name}`, kwargs);
          checkArity(`list.${name}`, args, 1, 1);
          rt.tick(items.length);
          const target = args[0] as PyValue;
          if (name === 'count')
            return pyInt(items.filter((item) => equals(item, target, rt, 0)).length);
          const found = items.findIndex((item) => equals(item, target, rt, 0));
          if (found === -1)
            throw new PyException('ValueError', `${repr(target, rt)} is not in list`);
          return pyInt(found);
        });
      case 'reverse':
        return method((args, kwargs) => {
          noKeywords('list.reverse', kwargs);
          checkArity('list.reverse', args, 0, 0);
          items.reverse();
          return NONE;
        });
      case 'copy':
        return method((args, kwargs) => {
          noKeywords('list.copy', kwargs);
          checkArity('list.copy', args, 0, 0);
          return { kind: 'list', items: [...items] };
        });
      default:
        return undefined;
    }
  }
  if (owner.kind === 'str') {
    const text = owner.value;
    const method = (implementation: PyCall): PyBuiltin =>
      new PyBuiltin(name, implementation, 'str');
    const stringArgument = (value: PyValue | undefined, what: string): string => {
      if (value?.kind !== 'str') {
        throw new PyException(
          'TypeError',
          `${what} must be str, not ${value === undefined ? 'nothing' : typeName(value)}`,
        );
      }
      return value.value;
    };
    switch (name) {
      case 'format':
        return method((args, kwargs, rt) => pyStr(strFormat(text, args, kwargs, rt)));
      case 'upper':
      case 'lower':
      case 'strip':
      case 'lstrip':
      case 'rstrip':
      case 'title':
        return method((args) => {
          checkArity(`str.${name}`, args, 0, name.endsWith('strip') ? 1 : 0);
          const result = {
            upper: () => text.toUpperCase(),
            lower: () => text.toLowerCase(),
            strip: () => text.trim(),
            lstrip: () => text.trimStart(),
            rstrip: () => text.trimEnd(),
            title: () =>
              text.replace(
                /\p{L}+/gu,
                (word) => word[0]!.toUpperCase() + word.slice(1).toLowerCase(),
              ),
          }[name]();
          return pyStr(result);
        });
      case 'join':
        return method((args, _kwargs, rt) => {
          checkArity('str.join', args, 1, 1);
          const parts = iterate(args[0] as PyValue, rt).map((part, i) => {
            if (part.kind !== 'str') {
              throw new PyException(
                'TypeError',
                `sequence item ${i}: expected str instance, ${typeName(part)} found`,
              );
            }
            return part.value;
          });
          chargeSequence(
            parts.reduce((total, part) => total + part.length, 0),
            rt,
          );
          return pyStr(parts.join(text));
        });
      case 'split':
        return method((args) => {
          checkArity('str.split', args, 0, 1);
          const separator =
            args[0] === undefined || args[0].kind === 'none'
              ? null
              : stringArgument(args[0], 'separator');
          const pieces =
            separator === null
              ? text
                  .trim()
                  .split(/\s+/u)
                  .filter((piece) => piece !== '')
              : text.split(separator);
          return { kind: 'list', items: pieces.map(pyStr) };
        });
      case 'replace':
        return method((args, _kwargs, rt) => {
          checkArity('str.replace', args, 2, 2);
          const result = text
            .split(stringArgument(args[0], 'replace() argument 1'))
            .join(stringArgument(args[1], 'replace() argument 2'));
          chargeSequence(result.length, rt);
          return pyStr(result);
        });
      case 'startswith':
      case 'endswith':
        return method((args) => {
          checkArity(`str.${name}`, args, 1, 1);
          const affix = stringArgument(args[0], `${name} first arg`);
          return pyBool(name === 'startswith' ? text.startsWith(affix) : text.endsWith(affix));
        });
      default:
        return undefined;
    }
  }
  if (owner.kind === 'float' && name === 'is_integer') {
    return new PyBuiltin(name, () => pyBool(Number.isInteger(owner.value)), 'float');
  }
  return undefined;
}

function sequenceConstructor(kind: 'list' | 'tuple'): PyCall {
  return (args, kwargs, rt) => {
    noKeywords(kind, kwargs);
    if (args.length > 1)
      throw new PyException('TypeError', `${kind} expected at most 1 argument, got ${args.length}`);
    if (args.length === 0) return { kind, items: [] };
    const items = [...iterate(args[0] as PyValue, rt)];
    chargeSequence(items.length, rt);
    return { kind, items };
  };
}

function isInstance(value: PyValue, type: PyValue): boolean {
  if (type.kind === 'tuple') return type.items.some((item) => isInstance(value, item));
  if (type instanceof PyType) {
    // bool subclasses int, and torch.Size subclasses tuple.
    if (type.name === 'int') return value.kind === 'int' || value.kind === 'bool';
    if (type.name === 'tuple' && typeName(value) === 'Size') return true;
    return type.name.split('.').pop() === typeName(value);
  }
  if (type.kind === 'object' && type.typeName === 'type') {
    // A class from torch (torch.Tensor): compare by the class name its repr shows.
    const name = /<class '(?:[\w.]+\.)?(\w+)'>/u.exec(type.repr({} as Runtime))?.[1];
    return value.kind === 'object' && value.typeName === name;
  }
  throw new PyException(
    'TypeError',
    'isinstance() arg 2 must be a type, a tuple of types, or a union',
  );
}

/** The qualified names type() shows for torch's objects. */
const TORCH_CLASSES: ReadonlyMap<string, string> = new Map([
  ['Tensor', 'torch.Tensor'],
  ['dtype', 'torch.dtype'],
  ['Size', 'torch.Size'],
]);

/** A fresh set of builtins whose print writes through `out`. */
export function createBuiltins(out: (text: string) => void): Map<string, PyValue> {
  const builtins = new Map<string, PyValue>();
  const define = (name: string, implementation: PyCall): void => {
    builtins.set(name, new PyBuiltin(name, implementation));
  };
  const type = (name: string, construct: PyCall): void => {
    builtins.set(name, new PyType(name, construct));
  };
  define('print', print(out));
  define('range', (args, kwargs, rt) => {
    noKeywords('range', kwargs);
    if (args.length === 0)
      throw new PyException('TypeError', 'range expected at least 1 argument, got 0');
    if (args.length > 3)
      throw new PyException('TypeError', `range expected at most 3 arguments, got ${args.length}`);
    const numbers = args.map((arg) => integerArgument(arg, rt));
    const [start, stop, step] =
      numbers.length === 1
        ? [0, numbers[0] ?? 0, 1]
        : [numbers[0] ?? 0, numbers[1] ?? 0, numbers[2] ?? 1];
    if (step === 0) throw new PyException('ValueError', 'range() arg 3 must not be zero');
    return new PyRange(start, stop, step);
  });
  define('len', (args, kwargs, rt) => {
    noKeywords('len', kwargs);
    checkArity('len', args, 1, 1);
    const value = args[0] as PyValue;
    if (value.kind === 'str') return pyInt(Array.from(value.value).length);
    if (value.kind === 'list' || value.kind === 'tuple') return pyInt(value.items.length);
    if (value.kind === 'object' && value.len !== undefined) return pyInt(value.len(rt));
    throw new PyException('TypeError', `object of type '${typeName(value)}' has no len()`);
  });
  type('float', (args, kwargs, rt) => {
    noKeywords('float', kwargs);
    if (args.length > 1)
      throw new PyException('TypeError', `float expected at most 1 argument, got ${args.length}`);
    return args.length === 0 ? pyFloat(0) : toFloat(args[0] as PyValue, rt);
  });
  type('int', (args, kwargs, rt) => {
    noKeywords('int', kwargs);
    if (args.length > 1)
      throw new PyException('TypeError', 'int() with a base is not supported in this cell');
    return args.length === 0 ? pyInt(0) : toInt(args[0] as PyValue, rt);
  });
  type('str', (args, kwargs, rt) => {
    noKeywords('str', kwargs);
    if (args.length > 1)
      throw new PyException('TypeError', 'str() with an encoding is not supported in this cell');
    return pyStr(args.length === 0 ? '' : str(args[0] as PyValue, rt));
  });
  type('bool', (args, kwargs, rt) => {
    noKeywords('bool', kwargs);
    if (args.length > 1)
      throw new PyException('TypeError', `bool expected at most 1 argument, got ${args.length}`);
    return pyBool(args.length === 0 ? false : truthy(args[0] as PyValue, rt));
  });
  type('list', sequenceConstructor('list'));
  type('tuple', sequenceConstructor('tuple'));
  define('repr', (args, kwargs, rt) => {
    noKeywords('repr', kwargs);
    checkArity('repr', args, 1, 1);
    return pyStr(repr(args[0] as PyValue, rt));
  });
  define('format', (args, kwargs, rt) => {
    noKeywords('format', kwargs);
    checkArity('format', args, 1, 2);
    const spec = args[1] ?? pyStr('');
    if (spec.kind !== 'str') {
      throw new PyException('TypeError', `format() argument 2 must be str, not ${typeName(spec)}`);
    }
    return pyStr(formatValue(args[0] as PyValue, spec.value, rt));
  });
  define('abs', (args, kwargs, rt) => {
    noKeywords('abs', kwargs);
    checkArity('abs', args, 1, 1);
    return abs(args[0] as PyValue, rt);
  });
  define('round', round);
  define('min', extreme('min'));
  define('max', extreme('max'));
  define('sum', (args, kwargs, rt) => {
    onlyKeywords('sum', kwargs, ['start']);
    if (args.length === 0)
      throw new PyException('TypeError', 'sum() takes at least 1 positional argument (0 given)');
    if (args.length > 2)
      throw new PyException('TypeError', `sum() takes at most 2 arguments (${args.length} given)`);
    let total = args[1] ?? kwargs.get('start') ?? pyInt(0);
    if (total.kind === 'str') {
      throw new PyException('TypeError', "sum() can't sum strings [use ''.join(seq) instead]");
    }
    for (const item of iterate(args[0] as PyValue, rt)) {
      rt.tick();
      total = binaryOp('+', total, item, rt);
    }
    return total;
  });
  define('enumerate', (args, kwargs, rt) => {
    onlyKeywords('enumerate', kwargs, ['start']);
    checkArity('enumerate', args, 1, 2);
    const start = integerArgument(args[1] ?? kwargs.get('start') ?? pyInt(0), rt);
    const items = iterate(args[0] as PyValue, rt);
    return new PyIterator(
      'enumerate',
      items.map((item, i) => pyTuple([pyInt(start + i), item])),
    );
  });
  define('zip', (args, kwargs, rt) => {
    onlyKeywords('zip', kwargs, ['strict']);
    const columns = args.map((arg) => iterate(arg, rt));
    let length = columns.length === 0 ? 0 : Infinity;
    for (const column of columns) length = Math.min(length, column.length);
    const rows: PyValue[] = [];
    for (let i = 0; i < length; i++)
      rows.push(pyTuple(columns.map((column) => column[i] as PyValue)));
    return new PyIterator('zip', rows);
  });
  define('sorted', (args, kwargs, rt) => {
    onlyKeywords('sorted', kwargs, ['reverse']);
    checkArity('sorted', args, 1, 1);
    const items = [...iterate(args[0] as PyValue, rt)];
    rt.tick(items.length * Math.ceil(Math.log2(items.length + 1)));
    items.sort((a, b) => (lessThan(a, b, rt) ? -1 : lessThan(b, a, rt) ? 1 : 0));
    if (truthy(kwargs.get('reverse') ?? pyBool(false), rt)) items.reverse();
    return { kind: 'list', items };
  });
  define('reversed', (args, kwargs, rt) => {
    noKeywords('reversed', kwargs);
    checkArity('reversed', args, 1, 1);
    return new PyIterator('list_reverseiterator', [...iterate(args[0] as PyValue, rt)].reverse());
  });
  define('any', (args, kwargs, rt) => {
    noKeywords('any', kwargs);
    checkArity('any', args, 1, 1);
    return pyBool(iterate(args[0] as PyValue, rt).some((item) => truthy(item, rt)));
  });
  define('all', (args, kwargs, rt) => {
    noKeywords('all', kwargs);
    checkArity('all', args, 1, 1);
    return pyBool(iterate(args[0] as PyValue, rt).every((item) => truthy(item, rt)));
  });
  define('pow', (args, kwargs, rt) => {
    noKeywords('pow', kwargs);
    checkArity('pow', args, 2, 2);
    return binaryOp('**', args[0] as PyValue, args[1] as PyValue, rt);
  });
  define('isinstance', (args, kwargs) => {
    noKeywords('isinstance', kwargs);
    if (args.length !== 2)
      throw new PyException('TypeError', `isinstance expected 2 arguments, got ${args.length}`);
    return pyBool(isInstance(args[0] as PyValue, args[1] as PyValue));
  });
  // type(x): the builtin type objects for Python's values, one shared class object per torch type.
  const classes = new Map<string, PyType>();
  define('type', (args, kwargs) => {
    noKeywords('type', kwargs);
    if (args.length !== 1) {
      throw new PyException('TypeError', 'type() takes 1 argument in this cell');
    }
    const name = typeName(args[0] as PyValue);
    const builtin = builtins.get(name);
    if (builtin instanceof PyType) return builtin;
    const qualified = TORCH_CLASSES.get(name) ?? name;
    let cls = classes.get(qualified);
    if (cls === undefined) {
      cls = new PyType(qualified, () => {
        throw new PyException('TypeError', `cannot create '${qualified}' instances in this cell`);
      });
      classes.set(qualified, cls);
    }
    return cls;
  });
  return builtins;
}

/** Builtin names a cell refuses, with what to say: they exist in Python but not here. */
export const REFUSED_BUILTINS: ReadonlyMap<string, string> = new Map([
  ['eval', "'eval'"],
  ['exec', "'exec'"],
  ['open', "'open' (files)"],
  ['input', "'input'"],
  ['__import__', "'__import__'"],
  ['compile', "'compile'"],
  ['globals', "'globals'"],
  ['locals', "'locals'"],
  ['vars', "'vars'"],
  ['getattr', "'getattr'"],
  ['setattr', "'setattr'"],
  ['hasattr', "'hasattr'"],
  ['dict', "'dict'"],
  ['set', "'set'"],
  ['map', "'map'"],
  ['filter', "'filter'"],
  ['iter', "'iter'"],
  ['next', "'next'"],
  ['divmod', "'divmod'"],
  ['id', "'id'"],
  ['hash', "'hash'"],
  ['chr', "'chr'"],
  ['ord', "'ord'"],
  ['callable', "'callable'"],
]);
