// Python's operators over the cell's values: arithmetic with CPython's int/float rules and error
// messages, comparisons, truth, containment, indexing and slicing of str/list/tuple. Objects
// (tensors, dtypes) take part through their PyObject hooks.
import { checkedInt } from './conversions';
import { MAX_ELEMENTS, limitError } from './limits';
import { percentFormat } from './percent-format';
import { typeName } from './python-repr';
import {
  PyException,
  pyBool,
  pyFloat,
  type BinaryOp,
  type CompareOp,
  type PyObject,
  type PyValue,
  type Runtime,
} from './values';

const TORCH_BINARY = new Set(['+', '-', '*', '/', '//', '%', '**', '@']);
/** Python's bitwise operators, which PyTorch defines on tensors and this cell does not. */
const BITWISE = new Set(['&', '|', '^', '<<', '>>']);

/** PyTorch has the operator on tensors; the cell says it lacks it rather than calling it a TypeError. */
function unsupportedTensorOperator(op: string): PyException {
  return new PyException(
    'NotImplementedError',
    `the ${op} operator on tensors is not supported in this cell`,
  );
}
const MAX_REPR_DEPTH = 500;

function isNumber(value: PyValue): value is Extract<PyValue, { kind: 'int' | 'float' | 'bool' }> {
  return value.kind === 'int' || value.kind === 'float' || value.kind === 'bool';
}

function numberOf(value: Extract<PyValue, { kind: 'int' | 'float' | 'bool' }>): number {
  return value.kind === 'bool' ? (value.value ? 1 : 0) : value.value;
}

function unsupportedOperands(op: string, left: PyValue, right: PyValue): PyException {
  return new PyException(
    'TypeError',
    `unsupported operand type(s) for ${op}: '${typeName(left)}' and '${typeName(right)}'`,
  );
}

/** Python's floor division and modulo of two ints, exact (the remainder takes the divisor's sign). */
function intDivMod(a: number, b: number): [number, number] {
  let quotient = Math.floor(a / b);
  let remainder = a - quotient * b;
  // The double quotient can be off by one for large operands; the remainder's sign fixes it.
  while (b > 0 ? remainder < 0 : remainder > 0) {
    quotient -= 1;
    remainder += b;
  }
  while (b > 0 ? remainder >= b : remainder <= b) {
    quotient += 1;
    remainder -= b;
  }
  return [quotient, remainder];
}

/** CPython's float_divmod: fmod, then the remainder moved to the divisor's sign. */
function floatDivMod(a: number, b: number): [number, number] {
  let mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0) {
    if (b < 0 !== mod < 0) {
      mod += b;
      div -= 1;
    }
  } else {
    mod = b < 0 ? -0 : 0;
  }
  let floorDiv: number;
  if (div !== 0) {
    floorDiv = Math.floor(div);
    if (div - floorDiv > 0.5) floorDiv += 1;
  } else {
    floorDiv = a / b < 0 ? -0 : 0;
  }
  return [floorDiv, mod];
}

function power(left: number, right: number, bothInts: boolean): PyValue {
  if (bothInts && right >= 0) {
    // Exact integer powers: |base| ≥ 2 with an exponent beyond 53 cannot stay exact.
    if (Math.abs(left) >= 2 && right > 53) return checkedInt(Infinity);
    const exact = BigInt(left) ** BigInt(right);
    return checkedInt(Number(exact) === Number(exact) ? Number(exact) : Infinity);
  }
  if (left === 0 && right < 0) {
    throw new PyException('ZeroDivisionError', '0.0 cannot be raised to a negative power');
  }
  if (left < 0 && !Number.isInteger(right) && Number.isFinite(right)) {
    throw new PyException(
      'ValueError',
      'a negative number raised to a fractional power is a complex number, which this cell does not support',
    );
  }
  const result = left ** right;
  if (!Number.isFinite(result) && Number.isFinite(left) && Number.isFinite(right)) {
    throw new PyException('OverflowError', "(34, 'Numerical result out of range')");
  }
  return pyFloat(result);
}

function numeric(op: string, a: number, b: number, bothInts: boolean): PyValue | undefined {
  switch (op) {
    case '+':
      return bothInts ? checkedInt(a + b) : pyFloat(a + b);
    case '-':
      return bothInts ? checkedInt(a - b) : pyFloat(a - b);
    case '*':
      return bothInts ? checkedInt(a * b) : pyFloat(a * b);
    case '/':
      if (b === 0) {
        throw new PyException(
          'ZeroDivisionError',
          bothInts ? 'division by zero' : 'float division by zero',
        );
      }
      return pyFloat(a / b);
    case '//':
      if (b === 0) {
        throw new PyException(
          'ZeroDivisionError',
          bothInts ? 'integer division or modulo by zero' : 'float floor division by zero',
        );
      }
      return bothInts ? checkedInt(intDivMod(a, b)[0]) : pyFloat(floatDivMod(a, b)[0]);
    case '%':
      if (b === 0) {
        throw new PyException(
          'ZeroDivisionError',
          bothInts ? 'integer modulo by zero' : 'float modulo',
        );
      }
      return bothInts ? checkedInt(intDivMod(a, b)[1]) : pyFloat(floatDivMod(a, b)[1]);
    case '**':
      return power(a, b, bothInts);
    case '|':
    case '&':
    case '^':
    case '<<':
    case '>>':
      if (!bothInts) return undefined;
      return bitwise(op, a, b);
    default:
      return undefined;
  }
}

function bitwise(op: string, a: number, b: number): PyValue {
  const x = BigInt(a);
  const y = BigInt(b);
  if ((op === '<<' || op === '>>') && b < 0)
    throw new PyException('ValueError', 'negative shift count');
  if (op === '<<' && b > 64) return checkedInt(Infinity);
  const result = { '|': x | y, '&': x & y, '^': x ^ y, '<<': x << y, '>>': x >> y }[op] ?? 0n;
  return checkedInt(Number(result));
}

/** Refuses a str, list or tuple longer than a cell may build, and charges for building it. */
export function chargeSequence(length: number, rt: Runtime): void {
  if (length > MAX_ELEMENTS) {
    throw limitError(`a sequence of ${length} items; a cell builds at most ${MAX_ELEMENTS}`);
  }
  rt.tick(length);
}

function repeatCount(value: PyValue): number | undefined {
  if (value.kind === 'int') return value.value;
  if (value.kind === 'bool') return value.value ? 1 : 0;
  return undefined;
}

function sequenceOp(op: string, left: PyValue, right: PyValue, rt: Runtime): PyValue | undefined {
  if (op === '+') {
    if (left.kind === 'str') {
      if (right.kind !== 'str') {
        throw new PyException(
          'TypeError',
          `can only concatenate str (not "${typeName(right)}") to str`,
        );
      }
      chargeSequence(left.value.length + right.value.length, rt);
      return { kind: 'str', value: left.value + right.value };
    }
    if (left.kind === 'list' || left.kind === 'tuple') {
      if (right.kind !== left.kind) {
        if (right.kind === 'object') return undefined;
        throw new PyException(
          'TypeError',
          `can only concatenate ${left.kind} (not "${typeName(right)}") to ${left.kind}`,
        );
      }
      chargeSequence(left.items.length + right.items.length, rt);
      return { kind: left.kind, items: [...left.items, ...right.items] };
    }
    return undefined;
  }
  if (op === '*') {
    const [sequence, count] =
      repeatCount(right) !== undefined ? [left, repeatCount(right)] : [right, repeatCount(left)];
    if (count === undefined) {
      const isSequence = (value: PyValue): boolean =>
        value.kind === 'str' || value.kind === 'list' || value.kind === 'tuple';
      if (isSequence(left) || isSequence(right)) {
        const other = isSequence(left) ? right : left;
        if (other.kind === 'object') return undefined;
        throw new PyException(
          'TypeError',
          `can't multiply sequence by non-int of type '${typeName(other)}'`,
        );
      }
      return undefined;
    }
    const times = Math.max(0, count);
    if (sequence.kind === 'str') {
      chargeSequence(sequence.value.length * times, rt);
      return { kind: 'str', value: sequence.value.repeat(times) };
    }
    if (sequence.kind === 'list' || sequence.kind === 'tuple') {
      chargeSequence(sequence.items.length * times, rt);
      const items: PyValue[] = [];
      // One push per item: spreading a long list into push() would overflow the JS stack.
      for (let i = 0; i < times; i++) for (const item of sequence.items) items.push(item);
      return { kind: sequence.kind, items };
    }
  }
  return undefined;
}

/** `left op right` for any two values, with Python's dispatch to the objects' hooks. */
export function binaryOp(
  op: string,
  left: PyValue,
  right: PyValue,
  rt: Runtime,
  shown: string = op,
): PyValue {
  if (left.kind === 'object' || right.kind === 'object') {
    if (TORCH_BINARY.has(op)) {
      const forward =
        left.kind === 'object' ? left.binary?.(op as BinaryOp, right, false, rt) : undefined;
      if (forward !== undefined) return forward;
      const reflected =
        right.kind === 'object' ? right.binary?.(op as BinaryOp, left, true, rt) : undefined;
      if (reflected !== undefined) return reflected;
    }
    if (op === '+' && left.kind !== 'object') sequenceOp(op, left, right, rt);
    const tensor = [left, right].find(
      (value) => value.kind === 'object' && value.typeName === 'Tensor',
    );
    if (tensor !== undefined && BITWISE.has(op)) throw unsupportedTensorOperator(shown);
    throw unsupportedOperands(shown, left, right);
  }
  if (isNumber(left) && isNumber(right)) {
    // bool & | ^ bool stays a bool, as Python's bool overrides them.
    if (left.kind === 'bool' && right.kind === 'bool' && (op === '&' || op === '|' || op === '^')) {
      const [a, b] = [left.value, right.value];
      return pyBool(op === '&' ? a && b : op === '|' ? a || b : a !== b);
    }
    const bothInts = left.kind !== 'float' && right.kind !== 'float';
    const result = numeric(op, numberOf(left), numberOf(right), bothInts);
    if (result !== undefined) return result;
    throw unsupportedOperands(shown, left, right);
  }
  if (op === '%' && left.kind === 'str') {
    return { kind: 'str', value: percentFormat(left.value, right, rt) };
  }
  const sequence = sequenceOp(op, left, right, rt);
  if (sequence !== undefined) return sequence;
  throw unsupportedOperands(shown, left, right);
}

/** `-x`, `+x`, `~x`: ints stay exact and checked, tensors answer through their own hook. */
export function unaryOp(op: '-' | '+' | '~', operand: PyValue, rt: Runtime): PyValue {
  if (operand.kind === 'object' && op !== '~' && operand.unary !== undefined) {
    return operand.unary(op, rt);
  }
  if (operand.kind === 'object' && op === '~' && operand.typeName === 'Tensor') {
    throw unsupportedTensorOperator('~');
  }
  if (isNumber(operand)) {
    const value = numberOf(operand);
    if (op === '~') {
      if (operand.kind === 'float') {
        throw new PyException('TypeError', "bad operand type for unary ~: 'float'");
      }
      return checkedInt(-value - 1);
    }
    if (operand.kind === 'float') return pyFloat(op === '-' ? -value : value);
    return checkedInt(op === '-' ? -value : value);
  }
  throw new PyException('TypeError', `bad operand type for unary ${op}: '${typeName(operand)}'`);
}

/** Python's truth value of x, which `if`, `and`/`or`, `not` and `assert` all branch on. */
export function truthy(value: PyValue, rt: Runtime): boolean {
  switch (value.kind) {
    case 'none':
      return false;
    case 'bool':
    case 'int':
    case 'float':
      return value.kind === 'bool' ? value.value : value.value !== 0;
    case 'str':
      return value.value.length > 0;
    case 'list':
    case 'tuple':
      return value.items.length > 0;
    case 'object':
      if (value.truthy !== undefined) return value.truthy(rt);
      if (value.len !== undefined) return value.len(rt) > 0;
      return true;
    default:
      return true;
  }
}

/** `left op right` for ==, !=, <, <=, >, >=: objects first (a tensor compares elementwise), then Python's order. */
export function compareOp(op: CompareOp, left: PyValue, right: PyValue, rt: Runtime): PyValue {
  if (left.kind === 'object' || right.kind === 'object') {
    const forward = left.kind === 'object' ? left.compare?.(op, right, false, rt) : undefined;
    if (forward !== undefined) return forward;
    const reflected = right.kind === 'object' ? right.compare?.(op, left, true, rt) : undefined;
    if (reflected !== undefined) return reflected;
    if (op === '==' || op === '!=') return pyBool((left === right) === (op === '=='));
    throw notSupported(op, left, right);
  }
  if (op === '==' || op === '!=') return pyBool(equals(left, right, rt, 0) === (op === '=='));
  return pyBool(ordered(op, left, right, rt, 0));
}

function notSupported(op: string, left: PyValue, right: PyValue): PyException {
  return new PyException(
    'TypeError',
    `'${op}' not supported between instances of '${typeName(left)}' and '${typeName(right)}'`,
  );
}

function depthCheck(depth: number): void {
  if (depth > MAX_REPR_DEPTH) {
    throw new PyException('RecursionError', 'maximum recursion depth exceeded in comparison');
  }
}

/** Python's == for values that are not objects (and, inside containers, objects too). */
export function equals(left: PyValue, right: PyValue, rt: Runtime, depth: number): boolean {
  if (left === right) return true;
  if (isNumber(left) && isNumber(right)) return numberOf(left) === numberOf(right);
  if (left.kind === 'object' || right.kind === 'object') {
    return truthy(compareOp('==', left, right, rt), rt);
  }
  if (left.kind !== right.kind) return false;
  switch (left.kind) {
    case 'str':
      return left.value === (right as typeof left).value;
    case 'none':
    case 'ellipsis':
      return true;
    case 'list':
    case 'tuple': {
      depthCheck(depth);
      const other = right as typeof left;
      if (left.items.length !== other.items.length) return false;
      rt.tick(left.items.length);
      return left.items.every((item, i) => equals(item, other.items[i] as PyValue, rt, depth + 1));
    }
    case 'slice': {
      const other = right as typeof left;
      return left.start === other.start && left.stop === other.stop && left.step === other.step;
    }
    default:
      return false;
  }
}

function ordered(
  op: CompareOp,
  left: PyValue,
  right: PyValue,
  rt: Runtime,
  depth: number,
): boolean {
  if (isNumber(left) && isNumber(right)) {
    return compareNumbers(op, numberOf(left), numberOf(right));
  }
  if (left.kind === 'str' && right.kind === 'str') {
    // Python orders str by code point; JS < compares UTF-16 units, the same order outside surrogates.
    return compareNumbers(op, left.value < right.value ? -1 : left.value > right.value ? 1 : 0, 0);
  }
  if ((left.kind === 'list' || left.kind === 'tuple') && right.kind === left.kind) {
    depthCheck(depth);
    const other = right.items;
    for (let i = 0; i < Math.min(left.items.length, other.length); i++) {
      const a = left.items[i] as PyValue;
      const b = other[i] as PyValue;
      if (!equals(a, b, rt, depth + 1)) {
        if (a.kind === 'object' || b.kind === 'object') return truthy(compareOp(op, a, b, rt), rt);
        return ordered(op, a, b, rt, depth + 1);
      }
    }
    return compareNumbers(op, left.items.length, other.length);
  }
  throw notSupported(op, left, right);
}

function compareNumbers(op: CompareOp, a: number, b: number): boolean {
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
}

/** `a is b`: identity for containers and objects, value for the singletons None/True/False. */
export function identical(left: PyValue, right: PyValue): boolean {
  if (left === right) return true;
  if (left.kind !== right.kind) return false;
  if (left.kind === 'none' || left.kind === 'ellipsis') return true;
  if (left.kind === 'bool') return left.value === (right as typeof left).value;
  // Small ints and equal strings are shared objects in CPython.
  if (left.kind === 'int')
    return left.value === (right as typeof left).value && Math.abs(left.value) <= 256;
  return false;
}

/** `item in container`, by identity or equality as Python tests membership, charged per item scanned. */
export function contains(container: PyValue, item: PyValue, rt: Runtime): boolean {
  switch (container.kind) {
    case 'str':
      if (item.kind !== 'str') {
        throw new PyException(
          'TypeError',
          `'in <string>' requires string as left operand, not ${typeName(item)}`,
        );
      }
      return container.value.includes(item.value);
    case 'list':
    case 'tuple':
      rt.tick(container.items.length);
      return container.items.some(
        (element) => identical(element, item) || equals(element, item, rt, 0),
      );
    case 'object': {
      const elements = iterateObject(container, rt);
      if (elements !== undefined) return elements.some((element) => equals(element, item, rt, 0));
      break;
    }
    default:
      break;
  }
  throw new PyException('TypeError', `argument of type '${typeName(container)}' is not iterable`);
}

function iterateObject(object: PyObject, rt: Runtime): PyValue[] | undefined {
  return object.iterate?.(rt);
}

/** An int index from an int, a bool or an object that converts to an int (a 0-d int tensor). */
export function asIndex(value: PyValue, rt: Runtime): number | undefined {
  if (value.kind === 'int') return value.value;
  if (value.kind === 'bool') return value.value ? 1 : 0;
  if (value.kind === 'object' && value.toNumber !== undefined && value.typeName === 'Tensor') {
    const number = value.toNumber(rt);
    if (number.kind === 'int') return number.value;
  }
  return undefined;
}

/** The indices a slice selects from a sequence of `length`, as Python's slice.indices. */
function sliceIndices(
  length: number,
  start: number | null,
  stop: number | null,
  step: number | null,
): number[] {
  const by = step ?? 1;
  if (by === 0) throw new PyException('ValueError', 'slice step cannot be zero');
  const clamp = (value: number | null, fallback: number, low: number, high: number): number => {
    if (value === null) return fallback;
    const shifted = value < 0 ? value + length : value;
    return Math.min(Math.max(shifted, low), high);
  };
  const indices: number[] = [];
  if (by > 0) {
    const from = clamp(start, 0, 0, length);
    const to = clamp(stop, length, 0, length);
    for (let i = from; i < to; i += by) indices.push(i);
  } else {
    const from = clamp(start, length - 1, -1, length - 1);
    const to = clamp(stop, -1, -1, length - 1);
    for (let i = from; i > to; i += by) indices.push(i);
  }
  return indices;
}

/** `sequence[key]` for str, list and tuple, with Python's negative indices, slices and IndexError. */
export function indexSequence(
  sequence: Extract<PyValue, { kind: 'str' | 'list' | 'tuple' }>,
  key: PyValue,
  rt: Runtime,
): PyValue {
  const items: readonly PyValue[] | string =
    sequence.kind === 'str' ? sequence.value : sequence.items;
  const name = sequence.kind === 'str' ? 'string' : sequence.kind;
  if (key.kind === 'slice') {
    const indices = sliceIndices(items.length, key.start, key.stop, key.step);
    rt.tick(indices.length);
    if (sequence.kind === 'str')
      return { kind: 'str', value: indices.map((i) => sequence.value[i]).join('') };
    return { kind: sequence.kind, items: indices.map((i) => sequence.items[i] as PyValue) };
  }
  const index = asIndex(key, rt);
  if (index === undefined) {
    throw new PyException(
      'TypeError',
      `${name === 'string' ? 'string' : name} indices must be integers${name === 'string' ? '' : ' or slices'}, not ${typeName(key)}`,
    );
  }
  const position = index < 0 ? index + items.length : index;
  if (position < 0 || position >= items.length) {
    throw new PyException('IndexError', `${name} index out of range`);
  }
  if (sequence.kind === 'str') return { kind: 'str', value: sequence.value[position] ?? '' };
  return sequence.items[position] as PyValue;
}
