// The race's model and data: a toy 2-D, 3-class data set drawn from a seed, softmax regression
// logits = XW + b, and its own linear algebra (the forward product, the weight gradient Xᵀg and
// the bias gradient Σg). The losses and their gradients with respect to the logits come from the
// loss core (training-race.svelte.ts); nothing here computes a loss.
import { gaussian, mulberry32 } from './prng';

/** Inputs per point (x₁, x₂) and classes. */
export const FEATURES = 2;
export const CLASSES = 3;
/** Points per class; point n belongs to class n mod 3. */
export const POINTS_PER_CLASS = 10;
export const POINTS = POINTS_PER_CLASS * CLASSES;
/** Class centres lie on a circle of this radius, at 90°, 210° and 330°. */
const CENTRE_RADIUS = 2;
/** The spread of each class around its centre. */
const SPREAD = 0.9;
/** Data and weights are rounded to two decimals, so the PyTorch program's literals stay short and exact. */
const round2 = (x: number): number => Math.round(x * 100) / 100 || 0;

/** The toy data set: N×2 inputs (row-major) and their class indices. */
export interface DataSet {
  readonly x: Float64Array;
  readonly labels: Float64Array;
}

/** Softmax-regression parameters: W is 2×3 (row-major), b has one entry per class. */
export interface Weights {
  readonly w: Float64Array;
  readonly b: Float64Array;
}

/** The ways the race can start. */
export const INITS = ['small', 'confidently-wrong'] as const;
export type Init = (typeof INITS)[number];

/** The unit vector towards class k's centre. */
function direction(k: number): [number, number] {
  const angle = Math.PI / 2 + (2 * Math.PI * k) / CLASSES;
  return [Math.cos(angle), Math.sin(angle)];
}

/**
 * The data set of a seed: class k's points scattered normally around their centre, two decimals each.
 * @example dataSet(1).x.length // 60
 */
export function dataSet(seed: number): DataSet {
  const normal = gaussian(mulberry32(seed));
  const x = new Float64Array(POINTS * FEATURES);
  const labels = new Float64Array(POINTS);
  for (let n = 0; n < POINTS; n++) {
    const k = n % CLASSES;
    const [cx, cy] = direction(k);
    labels[n] = k;
    x[n * 2] = round2(CENTRE_RADIUS * cx + SPREAD * normal());
    x[n * 2 + 1] = round2(CENTRE_RADIUS * cy + SPREAD * normal());
  }
  return { x, labels };
}

/** How strongly the confidently wrong start points each class's weights at the wrong centre. */
const WRONG_SCALE = 3;

/**
 * The starting weights: small normal weights from the seed (drawn after its data), or weights
 * that turn each class's centre towards the next class, so most points start confidently wrong.
 * @example initialWeights('confidently-wrong', 1).b // Float64Array [0, 0, 0]
 */
export function initialWeights(init: Init, seed: number): Weights {
  const w = new Float64Array(FEATURES * CLASSES);
  const b = new Float64Array(CLASSES);
  if (init === 'confidently-wrong') {
    // Column j points at the centre of class j − 1, so class k's points score highest for k + 1.
    for (let j = 0; j < CLASSES; j++) {
      const [cx, cy] = direction((j + CLASSES - 1) % CLASSES);
      w[j] = round2(WRONG_SCALE * cx);
      w[CLASSES + j] = round2(WRONG_SCALE * cy);
    }
    return { w, b };
  }
  // A stream of its own (seed + 1), so the data set never depends on the start chosen.
  const normal = gaussian(mulberry32(seed + 1));
  for (let i = 0; i < w.length; i++) w[i] = round2(0.1 * normal());
  return { w, b };
}

/** logits = XW + b for `rows` inputs, into `out` (rows×3), written out for K = 2 features. */
export function forward(x: Float64Array, weights: Weights, out: Float64Array): Float64Array {
  const { w, b } = weights;
  const rows = x.length / FEATURES;
  for (let n = 0; n < rows; n++) {
    const x1 = x[n * 2] as number;
    const x2 = x[n * 2 + 1] as number;
    for (let j = 0; j < CLASSES; j++) {
      // Row n of X times column j of W, then the bias, in matmul's order.
      out[n * CLASSES + j] =
        x1 * (w[j] as number) + x2 * (w[CLASSES + j] as number) + (b[j] as number);
    }
  }
  return out;
}

/** ∂L/∂W = Xᵀg (2×3) and ∂L/∂b = Σₙ gₙ (3) from the gradient g with respect to the logits (N×3). */
export function parameterGradients(x: Float64Array, g: ArrayLike<number>): Weights {
  const w = new Float64Array(FEATURES * CLASSES);
  const b = new Float64Array(CLASSES);
  const rows = x.length / FEATURES;
  for (let n = 0; n < rows; n++) {
    for (let j = 0; j < CLASSES; j++) {
      const gj = g[n * CLASSES + j] as number;
      w[j] = (w[j] as number) + (x[n * 2] as number) * gj;
      w[CLASSES + j] = (w[CLASSES + j] as number) + (x[n * 2 + 1] as number) * gj;
      b[j] = (b[j] as number) + gj;
    }
  }
  return { w, b };
}

/** One step of plain gradient descent, in place: θ ← θ − η·∂L/∂θ. */
export function descend(weights: Weights, gradients: Weights, learningRate: number): void {
  for (let i = 0; i < weights.w.length; i++) {
    weights.w[i] = (weights.w[i] as number) - learningRate * (gradients.w[i] as number);
  }
  for (let j = 0; j < weights.b.length; j++) {
    weights.b[j] = (weights.b[j] as number) - learningRate * (gradients.b[j] as number);
  }
}

/** The predicted class of each row of logits (the first of tied maxima, as torch.argmax). */
export function predictions(logits: ArrayLike<number>): number[] {
  const rows = logits.length / CLASSES;
  const predicted: number[] = [];
  for (let n = 0; n < rows; n++) {
    let best = 0;
    for (let j = 1; j < CLASSES; j++) {
      if ((logits[n * CLASSES + j] as number) > (logits[n * CLASSES + best] as number)) best = j;
    }
    predicted.push(best);
  }
  return predicted;
}

/** The share of points whose predicted class is their own. */
export function accuracy(logits: ArrayLike<number>, labels: ArrayLike<number>): number {
  const predicted = predictions(logits);
  return predicted.filter((k, n) => k === labels[n]).length / predicted.length;
}

/** The map's extent: the square [−EXTENT, EXTENT]² of input space. */
export const EXTENT = 4.5;
/** Grid cells per side of the decision-region map. */
export const GRID = 24;

/** The centres of the map's grid cells, row by row from the top (largest x₂) down. */
export function gridInputs(): Float64Array {
  const x = new Float64Array(GRID * GRID * FEATURES);
  const size = (2 * EXTENT) / GRID;
  for (let row = 0; row < GRID; row++) {
    for (let col = 0; col < GRID; col++) {
      const at = (row * GRID + col) * FEATURES;
      x[at] = -EXTENT + (col + 0.5) * size;
      x[at + 1] = EXTENT - (row + 0.5) * size;
    }
  }
  return x;
}
