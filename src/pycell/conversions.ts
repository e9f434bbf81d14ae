// Python's int(x) and float(x) conversions and the cell's exact-int guard, shared by the
// operators, the %-formatting and the builtins without an import cycle between them.
import { stringRepr, typeName } from './python-repr';
import { PyException, pyFloat, pyInt, type PyValue, type Runtime } from './values';

/** A Python int, refused once it leaves the exact range a double holds. */
export function checkedInt(value: number): PyValue {
  if (!Number.isSafeInteger(value)) {
    throw new PyException(
      'OverflowError',
      'int result too large for this cell, which computes ints exactly only up to 2**53 - 1 = 9007199254740991',
    );
  }
  return pyInt(Object.is(value, -0) ? 0 : value);
}

const FLOAT_TEXT =
  /^[-+]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][-+]?\d(?:_?\d)*)?|\d(?:_?\d)*\.(?:[eE][-+]?\d(?:_?\d)*)?|inf(?:inity)?|nan)$/iu;

/** float(x): numbers, numeric strings ('nan', 'inf', '1e-8') and one-element tensors. */
export function toFloat(value: PyValue, rt: Runtime): PyValue {
  switch (value.kind) {
    case 'float':
      return value;
    case 'int':
    case 'bool':
      return pyFloat(value.kind === 'bool' ? Number(value.value) : value.value);
    case 'str': {
      const text = value.value.trim();
      if (!FLOAT_TEXT.test(text)) {
        throw new PyException(
          'ValueError',
          `could not convert string to float: ${stringRepr(value.value)}`,
        );
      }
      const lower = text.toLowerCase().replace(/_/gu, '');
      const sign = lower.startsWith('-') ? -1 : 1;
      const body = lower.replace(/^[-+]/u, '');
      if (body.startsWith('inf')) return pyFloat(sign * Infinity);
      if (body === 'nan') return pyFloat(NaN);
      return pyFloat(sign * Number(body));
    }
    case 'object':
      if (value.toNumber !== undefined) {
        const number = value.toNumber(rt);
        return pyFloat(number.value);
      }
      break;
    default:
      break;
  }
  throw new PyException(
    'TypeError',
    `float() argument must be a string or a real number, not '${typeName(value)}'`,
  );
}

/** int(x): truncates floats, parses base-10 strings, converts one-element tensors. */
export function toInt(value: PyValue, rt: Runtime): PyValue {
  switch (value.kind) {
    case 'int':
      return value;
    case 'bool':
      return pyInt(value.value ? 1 : 0);
    case 'float':
      return truncate(value.value);
    case 'str': {
      const text = value.value.trim();
      if (!/^[-+]?\d(?:_?\d)*$/u.test(text)) {
        throw new PyException(
          'ValueError',
          `invalid literal for int() with base 10: ${stringRepr(value.value)}`,
        );
      }
      return checkedInt(Number(text.replace(/_/gu, '')));
    }
    case 'object':
      if (value.toNumber !== undefined) {
        const number = value.toNumber(rt);
        return number.kind === 'int' ? number : truncate(number.value);
      }
      break;
    default:
      break;
  }
  throw new PyException(
    'TypeError',
    `int() argument must be a string, a bytes-like object or a real number, not '${typeName(value)}'`,
  );
}

/** A float's int toward zero, with the errors CPython raises for nan and infinity (int(), round()). */
export function truncate(x: number): PyValue {
  if (Number.isNaN(x)) throw new PyException('ValueError', 'cannot convert float NaN to integer');
  if (!Number.isFinite(x))
    throw new PyException('OverflowError', 'cannot convert float infinity to integer');
  return checkedInt(Math.trunc(x));
}
