// The geometry of the code-length figure (one horizontal bar per outcome: height its
// probability, width its code length −log₂ p, so the bars' total area is the expected code
// length), with every length and total computed by the loss core.
import { coreValue } from './core-number';

/** One outcome's bar, in bits (x) and probability (y); the view scales both. */
export interface CodeLengthBar {
  readonly label: string;
  readonly probability: number;
  /** −log₂ p: the optimal code length of this outcome. */
  readonly length: number;
  /** −log₂ q where a comparison code q is given: the length that code spends. */
  readonly comparisonLength: number | undefined;
  /** Where the bar starts, from the top: the probabilities of the bars above it. */
  readonly top: number;
}

/** What the figure draws and states. */
export interface CodeLengthLayout {
  readonly bars: readonly CodeLengthBar[];
  /** H(p) in bits: the area of the bars. */
  readonly entropyBits: number;
  /** H(p, q) in bits: the area under the comparison code's lengths. */
  readonly crossEntropyBits: number | undefined;
  /** The longest length drawn, in bits, rounded up to a whole bit for the axis. */
  readonly axisBits: number;
}

/** Lay out the bars for the distribution p (and a code built for q), so the figure is static. */
export function codeLengthLayout(
  p: readonly number[],
  labels: readonly string[],
  q?: readonly number[],
): CodeLengthLayout {
  if (labels.length !== p.length || (q !== undefined && q.length !== p.length)) {
    throw new Error(
      `p, labels and q must have one entry per outcome, got ${p.length}, ${labels.length} and ${q?.length ?? 'none'}`,
    );
  }
  const total = p.reduce((a, b) => a + b, 0);
  let top = 0;
  const bars = p.map((weight, index) => {
    const bar: CodeLengthBar = {
      label: labels[index] ?? '',
      probability: weight / total,
      length: coreValue({ quantity: 'code-length', p, index }),
      comparisonLength:
        q === undefined ? undefined : coreValue({ quantity: 'code-length', p: q, index }),
      top,
    };
    top += weight / total;
    return bar;
  });
  const longest = Math.max(...bars.map((b) => Math.max(b.length, b.comparisonLength ?? 0)));
  return {
    bars,
    entropyBits: coreValue({ quantity: 'entropy', p, base: 2 }),
    crossEntropyBits:
      q === undefined ? undefined : coreValue({ quantity: 'cross-entropy', p, q, base: 2 }),
    axisBits: Math.max(1, Math.ceil(longest - 1e-9)),
  };
}
