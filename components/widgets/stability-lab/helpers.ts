// Pure pieces of the stability lab: the logits it is fed, the three routes to log-softmax as
// PyTorch code, an exact reference computed independently of the core, and the error measure
// that decides which printed values are marked.
import type { FloatDType } from '../../../src/loss/index';

/** The shape of the logits; the slider scales them by 10^k. */
export const BASE_LOGITS: readonly number[] = [1, 2, 3];

/** Slider travel for k in 10^k: from 1× to a million times the base logits. */
export const EXPONENT_RANGE = { min: 0, max: 6, step: 0.5 } as const;

/** The dtypes each route runs in: PyTorch's default first. */
export const DTYPES: readonly FloatDType[] = ['float32', 'float64'];

export type RouteId = 'by-hand' | 'log-of-softmax' | 'log-softmax';

/** Each route's short name (the table's row label) and the PyTorch expression it runs on x. */
export const ROUTES: readonly {
  readonly id: RouteId;
  readonly name: string;
  readonly code: string;
}[] = [
  { id: 'by-hand', name: 'by hand', code: 'torch.log(torch.exp(x) / torch.exp(x).sum())' },
  { id: 'log-of-softmax', name: 'log(softmax)', code: 'torch.log(torch.softmax(x, dim=0))' },
  { id: 'log-softmax', name: 'log_softmax', code: 'torch.log_softmax(x, dim=0)' },
];

/**
 * A value is marked when its relative error exceeds this: a wrong 4th–5th significant digit in
 * float32 (about 800 float32 ulps), and 1e-9 in float64.
 */
export const MARK_ABOVE: Readonly<Record<FloatDType, number>> = { float32: 1e-4, float64: 1e-9 };

/** Each dtype's machine epsilon: the floor of the error measure's denominator. */
const EPSILON: Readonly<Record<FloatDType, number>> = { float32: 2 ** -23, float64: 2 ** -52 };

/** The logits at scale 10^k, written without floating-point noise (10^2.5 keeps 12 digits). */
export function scaledLogits(exponent: number): number[] {
  const scale = 10 ** exponent;
  return BASE_LOGITS.map((o) => Number((o * scale).toPrecision(12)));
}

/**
 * The exact log-softmax of finite logits, to a few float64 ulps in every entry, independent of
 * the core: log softmax(x)ᵢ = (xᵢ − m) − log1p(Σ_{j≠a} exp(xⱼ − m)), with a an argmax and m its
 * value. log1p keeps the winner's tiny log-probability accurate where log(Σ) would round it.
 */
export function exactLogSoftmax(logits: readonly number[]): number[] {
  const a = logits.indexOf(Math.max(...logits));
  const m = logits[a] as number;
  const rest = logits.reduce((total, x, j) => (j === a ? total : total + Math.exp(x - m)), 0);
  const logSum = Math.log1p(rest);
  return logits.map((x) => x - m - logSum);
}

/**
 * |value − exact| / max(|exact|, ε): relative error, except that a log-probability within the
 * dtype's ε of 0 is measured against ε (such a log p means a probability closer to 1 than the
 * dtype can tell from 1). NaN and ±∞ where the exact value is finite give ∞.
 */
export function relativeError(value: number, exact: number, dtype: FloatDType): number {
  if (!Number.isFinite(value)) return Infinity;
  return Math.abs(value - exact) / Math.max(Math.abs(exact), EPSILON[dtype]);
}

/** The entries of a 1-D tensor's repr as PyTorch prints them: 'tensor([-inf, -1.5])' → ['-inf', '-1.5']. */
export function reprEntries(repr: string): string[] {
  const open = repr.indexOf('[');
  const close = repr.lastIndexOf(']');
  return repr
    .slice(open + 1, close)
    .split(',')
    .map((entry) => entry.trim());
}

/** An exact value written as the table shows it: five significant digits, ASCII minus as PyTorch's. */
export function formatExact(value: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude < 1e-3 || magnitude >= 1e5 ? value.toExponential(4) : value.toPrecision(5);
}
