// The kl-div-and-bce chapter's claims: every number it quotes through <CoreNumber … />, worked
// out independently here, and what the prose says about its two cells, checked on the props the
// chapter passes them.
import { describe, expect, it } from 'vitest';
import {
  KlBceLabState,
  type BceResult,
  type LogInputResult,
} from '../../components/widgets/kl-bce-lab/kl-bce-lab.svelte.ts';
import { coreValue, type CoreQuantity } from '../../components/ui/core-number';
import {
  binaryCrossEntropy,
  binaryCrossEntropyWithLogits,
  crossEntropy,
  klDiv,
  logSoftmax,
  softmax,
  tensor,
} from '../../src/loss/index';
import { expectClose } from '../../src/loss/testing/expect-close';
import { softmaxOf } from '../support/math-reference';
import { chapterCellProps, numberProp, numbersProp, quotedCoreNumbers } from './chapter-props';

const SLUG = 'kl-div-and-bce';
const LN = Math.log;
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const P = [0.5, 0.3, 0.2];
const Q = [0.2, 0.5, 0.3];

/** Each quoted number's props and its value worked out without the core. */
const CLAIMS: { spec: CoreQuantity; expected: number }[] = [
  { spec: { quantity: 'softmax', logits: [0, 2], index: 1 }, expected: sigmoid(2) },
  {
    spec: { quantity: 'bce-with-logits', logit: 2, target: 1 },
    expected: Math.log1p(Math.exp(-2)),
  },
  { spec: { quantity: 'loss', logits: [0, 2], target: 1 }, expected: Math.log1p(Math.exp(-2)) },
  {
    spec: { quantity: 'kl', p: P, q: Q },
    expected: P.reduce((a, p, j) => a + p * LN(p / Q[j]!), 0),
  },
  {
    spec: { quantity: 'cross-entropy', p: P, q: Q },
    expected: -P.reduce((a, p, j) => a + p * LN(Q[j]!), 0),
  },
  { spec: { quantity: 'entropy', p: P }, expected: -P.reduce((a, p) => a + p * LN(p), 0) },
  {
    spec: { quantity: 'bce-with-logits', logit: 30, target: 0 },
    expected: 30 + Math.log1p(Math.exp(-30)),
  },
  {
    spec: { quantity: 'bce-with-logits', logit: 2, target: 0 },
    expected: 2 + Math.log1p(Math.exp(-2)),
  },
  { spec: { quantity: 'loss', logits: [0, 2], target: 0 }, expected: LN(1 + Math.exp(2)) },
  ...[0, 1, 2].flatMap((index): { spec: CoreQuantity; expected: number }[] => [
    {
      spec: { quantity: 'softmax', logits: [3, 1, 0], index },
      expected: softmaxOf([3, 1, 0])[index]!,
    },
    {
      spec: { quantity: 'softmax', logits: [3, 1, 0], index, temperature: 4 },
      expected: softmaxOf([3, 1, 0], 4)[index]!,
    },
  ]),
];

/** The chapter's <CoreNumber … /> props, digits left out. */
const quoted = (): CoreQuantity[] => quotedCoreNumbers(SLUG).map((q) => q.spec);
const canonical = (spec: CoreQuantity) => JSON.stringify(spec, Object.keys(spec).sort());

describe('numbers the kl-div-and-bce chapter quotes', () => {
  it('every quoted number has a claim here, and every claim is quoted', () => {
    const specs = quoted().map(canonical);
    const claimed = CLAIMS.map((c) => canonical(c.spec));
    expect(specs.filter((s) => !claimed.includes(s))).toEqual([]);
    expect(claimed.filter((c) => !specs.includes(c))).toEqual([]);
  });

  it('the core computes each as worked out by hand', () => {
    for (const { spec, expected } of CLAIMS) {
      expectClose(coreValue(spec), expected, { rtol: 1e-12, atol: 1e-15 });
    }
  });
});

describe('the claims made about them', () => {
  it('the sigmoid is a two-class softmax: BCE with logits equals CE on (0, z), for any z and hard y', () => {
    for (const z of [-30, -2.5, 0, 0.7, 2, 12]) {
      for (const y of [0, 1]) {
        const bce = binaryCrossEntropyWithLogits(tensor([z]), tensor([y])).data[0]!;
        const ce = crossEntropy(tensor([[0, z]]), tensor([y], 'int64')).data[0]!;
        expectClose(bce, ce, { rtol: 1e-12, atol: 1e-15 });
        expectClose(softmax(tensor([0, z])).data[1]!, sigmoid(z), { rtol: 1e-12, atol: 0 });
      }
    }
  });

  it("'batchmean' of one (1, 3) sample is KL(p ‖ q), and 'mean' a third of it", () => {
    const logQ = tensor([Q.map(LN)]);
    const p = tensor([P]);
    const kl = coreValue({ quantity: 'kl', p: P, q: Q });
    expectClose(klDiv(logQ, p, { reduction: 'batchmean' }).data[0]!, kl, { rtol: 1e-12, atol: 0 });
    expectClose(klDiv(logQ, p, { reduction: 'mean' }).data[0]!, kl / 3, { rtol: 1e-12, atol: 0 });
  });

  it('the distillation gradient is (q − p)/T, and shrinks like 1/T² at high temperature', () => {
    const o = [1, 2, 0.5];
    const v = [0.5, 1.5, 2];
    const kd = (x: number[], t: number) =>
      klDiv(
        logSoftmax(tensor([x.map((xi) => xi / t)]), { dim: 1 }),
        softmax(tensor([v.map((vi) => vi / t)]), { dim: 1 }),
        {
          reduction: 'batchmean',
        },
      ).data[0]!;
    for (const t of [1, 4, 64]) {
      const q = softmaxOf(o, t);
      const p = softmaxOf(v, t);
      o.forEach((_, j) => {
        const h = 1e-5;
        const up = o.map((x, i) => (i === j ? x + h : x));
        const down = o.map((x, i) => (i === j ? x - h : x));
        const numeric = (kd(up, t) - kd(down, t)) / (2 * h);
        expectClose(numeric, (q[j]! - p[j]!) / t, { rtol: 1e-5, atol: 1e-10 });
      });
    }
    // T² times the gradient tends to a limit: (o − ō − (v − v̄)) / C.
    const big = 1e4;
    const q = softmaxOf(o, big);
    const p = softmaxOf(v, big);
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    o.forEach((oj, j) => {
      const limit = (oj - mean(o) - (v[j]! - mean(v))) / 3;
      expectClose(big * (q[j]! - p[j]!), limit, { rtol: 1e-3, atol: 1e-6 });
    });
  });

  it('pos_weight moves the optimum to w·π / (w·π + 1 − π)', () => {
    const [w, pi] = [3, 0.2];
    const expected = (s: number) => -(w * pi * LN(s) + (1 - pi) * LN(1 - s));
    const best = (w * pi) / (w * pi + 1 - pi);
    for (const d of [1e-3, -1e-3]) expect(expected(best + d)).toBeGreaterThan(expected(best));
  });

  it('float32 sigmoid is exactly 1 from z = 24 ln 2 on and exactly 0 below −128 ln 2', () => {
    const f = Math.fround;
    const sig = (z: number) => f(1 / f(1 + f(Math.exp(-f(z)))));
    expect(sig(24 * LN(2) + 1e-3)).toBe(1);
    expect(sig(24 * LN(2) - 1e-2)).toBeLessThan(1);
    expect(sig(-128 * LN(2) - 0.1)).toBe(0);
    expect(sig(-128 * LN(2) + 0.1)).toBeGreaterThan(0);
    // Near the clamp, BCELoss of p = 1 with y = 0 is 100, whatever the logit.
    expect(binaryCrossEntropy(tensor([1], 'float32'), tensor([0], 'float32')).data[0]).toBe(100);
  });

  it('the first cell starts with a right KL equal to the definition Σ p (log p − log q) and a negative wrong one', () => {
    const [props] = chapterCellProps(SLUG, 'KlBceLab');
    const state = new KlBceLabState({
      student: numbersProp(props, 'student'),
      teacher: numbersProp(props, 'teacher'),
    });
    const r = state.result as LogInputResult;
    expect(state.scenario).toBe('log-input');
    expectClose(r.right, r.trueKl, { rtol: 1e-5, atol: 1e-6 });
    expect(r.wrong).toBeLessThan(0);
  });

  it('the second cell starts at z = 20, y = 0: BCELoss saturates at 100 with gradient 0, the fused loss is 20 with gradient 1', () => {
    const props = chapterCellProps(SLUG, 'KlBceLab')[1];
    expect(props?.['scenario']).toBe('bce-clamp');
    const state = new KlBceLabState({
      scenario: 'bce-clamp',
      z: numberProp(props, 'z'),
      target: numberProp(props, 'target'),
    });
    const r = state.result as BceResult;
    expect(r.withLogits).toEqual({ ok: true, loss: 20, grad: 1 });
    expect(r.bce).toEqual({ ok: true, loss: 100, grad: 0 });
    expect(r.clamped && r.gradientLost).toBe(true);
  });
});
