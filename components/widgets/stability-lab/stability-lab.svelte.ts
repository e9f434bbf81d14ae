// State of the stability lab: one scale slider, and the log-softmax of [1, 2, 3]·10^k taken
// three ways in float32 and float64, each as that PyTorch route computes it, every entry
// measured against an exact value; plus the PyTorch program that prints the same tensors.
import {
  div,
  exp,
  formatTensor,
  log,
  logSoftmax,
  softmax,
  sum,
  tensor,
  type FloatDType,
  type Tensor,
} from '../../../src/loss/index';
import { pyPrint, pyProgram, torchTensor, type PyTorchProgram } from '../../../src/pytorch/program';
import {
  DTYPES,
  EXPONENT_RANGE,
  exactLogSoftmax,
  MARK_ABOVE,
  relativeError,
  reprEntries,
  ROUTES,
  scaledLogits,
  type RouteId,
} from './helpers';
import { formatPlain, formatTuple } from '../shared/format';
import { PropsCheck, type FigureWidth, type WidgetFrameProps } from '../shared/props';
import type { StateReader } from '../shared/state-link';
import { timed } from '../shared/timed';
import type { ShareableState } from '../shared/url-state';

/** Logits scaled up by powers of ten and three routes to log-softmax, in float32 and float64, with every entry far from the exact value marked. */
export interface StabilityLabProps extends WidgetFrameProps {
  /** How wide the cell is. @default 'page' */
  width?: FigureWidth;
  /** Starting k, the logits being [1, 2, 3]·10^k. @default 0 */
  exponent?: number;
}

/** One printed entry, its relative error against the exact value, and whether it is marked. */
export interface LabEntry {
  readonly printed: string;
  readonly error: number;
  readonly marked: boolean;
}

/** One route in one dtype: the tensor as PyTorch prints it, and its entries measured. */
export interface LabResult {
  readonly route: RouteId;
  readonly dtype: FloatDType;
  readonly repr: string;
  readonly entries: readonly LabEntry[];
}

/** One dtype's block of the table: the exact values and the three routes. */
export interface LabBlock {
  readonly dtype: FloatDType;
  readonly exact: readonly number[];
  readonly results: readonly LabResult[];
}

/** Each route as PyTorch computes it, on the loss core's ops of the same names. */
const COMPUTE: Readonly<Record<RouteId, (x: Tensor) => Tensor>> = {
  'by-hand': (x) => log(div(exp(x), sum(exp(x)))),
  'log-of-softmax': (x) => log(softmax(x, { dim: 0 })),
  'log-softmax': (x) => logSoftmax(x, { dim: 0 }),
};

/** One dtype's block: the logits as that dtype holds them, every route, every entry measured. */
function labBlock(logits: readonly number[], dtype: FloatDType): LabBlock {
  const x = tensor([...logits], dtype);
  // The exact values belong to the logits the dtype actually holds (float32 rounds 3.16…).
  const exact = exactLogSoftmax(Array.from(x.data));
  const results = ROUTES.map(({ id }) => {
    const out = COMPUTE[id](x);
    const repr = formatTensor(out);
    const printed = reprEntries(repr);
    const entries = Array.from(out.data, (value, i) => {
      const error = relativeError(value, exact[i] as number, dtype);
      return { printed: printed[i] ?? '', error, marked: !(error <= MARK_ABOVE[dtype]) };
    });
    return { route: id, dtype, repr, entries };
  });
  return { dtype, exact, results };
}

/** The PyTorch program that prints what the table shows: one x per dtype, one print per route. */
function labProgram(logits: readonly number[], blocks: readonly LabBlock[]): PyTorchProgram {
  const lines = DTYPES.flatMap((dtype, d) => [
    ...(d > 0 ? [''] : []),
    `x = ${torchTensor([...logits], dtype)}`,
    ...ROUTES.map((route) => pyPrint(route.code)),
  ]);
  const printed = blocks.flatMap((block) => block.results.map((r) => r.repr)).join('\n');
  return { code: pyProgram(lines), printed };
}

export class StabilityLabState implements ShareableState {
  readonly cellId: string;
  exponent: number = $state(0);
  readonly width: FigureWidth;
  readonly logits: number[] = $derived(scaledLogits(this.exponent));
  readonly blocks: LabBlock[] = $derived(
    timed('stability-lab', () => DTYPES.map((dtype) => labBlock(this.logits, dtype))),
  );
  readonly program: PyTorchProgram = $derived(labProgram(this.logits, this.blocks));
  readonly summary: string = $derived(
    `Logits ${this.logits.join(', ')}. ` +
      this.blocks
        .map(
          (block) =>
            `${block.dtype}: ` +
            block.results
              .map((r) => {
                const name = ROUTES.find((route) => route.id === r.route)?.name ?? r.route;
                const marked = r.entries.filter((e) => e.marked).length;
                return `${name} ${marked === 0 ? 'accurate' : `${marked} of ${r.entries.length} entries wrong`}`;
              })
              .join(', '),
        )
        .join('; ') +
      '.',
  );

  /** The input in words, the caption of the printed cell: the scale and the logits it gives. */
  readonly parameters: string = $derived(
    `scale 10^s with s = ${formatPlain(this.exponent)}: logits o = ${formatTuple(this.logits)}`,
  );

  constructor(props: StabilityLabProps = {}) {
    const check = new PropsCheck('StabilityLab');
    const exponent = props.exponent ?? 0;
    check.number('exponent', exponent, EXPONENT_RANGE);
    this.width = check.width(props.width, 'page');
    this.cellId = check.cellId(props.cellId, 'stability-lab');
    this.exponent = exponent;
  }

  /** Move the slider; values outside its travel are clamped, never thrown. */
  setExponent(value: number): void {
    this.exponent = Math.min(EXPONENT_RANGE.max, Math.max(EXPONENT_RANGE.min, value));
  }

  /** The link's state: the scale's exponent `s`. */
  shareState(): Record<string, string> {
    return { s: String(this.exponent) };
  }

  /** Take a link's exponent within the slider's range (as the chapter's prop is), or say what was wrong. */
  restoreState(read: StateReader): string | null {
    const exponent = read.number('s', { min: EXPONENT_RANGE.min, max: EXPONENT_RANGE.max });
    const done = read.done(exponent);
    if (typeof done === 'string') return done;
    this.setExponent(done[0]);
    return null;
  }
}
