// State of the stability lab: one scale slider, and for each precision the naive
// log(softmax(o)) next to the core's fused logSoftmax, printed as PyTorch prints tensors.
import { formatTensor, logSoftmax, tensor } from '../../../src/loss/index';
import {
  EXPONENT_RANGE,
  logSoftmaxCall,
  naiveLogSoftmax,
  scaledLogits,
  type Precision,
} from './helpers';
import { PropsCheck, type FigureWidth, type WidgetFrameProps } from '../shared/props';
import { timed } from '../shared/timed';

export interface StabilityLabProps extends WidgetFrameProps {
  /** Starting k, the logits being [1, 2, 3]·10^k. @default 0 */
  exponent?: number;
}

export interface LabRow {
  readonly precision: Precision;
  readonly naive: string;
  readonly fused: string;
  /** Whether the naive result has lost information (NaN or −∞ where the true value is finite). */
  readonly naiveBroken: boolean;
}

const PRECISIONS: readonly Precision[] = ['float64', 'float32'];

/** One row of the table: both methods at one precision, printed like torch. */
function labRow(logits: readonly number[], precision: Precision): LabRow {
  const naive = naiveLogSoftmax(logits, precision);
  return {
    precision,
    naive: formatTensor(tensor(naive, precision)),
    fused: formatTensor(logSoftmax(tensor([...logits], precision))),
    naiveBroken: naive.some((v) => !Number.isFinite(v)),
  };
}

export class StabilityLabState {
  exponent: number = $state(0);
  readonly width: FigureWidth;
  readonly logits: number[] = $derived(scaledLogits(this.exponent));
  readonly rows: LabRow[] = $derived(
    timed('stability-lab', () => PRECISIONS.map((p) => labRow(this.logits, p))),
  );
  readonly call: string = $derived(
    PRECISIONS.map((p) => logSoftmaxCall(this.logits, p)).join('\n'),
  );
  readonly summary: string = $derived(
    `Logits ${this.logits.join(', ')}: naive log-softmax is ` +
      this.rows
        .map((r) => `${r.naiveBroken ? 'broken' : 'finite'} in ${r.precision}`)
        .join(' and ') +
      '; the fused logSoftmax stays finite in both.',
  );

  constructor(props: StabilityLabProps = {}) {
    const check = new PropsCheck('StabilityLab');
    const exponent = props.exponent ?? 0;
    check.number('exponent', exponent, EXPONENT_RANGE);
    this.width = check.width(props.width, 'page');
    this.exponent = exponent;
  }

  /** Move the slider; values outside its travel are clamped, never thrown. */
  setExponent(value: number): void {
    this.exponent = Math.min(EXPONENT_RANGE.max, Math.max(EXPONENT_RANGE.min, value));
  }
}
