// Pure pieces of the distribution explorer: defaults, renormalising the reader's weights,
// number formatting, the chapter's props, and the core calls the cell shows.
import type { InformationOptions } from '../../../src/loss/index';
import { formatFixed, formatShort, subscript } from '../shared/format';

/** The distributions a reader sees first: 1.75 bits of entropy, 0.25 bits of KL either way. */
export const DEFAULT_P: readonly number[] = [0.5, 0.25, 0.125, 0.125];
export const DEFAULT_Q: readonly number[] = [0.25, 0.25, 0.25, 0.25];

/** Slider travel for a weight; typed weights may exceed it, the slider then rests at its end. */
export const WEIGHT_SLIDER = { min: 0, max: 1, step: 0.01 } as const;

/** How far the core lets a distribution's total stray from 1 (see src/loss/information.ts). */
const CORE_SUM_TOLERANCE = 1e-6;

export type Unit = 'bits' | 'nats';

/** The core's options for a unit: log base 2 for bits, its natural-log default for nats. */
export function unitOptions(unit: Unit): InformationOptions {
  return unit === 'bits' ? { base: 2 } : {};
}

/** The label of outcome i when the chapter gives none: x₁, x₂, … as in p(x₁). */
export function defaultLabel(i: number): string {
  return `x${subscript(i + 1)}`;
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

/** The largest probability a dragged bar may ask for while other outcomes keep their weight. */
export const MAX_DRAGGED_PROBABILITY = 0.99;

/**
 * The weight that gives outcome i the probability `target` while every other weight stays as
 * the reader left it, so dragging one bar rewrites one field. Rounded to 3 significant digits
 * so the field stays readable; the probability then lands within 0.5% of the target.
 */
export function weightForProbability(
  weights: readonly number[],
  i: number,
  target: number,
): number {
  const own = weights[i] ?? 0;
  const others = weightSum(weights) - own;
  const wanted = Math.min(MAX_DRAGGED_PROBABILITY, Math.max(0, target));
  // With nothing else weighted, outcome i holds everything whatever its weight: keep it
  // positive so the distribution stays valid.
  if (!(others > 0)) return own > 0 ? own : 1;
  return Number(((wanted * others) / (1 - wanted)).toPrecision(3));
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

/** Tell the reader whether their weights are used as typed or divided by their total. */
export function renormalisationNote(name: string, total: number): string {
  const shown = formatShort(total);
  return shown === '1'
    ? `${name}'s weights sum to 1.`
    : `${name}'s weights sum to ${shown}; using them divided by ${shown}.`;
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

/** Numbers for a tensor literal: 6 significant digits, or more when 6 would not sum to 1 for the core. */
function callNumbers(distribution: readonly number[]): string {
  // Keep half the core's tolerance in hand so a pasted call is never refused; 7 digits always
  // do for 8 outcomes (8 × 5e-8 < 5e-7), so the loop stops there.
  let digits = 6;
  while (
    digits < 17 &&
    Math.abs(weightSum(distribution.map((v) => Number(v.toPrecision(digits)))) - 1) >
      CORE_SUM_TOLERANCE / 2
  ) {
    digits += 1;
  }
  return distribution.map((v) => formatShort(v, digits)).join(', ');
}

/** The four loss-core calls the cell runs, one a line, with the distributions as used. */
export function informationCall(p: readonly number[], q: readonly number[], unit: Unit): string {
  const tp = `tensor([${callNumbers(p)}])`;
  const tq = `tensor([${callNumbers(q)}])`;
  const options = unit === 'bits' ? ', { base: 2 }' : '';
  return [
    `entropy(${tp}${options})`,
    `distributionCrossEntropy(${tp}, ${tq}${options})`,
    `klDivergence(${tp}, ${tq}${options})`,
    `klDivergence(${tq}, ${tp}${options})`,
  ].join('\n');
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
