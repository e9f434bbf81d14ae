// printf-style `template % args` formatting of str, as CPython's str.__mod__, for the
// conversions loss code uses. Its own module so the % operator works without the builtins.
import { toFloat, toInt } from './conversions';
import { formatSpec } from './format-spec';
import { repr, str } from './python-repr';
import { PyException, pyStr, type PyValue, type Runtime } from './values';

/** printf-style `template % args`, for the conversions loss code uses (%d %i %f %e %g %s %r %%), through formatSpec so both agree. */
export function percentFormat(template: string, args: PyValue, rt: Runtime): string {
  const values = args.kind === 'tuple' ? [...args.items] : [args];
  let next = 0;
  const out = template.replace(
    /%([-+ #0]*)(\d+|\*)?(?:\.(\d+))?([diouxXeEfFgGcrsa%])/gu,
    (
      _whole,
      flags: string,
      width: string | undefined,
      precision: string | undefined,
      type: string,
    ) => {
      if (type === '%') return '%';
      if (width === '*')
        throw new PyException('TypeError', "'*' widths are not supported in this cell");
      const value = values[next++];
      if (value === undefined)
        throw new PyException('TypeError', 'not enough arguments for format string');
      const align = flags.includes('-') ? '<' : '';
      const sign = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      const zero = flags.includes('0') && !flags.includes('-') ? '0' : '';
      const alternate = flags.includes('#') ? '#' : '';
      const widthPart = width ?? '';
      const precisionPart = precision === undefined ? '' : `.${precision}`;
      if (type === 's' || type === 'r' || type === 'a') {
        const text = type === 's' ? str(value, rt) : repr(value, rt);
        return formatSpec(pyStr(text), `${align === '' ? '>' : '<'}${widthPart}${precisionPart}`);
      }
      const integer = ['d', 'i', 'u'].includes(type);
      if (integer && value.kind === 'str') {
        throw new PyException('TypeError', `%${type} format: a real number is required, not str`);
      }
      const numeric = integer ? toInt(value, rt) : toFloatForPercent(value, type, rt);
      const code = integer ? 'd' : type;
      return formatSpec(
        numeric as Extract<PyValue, { kind: 'int' | 'float' }>,
        `${align}${sign}${alternate}${zero}${widthPart}${code === 'd' ? '' : precisionPart}${code}`,
      );
    },
  );
  if (next < values.length) {
    throw new PyException('TypeError', 'not all arguments converted during string formatting');
  }
  return out;
}

function toFloatForPercent(value: PyValue, type: string, rt: Runtime): PyValue {
  if (type === 'c' || type === 'o' || type === 'x' || type === 'X') return toInt(value, rt);
  if (value.kind === 'str') {
    throw new PyException('TypeError', `must be real number, not str`);
  }
  return toFloat(value, rt);
}
