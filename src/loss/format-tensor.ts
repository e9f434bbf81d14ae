// Port of PyTorch 1.13's tensor repr (torch/_tensor_str.py: _Formatter, _tensor_str,
// _str_intern) for dense tensors, so a widget can show exactly what `print(t)` shows.
import { requireTensor } from './dtype';
import { LossError } from './errors';
import { checkOptionKeys } from './options';
import type { DType, Tensor } from './tensor';

export interface FormatTensorOptions {
  /** The dtype torch.get_default_dtype() returns; tensors of other float dtypes get a suffix. @default 'float32' */
  readonly defaultDtype?: 'float32' | 'float64';
}

/** PyTorch's print options (torch.set_printoptions defaults). */
const PRECISION = 4;
const LINE_WIDTH = 80;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** x.toFixed / toExponential with Python's round-half-even on exact ties (JS rounds ties up). */
function roundHalfEven(x: number, digits: number, style: 'fixed' | 'exp'): string {
  const plain = style === 'fixed' ? x.toFixed(digits) : x.toExponential(digits);
  const long =
    style === 'fixed'
      ? x.toFixed(Math.min(100, digits + 30))
      : x.toExponential(Math.min(100, digits + 30));
  const mantissa = style === 'fixed' ? long : (long.split('e')[0] as string);
  const tail = mantissa.slice(mantissa.indexOf('.') + 1 + digits);
  // An exact tie ("5000…") rounds to the even neighbour: undo JS's round-up when the kept digit is even.
  if (!/^50*$/.test(tail)) return plain;
  const kept = mantissa.slice(0, mantissa.indexOf('.') + 1 + digits).replace(/\.$/, '');
  const lastDigit = Number(kept.at(-1));
  if (lastDigit % 2 === 1) return plain;
  return style === 'fixed' ? kept : `${kept}e${long.split('e')[1] as string}`;
}

/** Python's '{:.Nf}': keeps the sign of −0 and spells nan/inf in lower case. */
function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const text = roundHalfEven(x, digits, 'fixed');
  return Object.is(x, -0) || (x < 0 && !text.startsWith('-')) ? `-${text}` : text;
}

/** Python's '{:.Ne}': a two-digit exponent at least (1.0000e-05). */
function pyExp(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  const [mantissa = '', exponent = '0'] = roundHalfEven(x, digits, 'exp').split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  const magnitude = exponent.replace(/^[-+]/, '').padStart(2, '0');
  return `${Object.is(x, -0) ? '-' : ''}${mantissa}e${sign}${magnitude}`;
}

/** torch's _Formatter: picks integer, fixed or scientific style and one width for all entries. */
class Formatter {
  private readonly floating: boolean;
  private intMode = true;
  private sciMode = false;
  readonly width: number;

  constructor(values: readonly number[], dtype: DType) {
    this.floating = dtype !== 'int64';
    let width = 1;
    if (!this.floating) {
      for (const v of values) width = Math.max(width, String(v).length);
    } else {
      const finite = values.filter((v) => Number.isFinite(v) && v !== 0);
      if (finite.length > 0) {
        // A loop, not Math.min(...values): a spread of a large tensor's values overflows the stack.
        let min = Infinity;
        let max = 0;
        for (const v of finite) {
          const magnitude = Math.abs(v);
          if (magnitude < min) min = magnitude;
          if (magnitude > max) max = magnitude;
        }
        this.intMode = finite.every((v) => v === Math.ceil(v));
        this.sciMode = this.intMode
          ? max / min > 1000 || max > 1e8
          : max / min > 1000 || max > 1e8 || min < 1e-4;
        for (const v of finite) {
          const text = this.sciMode
            ? pyExp(v, PRECISION)
            : this.intMode
              ? `${pyFixed(v, 0)}.`
              : pyFixed(v, PRECISION);
          width = Math.max(width, text.length);
        }
      }
    }
    this.width = width;
  }

  format(value: number): string {
    let text: string;
    if (!this.floating) text = String(value);
    else if (this.sciMode) text = pyExp(value, PRECISION);
    else if (this.intMode) text = pyFixed(value, 0) + (Number.isFinite(value) ? '.' : '');
    else text = pyFixed(value, PRECISION);
    return text.padStart(this.width);
  }
}

/** A view of one slice of the tensor: its shape and where its elements start. */
interface View {
  readonly shape: readonly number[];
  readonly offset: number;
}

const stridesOf = (shape: readonly number[]): number[] => {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--)
    strides[i] = (strides[i + 1] as number) * (shape[i + 1] as number);
  return strides;
};

/** The indices of a dim torch prints: all of them, or the edge items when summarising. */
function shownIndices(size: number, summarize: boolean): (number | 'gap')[] {
  if (!summarize || size <= 2 * EDGE_ITEMS) return Array.from({ length: size }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => size - EDGE_ITEMS + i);
  return [...head, 'gap', ...tail];
}

/** The values torch's formatter sees: every element, or only the summarised edges. */
function collect(t: Tensor, view: View, summarize: boolean, out: number[]): void {
  if (view.shape.length === 0) {
    out.push(t.data[view.offset] as number);
    return;
  }
  const [size = 0, ...rest] = view.shape;
  const stride = rest.reduce((a, b) => a * b, 1);
  for (const i of shownIndices(size, summarize)) {
    if (i !== 'gap') collect(t, { shape: rest, offset: view.offset + i * stride }, summarize, out);
  }
}

/** _tensor_str_with_formatter: nested brackets, commas, line wrapping and indentation. */
function render(
  t: Tensor,
  view: View,
  indent: number,
  summarize: boolean,
  formatter: Formatter,
): string {
  const { shape, offset } = view;
  if (shape.length === 0) return formatter.format(t.data[offset] as number);
  const [size = 0, ...rest] = shape;
  const stride = stridesOf(shape)[0] as number;
  if (shape.length === 1) {
    const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (formatter.width + 2)));
    const items = shownIndices(size, summarize).map((i) =>
      i === 'gap' ? ' ...' : formatter.format(t.data[offset + i * stride] as number),
    );
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine)
      lines.push(items.slice(i, i + perLine).join(', '));
    return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
  }
  const slices = shownIndices(size, summarize).map((i) =>
    i === 'gap'
      ? '...'
      : render(t, { shape: rest, offset: offset + i * stride }, indent + 1, summarize, formatter),
  );
  return `[${slices.join(`,${'\n'.repeat(shape.length - 1)}${' '.repeat(indent + 1)}`)}]`;
}

/** _add_suffixes: ", dtype=…" on the same line when it fits in 80 columns, else on the next. */
function addSuffixes(body: string, suffixes: readonly string[], indent: number): string {
  let text = body;
  let lastLineLength = body.length - body.lastIndexOf('\n') + 1;
  for (const suffix of suffixes) {
    if (lastLineLength + suffix.length + 2 > LINE_WIDTH) {
      text += `,\n${' '.repeat(indent)}${suffix}`;
      lastLineLength = indent + suffix.length;
    } else {
      text += `, ${suffix}`;
      lastLineLength += suffix.length + 2;
    }
  }
  return `${text})`;
}

/**
 * The text PyTorch prints for a tensor (its repr), so a widget can show "what PyTorch prints".
 * @example formatTensor(tensor([0.12689, 2.12689], 'float32')) // tensor([0.1269, 2.1269])
 */
export function formatTensor(t: Tensor, options: FormatTensorOptions = {}): string {
  requireTensor(t, 'formatTensor', 't');
  checkOptionKeys('formatTensor', options, ['defaultDtype']);
  // Callers from plain JavaScript can pass anything: check the value, not the type.
  const defaultDtype: unknown = options.defaultDtype ?? 'float32';
  if (defaultDtype !== 'float32' && defaultDtype !== 'float64') {
    throw new LossError(
      `formatTensor(): option 'defaultDtype' must be 'float32' or 'float64', got ${String(defaultDtype)}`,
    );
  }
  const prefix = 'tensor(';
  const dtypeSuffix = `dtype=torch.${t.dtype}`;
  const suffixes: string[] = [];
  let body: string;
  if (t.data.length === 0) {
    if (t.shape.length !== 1)
      suffixes.push(`size=(${t.shape.join(', ')}${t.shape.length === 1 ? ',' : ''})`);
    if (t.dtype !== defaultDtype) suffixes.push(dtypeSuffix);
    body = '[]';
  } else {
    if (t.dtype !== defaultDtype && t.dtype !== 'int64') suffixes.push(dtypeSuffix);
    const summarize = t.data.length > THRESHOLD;
    const root = { shape: t.shape, offset: 0 };
    const seen: number[] = [];
    collect(t, root, summarize, seen);
    body = render(t, root, prefix.length, summarize, new Formatter(seen, t.dtype));
  }
  return addSuffixes(prefix + body, suffixes, prefix.length);
}
