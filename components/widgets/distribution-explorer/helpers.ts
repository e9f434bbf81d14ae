// Pure pieces of the distribution explorer: defaults, renormalising the reader's entries,
// number formatting, the chapter's props, and the PyTorch program the cell shows.
import type { InformationOptions } from '../../../src/loss/index';
import { pyFixed, pyProgram, pyStr, torchTensor } from '../../../src/pytorch/program';
import { formatFixed, formatShort, subscript } from '../shared/format';

/** The distributions a reader sees first: D_KL(p‖q) = 0.625 bits but D_KL(q‖p) = 0.5 bits. */
export const DEFAULT_P: readonly number[] = [0.5, 0.25, 0.125, 0.125];
export const DEFAULT_Q: readonly number[] = [0.125, 0.5, 0.25, 0.125];

/** Slider travel for a probability: moving it sets that probability and rescales the others. */
export const PROBABILITY_SLIDER = { min: 0, max: 1, step: 0.01 } as const;

export type Unit = 'bits' | 'nats';

/** The core's options for a unit: log base 2 for bits, its natural-log default for nats. */
export function unitOptions(unit: Unit): InformationOptions {
  return unit === 'bits' ? { base: 2 } : {};
}

/** The label of outcome i when the chapter gives none: a, b, c, … (x is reserved for inputs). */
export function defaultLabel(i: number): string {
  return String.fromCharCode(97 + i);
}

/** An information quantity as the cell shows it: 4 decimals and the unit, or ∞ on its own. */
export function formatInformation(value: number, unit: Unit): string {
  return Number.isFinite(value) ? `${formatFixed(value, 4)} ${unit}` : formatFixed(value, 4);
}

/** A distribution in prose: (0.5, 0.25, 0.125, 0.125). */
export function formatDistribution(values: readonly number[]): string {
  return `(${values.map((v) => formatShort(v)).join(', ')})`;
}

/** The total of a distribution's weights, the divisor that renormalises them. */
export function weightSum(weights: readonly number[]): number {
  return weights.reduce((a, b) => a + b, 0);
}

/** Dragged and slid probabilities move in steps of 1e-4, so fields show 4 decimals as the table does. */
const UNITS = 10_000;

/**
 * Set outcome i's probability to `target` (clamped to [0, 1]) and rescale the others to fill the
 * rest in proportion, so every field holds the probability the table shows: 4 decimals that sum
 * to exactly 1 (largest remainders take the last units).
 */
export function probabilitiesWith(
  distribution: readonly number[],
  i: number,
  target: number,
): number[] {
  const own = Math.round(Math.min(1, Math.max(0, target)) * UNITS);
  const rest = UNITS - own;
  const others = distribution.map((v, j) => (j === i ? 0 : v));
  const total = weightSum(others);
  // With nothing else weighted, the others share the rest equally.
  const shares = others.map((v, j) =>
    j === i ? 0 : total > 0 ? (rest * v) / total : rest / (distribution.length - 1),
  );
  const units = shares.map(Math.floor);
  let left = rest - weightSum(units);
  const byRemainder = shares
    .map((share, j) => ({ j, remainder: share - Math.floor(share) }))
    .filter(({ j }) => j !== i)
    .sort((a, b) => b.remainder - a.remainder || a.j - b.j);
  for (const { j } of byRemainder) {
    if (left <= 0) break;
    units[j] = (units[j] ?? 0) + 1;
    left -= 1;
  }
  units[i] = own;
  return units.map((u) => u / UNITS);
}

/** Divide weights by their total, or say (naming the distribution) why they cannot be. */
export function normalise(
  name: string,
  weights: readonly number[],
): { ok: true; distribution: number[] } | { ok: false; message: string } {
  const total = weightSum(weights);
  if (total === 0) {
    return {
      ok: false,
      message: `All of ${name}'s weights are 0: give at least one outcome a positive weight.`,
    };
  }
  if (!Number.isFinite(total)) {
    return {
      ok: false,
      message: `${name}'s weights add up to more than the largest number there is: make them smaller.`,
    };
  }
  return { ok: true, distribution: weights.map((w) => w / total) };
}

/** Tell the reader whether their entries are used as typed or divided by their total. */
export function renormalisationNote(name: string, total: number): string {
  const shown = formatShort(total);
  return shown === '1'
    ? `${name} sums to 1.`
    : `${name}'s entries sum to ${shown}; using each divided by ${shown}.`;
}

/** Indices where `of` gives an outcome probability 0 that `from` thinks possible. */
export function missingSupport(from: readonly number[], of: readonly number[]): number[] {
  return from.flatMap((v, i) => (v > 0 && of[i] === 0 ? [i] : []));
}

/** Why KL(from‖of) (and, for p‖q, the cross-entropy) is infinite, or null when it is finite. */
export function infinityReason(
  from: 'p' | 'q',
  of: 'p' | 'q',
  indices: readonly number[],
): string | null {
  if (indices.length === 0) return null;
  const names = (d: string) => indices.map((i) => `${d}${subscript(i + 1)}`).join(', ');
  const infinite = from === 'p' ? 'H(p, q) and KL(p‖q) are' : 'KL(q‖p) is';
  return (
    `${names(of)} = 0 where ${names(from)} > 0, so ${infinite} ∞: ` +
    `${of} calls impossible what ${from} says can happen.`
  );
}

/** The % of the track that 0 to `scale` spans when D_KL is infinite: the rest is the ∞ segment. */
const FINITE_SHARE = 70;

/** Widths of the identity bar's segments, in % of a track that spans 0 to `scale` (then ∞). */
export function identitySegments(
  entropyOfP: number,
  kl: number,
  scale: number,
): { entropy: number; kl: number } {
  if (!(scale > 0)) return { entropy: 0, kl: 0 };
  if (!Number.isFinite(kl)) {
    const entropy = (FINITE_SHARE * entropyOfP) / scale;
    return { entropy, kl: 100 - entropy };
  }
  return { entropy: (100 * entropyOfP) / scale, kl: (100 * kl) / scale };
}

/** The track the identity bar is drawn on: log C (the largest H(p) can be), or H(p, q) if longer. */
export function identityScale(outcomes: number, unit: Unit, crossEntropy: number): number {
  const maxEntropy = Math.log(outcomes) / (unit === 'bits' ? Math.LN2 : 1);
  return Number.isFinite(crossEntropy) ? Math.max(maxEntropy, crossEntropy) : maxEntropy;
}

/** The PyTorch program the cell runs, float64 as the cell computes: entr and xlogy keep 0·log 0 = 0. */
export function informationCode(p: readonly number[], q: readonly number[], unit: Unit): string {
  const per = unit === 'bits' ? ' / bits' : '';
  return pyProgram([
    `p = ${torchTensor(p, 'float64')}`,
    `q = ${torchTensor(q, 'float64')}`,
    ...(unit === 'bits' ? ['bits = math.log(2)  # nats per bit'] : []),
    `H_p = torch.special.entr(p).sum()${per}`,
    `H_pq = -torch.special.xlogy(p, q).sum()${per}`,
    `KL_pq = (torch.special.xlogy(p, p) - torch.special.xlogy(p, q)).sum()${per}`,
    `KL_qp = (torch.special.xlogy(q, q) - torch.special.xlogy(q, p)).sum()${per}`,
    ...INFORMATION_LINES.map(
      ([label, name]) => `print(f${pyStr(`${label} = {${name}:.4f} ${unit}`)})`,
    ),
  ]);
}

/** The program's print lines: a label and the variable it prints. */
const INFORMATION_LINES = [
  ['H(p)      ', 'H_p'],
  ['H(p, q)   ', 'H_pq'],
  ['D_KL(p||q)', 'KL_pq'],
  ['D_KL(q||p)', 'KL_qp'],
] as const;

/** What that program prints, from the core's four values, as Python's {:.4f} writes them. */
export function informationPrinted(values: readonly number[], unit: Unit): string {
  return INFORMATION_LINES.map(
    ([label], k) => `${label} = ${pyFixed(values[k] ?? Number.NaN, 4)} ${unit}`,
  ).join('\n');
}

/** The chapter's props with defaults filled in: q is uniform unless given, p too when only q is. */
export function resolveDistributions(
  p: readonly number[] | undefined,
  q: readonly number[] | undefined,
): { p: number[]; q: number[] } {
  const uniform = (n: number) => Array.from({ length: n }, () => 1 / n);
  const resolvedP = [...(p ?? (q === undefined ? DEFAULT_P : uniform(q.length)))];
  const resolvedQ = [...(q ?? (p === undefined ? DEFAULT_Q : uniform(resolvedP.length)))];
  return { p: resolvedP, q: resolvedQ };
}
