// The numbers chapters quote in their prose, computed by the loss core at build time, so a
// worked example or an exercise's answer is never typed by hand. CoreNumber.astro prints them;
// the claims tests call the same functions with the same props.
import {
  binaryCrossEntropyWithLogits,
  crossEntropy,
  crossEntropyBackward,
  distributionCrossEntropy,
  entropy,
  klDivergence,
  logSoftmax,
  logSumExp,
  nllLoss,
  oneHot,
  softmax,
  tensor,
  type NestedArray,
  type Tensor,
} from '~/src/loss/index';
import { softmaxMseWithGrad } from '~/components/widgets/shared/softmax-mse';

/** Distributions are given as non-negative weights and normalised, so [1, 1, 1] is uniform. */
type Weights = readonly number[];

/** What a chapter can ask for; every index is 0-based, as PyTorch's class indices are. */
export type CoreQuantity =
  /** H(p), in bits when base is 2 (default nats). */
  | { quantity: 'entropy'; p: Weights; base?: number }
  /** H(p, q), the average code length of p's outcomes scored by q. */
  | { quantity: 'cross-entropy'; p: Weights; q: Weights; base?: number }
  /** D_KL(p ‖ q). */
  | { quantity: 'kl'; p: Weights; q: Weights; base?: number }
  /** exp H(p, q) (any base gives the same number): the effective number of equal choices. */
  | { quantity: 'perplexity'; p: Weights; q: Weights }
  /** -log2 p_index: the optimal code length of one outcome, in bits. */
  | { quantity: 'code-length'; p: Weights; index: number }
  /** torch.nn.functional.cross_entropy of one row of logits and a class index. */
  | { quantity: 'loss'; logits: readonly number[]; target: number; labelSmoothing?: number }
  /** One entry of that loss's gradient with respect to the logits. */
  | {
      quantity: 'gradient';
      logits: readonly number[];
      target: number;
      index: number;
      labelSmoothing?: number;
    }
  /** log Σ exp(o). */
  | { quantity: 'log-sum-exp'; logits: readonly number[] }
  /** softmax(o / T)_index. */
  | { quantity: 'softmax'; logits: readonly number[]; index: number; temperature?: number }
  /** softmax(log p / T)_index, which is p_index^(1/T) normalised. */
  | { quantity: 'tempered'; p: Weights; index: number; temperature: number }
  /** binary_cross_entropy_with_logits of one logit and a target in [0, 1]. */
  | { quantity: 'bce-with-logits'; logit: number; target: number }
  /** F.mse_loss(F.softmax(o), one-hot target): squared error on the probabilities, mean over C. */
  | { quantity: 'softmax-mse'; logits: readonly number[]; target: number }
  /** One entry of that loss's gradient with respect to the logits. */
  | { quantity: 'softmax-mse-gradient'; logits: readonly number[]; target: number; index: number }
  /** That gradient on the target's logit over cross-entropy's there: how hard squared error pulls, relatively. */
  | { quantity: 'softmax-mse-ratio'; logits: readonly number[]; target: number }
  /**
   * nn.CrossEntropyLoss on a batch: logits (N, C) or (N, C, d₁, …), class-index targets, its
   * options; entry `index` of a 'none' result. `route` 'nll' computes nll_loss(log_softmax(x)),
   * 'one-hot' passes the targets as one-hot float rows (2-D only).
   */
  | {
      quantity: 'batch-loss';
      logits: NestedArray;
      targets: NestedArray;
      weight?: readonly number[];
      ignoreIndex?: number;
      reduction?: 'mean' | 'sum' | 'none';
      labelSmoothing?: number;
      index?: number;
      route?: 'cross-entropy' | 'nll' | 'one-hot';
    }
  /** Σ w[k_n] over the samples whose target is not ignore_index: the weighted mean's denominator. */
  | {
      quantity: 'weight-total';
      targets: readonly number[];
      weight: readonly number[];
      ignoreIndex?: number;
    };

/** The quantities CoreNumber knows, for the build error that lists them. */
export const CORE_QUANTITIES = [
  'entropy',
  'cross-entropy',
  'kl',
  'perplexity',
  'code-length',
  'loss',
  'gradient',
  'log-sum-exp',
  'softmax',
  'tempered',
  'bce-with-logits',
  'softmax-mse',
  'softmax-mse-gradient',
  'softmax-mse-ratio',
  'batch-loss',
  'weight-total',
] as const satisfies readonly CoreQuantity['quantity'][];

/** A probability tensor from weights, so authors write [1, 1, 1] rather than thirds. */
function distribution(weights: Weights): Tensor {
  const total = weights.reduce((a, b) => a + b, 0);
  return tensor(weights.map((w) => w / total));
}

/** The one number a 0-d or 1-element result holds, or entry `index` of a vector. */
function entry(t: Tensor, index = 0): number {
  const value = t.data[index];
  if (value === undefined) {
    throw new Error(`index ${index} is outside a result of ${t.data.length} entries`);
  }
  return value;
}

/** Compute a quantity with the loss core; the core's own errors name what is wrong. */
export function coreValue(spec: CoreQuantity): number {
  switch (spec.quantity) {
    case 'entropy':
      return entry(entropy(distribution(spec.p), { base: spec.base ?? Math.E }));
    case 'cross-entropy':
      return entry(
        distributionCrossEntropy(distribution(spec.p), distribution(spec.q), {
          base: spec.base ?? Math.E,
        }),
      );
    case 'kl':
      return entry(
        klDivergence(distribution(spec.p), distribution(spec.q), { base: spec.base ?? Math.E }),
      );
    case 'perplexity':
      return Math.exp(entry(distributionCrossEntropy(distribution(spec.p), distribution(spec.q))));
    case 'code-length': {
      // The cross-entropy of a point mass on one outcome is that outcome's code length.
      const pointMass = spec.p.map((_, i) => (i === spec.index ? 1 : 0));
      return entry(
        distributionCrossEntropy(distribution(pointMass), distribution(spec.p), { base: 2 }),
      );
    }
    case 'loss':
      return entry(
        crossEntropy(tensor([[...spec.logits]]), tensor([spec.target], 'int64'), {
          labelSmoothing: spec.labelSmoothing ?? 0,
        }),
      );
    case 'gradient':
      return entry(
        crossEntropyBackward(tensor([[...spec.logits]]), tensor([spec.target], 'int64'), {
          labelSmoothing: spec.labelSmoothing ?? 0,
        }),
        spec.index,
      );
    case 'log-sum-exp':
      return entry(logSumExp(tensor([...spec.logits])));
    case 'softmax': {
      const t = spec.temperature ?? 1;
      return entry(softmax(tensor(spec.logits.map((o) => o / t))), spec.index);
    }
    case 'tempered':
      return entry(softmax(tensor(spec.p.map((w) => Math.log(w) / spec.temperature))), spec.index);
    case 'bce-with-logits':
      return entry(binaryCrossEntropyWithLogits(tensor([spec.logit]), tensor([spec.target])));
    case 'softmax-mse':
    case 'softmax-mse-gradient': {
      const y = tensor(spec.logits.map((_, j) => (j === spec.target ? 1 : 0)));
      const { loss, grad } = softmaxMseWithGrad(tensor([...spec.logits]), y);
      return spec.quantity === 'softmax-mse' ? entry(loss) : entry(grad, spec.index);
    }
    case 'softmax-mse-ratio': {
      const { target: k, logits } = spec;
      const mse = coreValue({ quantity: 'softmax-mse-gradient', logits, target: k, index: k });
      return mse / coreValue({ quantity: 'gradient', logits, target: k, index: k });
    }
    case 'batch-loss':
      return entry(batchLoss(spec), spec.index ?? 0);
    case 'weight-total': {
      // nll_loss of log-probabilities all −1 with reduction='sum' adds w[k_n] over the kept samples.
      const minusOnes = spec.targets.map(() => spec.weight.map(() => -1));
      return entry(
        nllLoss(tensor(minusOnes), tensor([...spec.targets], 'int64'), {
          weight: tensor([...spec.weight]),
          ignoreIndex: spec.ignoreIndex ?? -100,
          reduction: 'sum',
        }),
      );
    }
  }
}

/** A batch-loss quantity by the route it names. */
function batchLoss(spec: Extract<CoreQuantity, { quantity: 'batch-loss' }>): Tensor {
  const x = tensor(spec.logits);
  const indices = tensor(spec.targets, 'int64');
  const options = {
    weight: spec.weight === undefined ? undefined : tensor([...spec.weight]),
    ignoreIndex: spec.ignoreIndex ?? -100,
    reduction: spec.reduction ?? 'mean',
  };
  switch (spec.route ?? 'cross-entropy') {
    case 'cross-entropy':
      return crossEntropy(x, indices, { ...options, labelSmoothing: spec.labelSmoothing ?? 0 });
    case 'nll':
      return nllLoss(logSoftmax(x, { dim: 1 }), indices, options);
    case 'one-hot': {
      const hot = oneHot(indices, { numClasses: x.shape[1] ?? 0 });
      return crossEntropy(x, tensor(toRows(hot)), {
        ...options,
        labelSmoothing: spec.labelSmoothing ?? 0,
      });
    }
  }
}

/** An (N, C) tensor's rows as nested numbers. */
function toRows(t: Tensor): number[][] {
  const [rows = 0, columns = 0] = t.shape;
  return Array.from({ length: rows }, (_, n) =>
    Array.from(t.data.slice(n * columns, (n + 1) * columns)),
  );
}

/** Print a value as prose quotes it: fixed digits and a true minus sign. */
export function formatCoreValue(value: number, digits: number): string {
  // PyTorch's spelling, as its tensor(nan) prints it.
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  const text = value.toFixed(digits);
  // -0.00 reads as zero, not as a negative number.
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text.replace('-', '−');
}
