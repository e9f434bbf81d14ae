// The pytorch-cross-entropy-loss chapter's numbers and claims: every <CoreNumber … /> it quotes,
// worked out here with Math alone from the formulas the chapter states (PyTorch 1.13's, see
// pytorch-semantics.md §3.2), and the batch playground's first state against the prose.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BatchPlaygroundState } from '../../components/widgets/batch-playground/batch-playground.svelte.ts';
import { coreValue, formatCoreValue, type CoreQuantity } from '../../components/ui/core-number';
import { crossEntropy, crossEntropyBackward, tensor } from '../../src/loss/index';
import { expectClose } from '../../src/loss/testing/expect-close';
import { chapterCellProps, numbersProp, quotedCoreNumbers } from './chapter-props';

const SLUG = 'pytorch-cross-entropy-loss';
const source = readFileSync(new URL(`../../content/en/${SLUG}.mdx`, import.meta.url), 'utf8');

const quoted = quotedCoreNumbers(SLUG);

const X = [
  [1, 2, 3],
  [0.5, -1, 2],
  [3, 0, -2],
  [0.1, 0.2, 0.3],
];

/** log-softmax of one row with Math alone: o − log Σ exp o. */
function logSoftmaxRow(o: readonly number[]): number[] {
  const lse = Math.log(o.reduce((a, v) => a + Math.exp(v), 0));
  return o.map((v) => v - lse);
}

interface BatchOptions {
  readonly weight?: readonly number[];
  readonly ignoreIndex?: number;
  readonly labelSmoothing?: number;
}

/** ℓ_n of the chapter’s eq:weighted and eq:smoothing, and a_n·w[k_n], per sample. */
function perSample(
  rows: readonly (readonly number[])[],
  targets: readonly number[],
  o: BatchOptions,
) {
  const eps = o.labelSmoothing ?? 0;
  return rows.map((row, n) => {
    const k = targets[n] as number;
    if (k === (o.ignoreIndex ?? -100)) return { loss: 0, weight: 0 };
    const w = o.weight ?? row.map(() => 1);
    const lp = logSoftmaxRow(row);
    const smooth = lp.reduce((a, l, j) => a + (w[j] as number) * -l, 0);
    const wk = w[k] as number;
    return { loss: (1 - eps) * wk * -(lp[k] as number) + (eps / row.length) * smooth, weight: wk };
  });
}

/** The reductions of the chapter’s eq:reductions. */
function reduce(samples: { loss: number; weight: number }[], reduction: string): number[] {
  const sum = samples.reduce((a, s) => a + s.loss, 0);
  if (reduction === 'none') return samples.map((s) => s.loss);
  if (reduction === 'sum') return [sum];
  return [sum / samples.reduce((a, s) => a + s.weight, 0)];
}

/** Sample rows of an (N, C, d…) input: the class dimension moved last, positions flattened. */
function positions(logits: unknown): { rows: number[][]; flat: (t: unknown) => number[] } {
  const image = logits as number[][][][];
  const rows: number[][] = [];
  for (const sample of image) {
    const classes = sample.length;
    const [h, w] = [sample[0]?.length ?? 0, sample[0]?.[0]?.length ?? 0];
    for (let i = 0; i < h; i++)
      for (let j = 0; j < w; j++)
        rows.push(Array.from({ length: classes }, (_, c) => sample[c]?.[i]?.[j] as number));
  }
  return { rows, flat: (t) => (t as number[][][]).flat(2) };
}

/** The value a quoted number must have, worked out without the core. */
function expected(spec: CoreQuantity): number {
  if (spec.quantity === 'weight-total') {
    return spec.targets.reduce(
      (a, k) => a + (k === (spec.ignoreIndex ?? -100) ? 0 : (spec.weight[k] as number)),
      0,
    );
  }
  if (spec.quantity !== 'batch-loss') throw new Error(`unexpected quantity ${spec.quantity}`);
  const fourD = Array.isArray((spec.logits as unknown[][][])[0]?.[0]);
  const { rows, flat } = fourD
    ? positions(spec.logits)
    : { rows: spec.logits as number[][], flat: (t: unknown) => t as number[] };
  const targets = flat(spec.targets);
  const samples = perSample(rows, targets, spec);
  // One-hot float targets: the same per-sample losses, the mean over N (weights never divide).
  if (spec.route === 'one-hot' && (spec.reduction ?? 'mean') === 'mean') {
    return samples.reduce((a, s) => a + s.loss, 0) / samples.length;
  }
  return reduce(samples, spec.reduction ?? 'mean')[spec.index ?? 0] as number;
}

describe('numbers the pytorch-cross-entropy-loss chapter quotes', () => {
  it('quotes enough of them, none alone on a line', () => {
    expect(quoted.length).toBeGreaterThan(25);
    expect(source.split('\n').filter((l) => /^\s*<CoreNumber[^>]*\/>\s*$/.test(l))).toEqual([]);
  });

  it.each(quoted.map((q) => [JSON.stringify(q.spec), q] as const))(
    '%s is what the chapter’s formulas give',
    (_, { spec }) => {
      expectClose(coreValue(spec), expected(spec), { rtol: 1e-12, atol: 1e-15 });
    },
  );

  it('prints the values the prose argues from', () => {
    const batch = { quantity: 'batch-loss', logits: X, targets: [2, 0, 1, 2] } as const;
    const weighted = { ...batch, weight: [1, 2, 3] } as const;
    // CrossEntropyLoss and NLLLoss after LogSoftmax: the same number to the last digit shown.
    expect(formatCoreValue(coreValue(batch), 6)).toBe(
      formatCoreValue(coreValue({ ...batch, route: 'nll' }), 6),
    );
    expect(formatCoreValue(coreValue(weighted), 4)).toBe('1.3422');
    expect(formatCoreValue(coreValue({ ...weighted, route: 'one-hot' }), 4)).toBe('3.0200');
    expect(formatCoreValue(coreValue({ ...batch, targets: [-100, -100, -100, -100] }), 2)).toBe(
      'nan',
    );
  });
});

describe('the claims the chapter makes', () => {
  const target = tensor([2, 0, 1, 2], 'int64');
  const ce = (weight?: number[], reduction: 'mean' | 'sum' = 'mean') =>
    crossEntropy(tensor(X), target, {
      weight: weight === undefined ? undefined : tensor(weight),
      reduction,
    }).data[0] as number;

  it('scaling every weight by one factor leaves the weighted mean unchanged; N·mean ≠ sum', () => {
    expectClose(ce([10, 20, 30]), ce([1, 2, 3]), { rtol: 1e-12, atol: 0 });
    expectClose(ce([5, 5, 5]), ce(), { rtol: 1e-12, atol: 0 });
    expect(Math.abs(4 * ce([1, 2, 3]) - ce([1, 2, 3], 'sum'))).toBeGreaterThan(1);
  });

  it('switching the reduction to sum multiplies the gradient by S_w', () => {
    const options = { weight: tensor([1, 2, 3]) };
    const mean = crossEntropyBackward(tensor(X), target, options).data;
    const sum = crossEntropyBackward(tensor(X), target, { ...options, reduction: 'sum' }).data;
    expectClose(
      sum,
      Array.from(mean, (g) => g * 9),
      { rtol: 1e-12, atol: 1e-15 },
    );
  });

  it('the mean gradient of a weighted batch is a_n w[k_n](ŷ − e_k)/S_w per sample', () => {
    const weight = [1, 2, 3];
    const grad = crossEntropyBackward(tensor(X), tensor([2, -100, 1, 0], 'int64'), {
      weight: tensor(weight),
    }).data;
    const W = 3 + 2 + 1;
    X.forEach((row, n) => {
      const k = [2, -100, 1, 0][n] as number;
      const p = logSoftmaxRow(row).map(Math.exp);
      const want = p.map((pj, j) => (k < 0 ? 0 : (weight[k]! * (pj - (j === k ? 1 : 0))) / W));
      expectClose(grad.slice(n * 3, n * 3 + 3), want, { rtol: 1e-12, atol: 1e-15 });
    });
  });

  it('eq:smoothing-gradient: with weights, ignore_index and ε, each term adds its weight times ŷ − its target, over S_w', () => {
    const weight = [1, 2, 3];
    const targets = [2, -100, 1, 0];
    const eps = 0.3;
    const grad = crossEntropyBackward(tensor(X), tensor(targets, 'int64'), {
      weight: tensor(weight),
      labelSmoothing: eps,
    }).data;
    const sw = 3 + 2 + 1;
    X.forEach((row, n) => {
      const k = targets[n] as number;
      const p = logSoftmaxRow(row).map(Math.exp);
      const want = p.map((pj, j) => {
        if (k < 0) return 0;
        const hard = (1 - eps) * weight[k]! * (pj - (j === k ? 1 : 0));
        const smooth = weight.reduce((a, wi, i) => a + wi * (pj - (i === j ? 1 : 0)), 0);
        return (hard + (eps / row.length) * smooth) / sw;
      });
      expectClose(grad.slice(n * 3, n * 3 + 3), want, { rtol: 1e-12, atol: 1e-15 });
    });
  });

  it('the playground starts where the prose says: batch X, targets (2, 0, 1, 2), w = (1, 2, 3), its weighted mean', () => {
    const [props] = chapterCellProps(SLUG, 'BatchPlayground');
    const weight = numbersProp(props, 'weight');
    expect(weight).toEqual([1, 2, 3]);
    const cell = new BatchPlaygroundState({ weight });
    expect(cell.setup.logits).toEqual(X);
    expect(cell.setup.targets).toEqual([2, 0, 1, 2]);
    expect(cell.setup.reduction).toBe('mean');
    const spec = { quantity: 'batch-loss', logits: X, targets: [2, 0, 1, 2], weight } as const;
    expect(cell.program.printed.split('\n')[0]).toBe(
      `tensor(${formatCoreValue(coreValue(spec), 4)})`,
    );
  });
});
