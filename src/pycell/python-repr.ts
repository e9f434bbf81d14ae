// Python's repr() and str() of the cell's values, and the type names its error messages use.
import { pyRepr } from '../pytorch/program';
import { PyException, type PyValue, type Runtime } from './values';

/** Containers nested deeper than this are refused as Python refuses them (its recursion limit). */
const MAX_REPR_DEPTH = 500;

/** `type(x).__name__`, as Python's messages name a value's type. */
export function typeName(value: PyValue): string {
  switch (value.kind) {
    case 'none':
      return 'NoneType';
    case 'ellipsis':
      return 'ellipsis';
    case 'object':
      return value.typeName;
    default:
      return value.kind;
  }
}

/**
 * A str as Python's repr writes it: single quotes unless the text has a ' and no ", with
 * backslash escapes for the quote, backslash and control characters.
 * @example stringRepr("it's") // `"it's"`
 */
export function stringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === quote || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
      out += `\\x${code.toString(16).padStart(2, '0')}`;
    } else out += char;
  }
  return out + quote;
}

/** `repr(x)`: what the REPL-style contexts (containers, !r, %r) show, bounded in depth. */
export function repr(value: PyValue, rt: Runtime): string {
  return show(value, rt, true, new Set(), 0);
}

/** `str(x)`, what print() shows. */
export function str(value: PyValue, rt: Runtime): string {
  return show(value, rt, false, new Set(), 0);
}

function show(
  value: PyValue,
  rt: Runtime,
  asRepr: boolean,
  open: Set<unknown>,
  depth: number,
): string {
  switch (value.kind) {
    case 'none':
      return 'None';
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'int':
      return String(value.value);
    case 'float':
      return pyRepr(value.value);
    case 'str':
      return asRepr ? stringRepr(value.value) : value.value;
    case 'ellipsis':
      return 'Ellipsis';
    case 'slice': {
      const bound = (n: number | null): string => (n === null ? 'None' : String(n));
      return `slice(${bound(value.start)}, ${bound(value.stop)}, ${bound(value.step)})`;
    }
    case 'object':
      return asRepr ? value.repr(rt) : value.str(rt);
    case 'list':
    case 'tuple': {
      // A list that contains itself prints as [...], as CPython's Py_ReprEnter does.
      if (open.has(value)) return value.kind === 'list' ? '[...]' : '(...)';
      if (depth > MAX_REPR_DEPTH) {
        throw new PyException(
          'RecursionError',
          'maximum recursion depth exceeded while getting the repr of an object',
        );
      }
      open.add(value);
      rt.tick(value.items.length);
      const items = value.items.map((item) => show(item, rt, true, open, depth + 1));
      open.delete(value);
      if (value.kind === 'list') return `[${items.join(', ')}]`;
      return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
    }
  }
}
