// Entropy, cross-entropy and KL divergence of discrete distributions (Cover & Thomas, ch. 2),
// with 0·log 0 = 0 and q = 0 where p > 0 giving +∞.
import { sameShape, shapeList } from './broadcast';
import { requireTensor } from './dtype';
import { LossError } from './errors';
import { xlogy } from './kl-div';
import { checkOptionKeys, numberOption } from './options';
import { compensatedSum } from './reduction';
import { makeTensor, type Tensor } from './tensor';

export interface InformationOptions {
  /** Logarithm base: e for nats, 2 for bits. @default Math.E */
  readonly base?: number;
}

/** How far a distribution's total may stray from 1 before it is refused. */
const SUM_TOLERANCE = 1e-6;

/** Check a 1-D probability vector: finite, non-negative, summing to 1. */
function checkDistribution(fn: string, name: string, p: unknown): asserts p is Tensor {
  requireTensor(p, fn, name);
  if (p.shape.length !== 1 || p.dtype === 'int64') {
    throw new LossError(
      `${fn}(): '${name}' must be a 1-D float tensor of probabilities, got shape ${shapeList(p.shape)} ${p.dtype}`,
    );
  }
  p.data.forEach((v, i) => {
    if (!(v >= 0) || !Number.isFinite(v)) {
      throw new LossError(`${fn}(): '${name}' must hold probabilities, but ${name}[${i}] = ${v}`);
    }
  });
  const total = compensatedSum(p.data);
  if (Math.abs(total - 1) > SUM_TOLERANCE) {
    throw new LossError(`${fn}(): '${name}' must sum to 1, but it sums to ${total}`);
  }
}

/** 1 / ln(base), the factor that turns nats into the chosen unit. */
function unit(fn: string, options: InformationOptions): number {
  checkOptionKeys(fn, options, ['base']);
  const base = numberOption(fn, 'base', options.base ?? Math.E);
  if (!(base > 0) || base === 1 || !Number.isFinite(base)) {
    throw new LossError(
      `${fn}(): option 'base' must be a positive number other than 1, got ${base}`,
    );
  }
  return base === Math.E ? 1 : 1 / Math.log(base);
}

/** Two distributions over the same outcomes. */
function checkPair(fn: string, p: unknown, q: unknown): asserts q is Tensor {
  checkDistribution(fn, 'p', p);
  checkDistribution(fn, 'q', q);
  if (!sameShape(p.shape, q.shape)) {
    throw new LossError(
      `${fn}(): p and q must have the same shape, got ${shapeList(p.shape)} and ${shapeList(q.shape)}`,
    );
  }
}

// #region information
/**
 * Entropy H(p) = −Σ p log p: the average surprise of outcomes drawn from p.
 * @example entropy(tensor([0.5, 0.5]), { base: 2 }) // tensor(1.)
 */
export function entropy(p: Tensor, options: InformationOptions = {}): Tensor {
  checkDistribution('entropy', 'p', p);
  const scale = unit('entropy', options);
  return makeTensor([], 'float64', [(0 - compensatedSum(p.data.map((v) => xlogy(v, v)))) * scale]);
}

/**
 * Cross-entropy H(p, q) = −Σ p log q: the average surprise when outcomes of p are scored by q.
 * @example distributionCrossEntropy(tensor([1, 0]), tensor([0.5, 0.5]), { base: 2 }) // tensor(1.)
 */
export function distributionCrossEntropy(
  p: Tensor,
  q: Tensor,
  options: InformationOptions = {},
): Tensor {
  checkPair('distributionCrossEntropy', p, q);
  const scale = unit('distributionCrossEntropy', options);
  const terms = p.data.map((v, i) => xlogy(v, q.data[i] as number));
  return makeTensor([], 'float64', [(0 - compensatedSum(terms)) * scale]);
}

/**
 * KL divergence D_KL(p ‖ q) = Σ p log(p/q) ≥ 0: the extra cost of scoring p by q, H(p, q) − H(p).
 * @example klDivergence(tensor([0.5, 0.5]), tensor([0.9, 0.1])) // tensor(0.5108)
 */
export function klDivergence(p: Tensor, q: Tensor, options: InformationOptions = {}): Tensor {
  checkPair('klDivergence', p, q);
  const scale = unit('klDivergence', options);
  // Term by term p·(log p − log q); p = 0 terms vanish, q = 0 under p > 0 is +∞.
  const terms = p.data.map((v, i) =>
    v === 0 ? 0 : v * (Math.log(v) - Math.log(q.data[i] as number)),
  );
  return makeTensor([], 'float64', [Math.max(0, compensatedSum(terms)) * scale]);
}
// #endregion information
