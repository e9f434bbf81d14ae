// Python's format-spec mini-language (format(x, spec), f'{x:spec}', str.format), ported from
// CPython 3.11 Python/formatter_unicode.c: [[fill]align][sign][z][#][0][width][grouping][.precision][type].
// Floats are rounded from their exact binary value, half to even, as CPython's dtoa does.
import { pyRepr } from '../pytorch/program';
import { PyException, type PyBool, type PyFloat, type PyInt, type PyStr } from './values';

/** A parsed spec; `fill` and `align` are undefined where the spec left them out. */
interface Spec {
  fill: string | undefined;
  align: '<' | '>' | '=' | '^' | undefined;
  sign: '+' | '-' | ' ' | undefined;
  coerceZero: boolean;
  alternate: boolean;
  zeroPad: boolean;
  width: number;
  grouping: ',' | '_' | undefined;
  precision: number | undefined;
  type: string;
}

/** Width and precision beyond this are refused, so one spec cannot build a huge string. */
const MAX_DIGITS = 10_000;

const SPEC_PATTERN =
  /^(?:([\s\S])?([<>=^]))?([-+ ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([a-zA-Z%])?$/u;

function valueError(message: string): PyException {
  return new PyException('ValueError', message);
}

function parseSpec(spec: string, typeName: string): Spec {
  const match = SPEC_PATTERN.exec(spec);
  if (match === null) {
    throw valueError(`Invalid format specifier '${spec}' for object of type '${typeName}'`);
  }
  const [, fill, align, sign, z, alt, zero, width, grouping, precision, type] = match;
  const widthValue = width === undefined ? 0 : Number(width);
  const precisionValue = precision === undefined ? undefined : Number(precision);
  if (widthValue > MAX_DIGITS || (precisionValue ?? 0) > MAX_DIGITS) {
    throw valueError(`format width and precision are limited to ${MAX_DIGITS} in this cell`);
  }
  return {
    fill,
    align: align as Spec['align'],
    sign: sign as Spec['sign'],
    coerceZero: z !== undefined,
    alternate: alt !== undefined,
    zeroPad: zero !== undefined,
    width: widthValue,
    grouping: grouping as Spec['grouping'],
    precision: precisionValue,
    type: type ?? '',
  };
}

/** A string's code points, the characters Python's len and padding count. */
function codePoints(s: string): string[] {
  return Array.from(s);
}

/** Pads `sign + prefix + body` to the spec's width with its fill and alignment. */
function pad(
  sign: string,
  prefix: string,
  body: string,
  spec: Spec,
  defaultAlign: '<' | '>',
): string {
  const fill = spec.fill ?? (spec.zeroPad ? '0' : ' ');
  const align = spec.align ?? (spec.zeroPad ? '=' : defaultAlign);
  // Python counts code points, not UTF-16 units.
  const length = codePoints(sign + prefix + body).length;
  const missing = Math.max(0, spec.width - length);
  if (missing === 0) return sign + prefix + body;
  switch (align) {
    case '<':
      return sign + prefix + body + fill.repeat(missing);
    case '>':
      return fill.repeat(missing) + sign + prefix + body;
    case '=':
      return sign + prefix + fill.repeat(missing) + body;
    case '^': {
      const left = Math.floor(missing / 2);
      return fill.repeat(left) + sign + prefix + body + fill.repeat(missing - left);
    }
  }
}

/** Inserts a separator every `size` digits from the right of a run of digits. */
function group(digits: string, separator: string, size: number): string {
  let out = '';
  for (let end = digits.length; end > 0; end -= size) {
    const start = Math.max(0, end - size);
    out = digits.slice(start, end) + (out === '' ? '' : separator + out);
  }
  return out;
}

/**
 * Groups the integer part of `body` (digits up to the first non-digit); with zero padding the
 * padding zeros are grouped too, as CPython does ('00,001,234').
 */
function groupBody(body: string, spec: Spec, size: number, signLength: number): string {
  if (spec.grouping === undefined) return body;
  const intLength = size === 4 ? body.length : (/^\d*/u.exec(body)?.[0].length ?? 0);
  let integer = body.slice(0, intLength);
  const rest = body.slice(intLength);
  let grouped = group(integer, spec.grouping, size);
  const zeroFill = (spec.fill ?? (spec.zeroPad ? '0' : ' ')) === '0';
  if (zeroFill && (spec.align ?? (spec.zeroPad ? '=' : '>')) === '=') {
    while (signLength + grouped.length + rest.length < spec.width) {
      integer = `0${integer}`;
      grouped = group(integer, spec.grouping, size);
    }
  }
  return grouped + rest;
}

// The exact value of a finite non-negative double as numerator / 10^scale.
function exactDecimal(x: number): { numerator: bigint; scale: number } {
  if (x === 0) return { numerator: 0n, scale: 0 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biased = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  // Normal numbers carry the implicit leading 1; subnormals have exponent 1 − 1023.
  if (biased !== 0) mantissa |= 1n << 52n;
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  if (exponent >= 0) return { numerator: mantissa << BigInt(exponent), scale: 0 };
  // m / 2^k = m·5^k / 10^k: an exact decimal with k digits after the point.
  return { numerator: mantissa * 5n ** BigInt(-exponent), scale: -exponent };
}

// numerator / 10^drop rounded half to even.
function roundDrop(numerator: bigint, drop: number): bigint {
  if (drop <= 0) return numerator * 10n ** BigInt(-drop);
  const divisor = 10n ** BigInt(drop);
  const quotient = numerator / divisor;
  const twice = (numerator % divisor) * 2n;
  if (twice > divisor || (twice === divisor && quotient % 2n === 1n)) return quotient + 1n;
  return quotient;
}

/** |x| with `precision` digits after the point ('f'), exactly rounded. */
function fixedDigits(x: number, precision: number): string {
  const { numerator, scale } = exactDecimal(x);
  const digits = roundDrop(numerator, scale - precision)
    .toString()
    .padStart(precision + 1, '0');
  if (precision === 0) return digits;
  return `${digits.slice(0, -precision)}.${digits.slice(-precision)}`;
}

/** |x| rounded to `significant` digits: the digit string and the decimal exponent of its first. */
function significantDigits(x: number, significant: number): { digits: string; exponent: number } {
  if (x === 0) return { digits: '0'.repeat(significant), exponent: 0 };
  const { numerator, scale } = exactDecimal(x);
  const length = numerator.toString().length;
  let exponent = length - 1 - scale;
  let digits = roundDrop(numerator, length - significant).toString();
  // Rounding up 9…9 gains a digit: the exponent grows and the extra (zero) digit goes.
  if (digits.length > significant) {
    exponent += 1;
    digits = digits.slice(0, significant);
  }
  return { digits, exponent };
}

/** |x| in scientific notation with `precision` digits after the point ('e'). */
function scientific(x: number, precision: number, alternate: boolean): string {
  const { digits, exponent } = significantDigits(x, precision + 1);
  const point = precision > 0 || alternate ? '.' : '';
  const magnitude = String(Math.abs(exponent)).padStart(2, '0');
  return `${digits[0] ?? '0'}${point}${digits.slice(1)}e${exponent < 0 ? '-' : '+'}${magnitude}`;
}

/** Drops trailing zeros after the point, and the point if nothing follows it. */
function stripZeros(body: string): string {
  const [mantissa = '', exponent] = body.split('e');
  const stripped = mantissa.includes('.') ? mantissa.replace(/\.?0+$/u, '') : mantissa;
  return exponent === undefined ? stripped : `${stripped}e${exponent}`;
}

/** 'g' (and the empty type with a precision): fixed or scientific by the rounded exponent. */
function general(x: number, precision: number, alternate: boolean, addDotZero: boolean): string {
  const significant = precision === 0 ? 1 : precision;
  const { exponent } = significantDigits(x, significant);
  let body: string;
  // The empty type switches to scientific one exponent earlier (CPython's ADD_DOT_0 rule).
  if (exponent >= -4 && exponent < (addDotZero ? significant - 1 : significant)) {
    body = fixedDigits(x, significant - 1 - exponent);
    if (!alternate) body = stripZeros(body);
    // The empty type keeps one digit after the point in fixed notation ('1.0').
    if (addDotZero && !body.includes('.')) body += '.0';
  } else {
    body = scientific(x, significant - 1, alternate);
    if (!alternate) body = stripZeros(body);
  }
  if (alternate && !body.includes('.')) {
    body = body.includes('e') ? body.replace('e', '.e') : `${body}.`;
  }
  return body;
}

function formatFloat(x: number, spec: Spec, typeName: string): string {
  let type = spec.type;
  if (!'eEfFgGn%'.includes(type)) {
    throw valueError(`Unknown format code '${type}' for object of type '${typeName}'`);
  }
  const upper = type === 'E' || type === 'F' || type === 'G';
  let value = x;
  if (type === '%') value *= 100;
  const negative = value < 0 || Object.is(value, -0);
  let body: string;
  if (Number.isNaN(value) || !Number.isFinite(value)) {
    body = Number.isNaN(value) ? 'nan' : 'inf';
    if (upper) body = body.toUpperCase();
  } else {
    const magnitude = Math.abs(value);
    if (type === 'n') type = 'g';
    const precision = spec.precision ?? 6;
    switch (type) {
      case '':
        body =
          spec.precision === undefined
            ? pyRepr(magnitude)
            : general(magnitude, spec.precision, spec.alternate, true);
        break;
      case 'f':
      case 'F':
      case '%':
        body = fixedDigits(magnitude, precision);
        if (spec.alternate && !body.includes('.')) body += '.';
        break;
      case 'e':
      case 'E':
        body = scientific(magnitude, precision, spec.alternate);
        break;
      default:
        body = general(magnitude, precision, spec.alternate, false);
    }
    if (upper) body = body.toUpperCase();
  }
  if (type === '%') body += '%';
  // 'z' drops the sign of a finite value that rounded to zero.
  const roundsToZero = Number.isFinite(value) && !/[1-9]/u.test(body.split(/e/iu)[0] ?? '');
  const showMinus = negative && !Number.isNaN(value) && !(spec.coerceZero && roundsToZero);
  const sign = showMinus ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
  return pad(sign, '', groupBody(body, spec, 3, sign.length), spec, '>');
}

function formatInt(n: number, spec: Spec, typeName: string): string {
  const type = spec.type;
  if ('eEfFgG%'.includes(type) && type !== '') return formatFloat(n, spec, typeName);
  if (!['', 'd', 'n', 'b', 'o', 'x', 'X', 'c'].includes(type)) {
    throw valueError(`Unknown format code '${type}' for object of type '${typeName}'`);
  }
  if (spec.precision !== undefined) {
    throw valueError('Precision not allowed in integer format specifier');
  }
  if (spec.coerceZero) {
    throw valueError('Negative zero coercion (z) not allowed in integer format specifier');
  }
  if (type === 'c') {
    if (spec.sign !== undefined) {
      throw valueError("Sign not allowed with integer format specifier 'c'");
    }
    if (n < 0 || n > 0x10ffff)
      throw new PyException('OverflowError', '%c arg not in range(0x110000)');
    return pad('', '', String.fromCodePoint(n), spec, '<');
  }
  const radix = { b: 2, o: 8, x: 16, X: 16 }[type] ?? 10;
  if (spec.grouping === ',' && radix !== 10) {
    throw valueError(`Cannot specify ',' with '${type}'.`);
  }
  let body = Math.abs(n).toString(radix);
  if (type === 'X') body = body.toUpperCase();
  const prefix = spec.alternate && radix !== 10 ? `0${type}` : '';
  const sign = n < 0 ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
  body = groupBody(body, spec, radix === 10 ? 3 : 4, sign.length + prefix.length);
  return pad(sign, prefix, body, spec, '>');
}

function formatString(s: string, spec: Spec): string {
  if (spec.type !== '' && spec.type !== 's') {
    throw valueError(`Unknown format code '${spec.type}' for object of type 'str'`);
  }
  if (spec.sign !== undefined) throw valueError('Sign not allowed in string format specifier');
  if (spec.alternate) {
    throw valueError('Alternate form (#) not allowed in string format specifier');
  }
  if (spec.align === '=') {
    throw valueError("'=' alignment not allowed in string format specifier");
  }
  if (spec.grouping !== undefined) {
    throw valueError(`Cannot specify '${spec.grouping}' with 's'.`);
  }
  const chars = codePoints(s);
  const body = spec.precision === undefined ? s : chars.slice(0, spec.precision).join('');
  // A leading 0 pads a string with zeros on the right (it stays left-aligned).
  return pad('', '', body, { ...spec, align: spec.align ?? '<' }, '<');
}

/**
 * format(value, spec) for Python's own scalars, raising ValueError as CPython 3.11 does.
 * @example formatSpec(pyFloat(0.40760594606399536), '.4f') // '0.4076'
 */
export function formatSpec(value: PyInt | PyFloat | PyStr | PyBool, spec: string): string {
  switch (value.kind) {
    case 'str':
      return spec === '' ? value.value : formatString(value.value, parseSpec(spec, 'str'));
    case 'bool':
      if (spec === '') return value.value ? 'True' : 'False';
      return formatInt(value.value ? 1 : 0, parseSpec(spec, 'bool'), 'bool');
    case 'int':
      return spec === ''
        ? String(value.value)
        : formatInt(value.value, parseSpec(spec, 'int'), 'int');
    case 'float':
      if (spec === '') return pyRepr(value.value);
      return formatFloat(value.value, parseSpec(spec, 'float'), 'float');
  }
}
