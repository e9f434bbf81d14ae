// The numbers the cross-entropy-vs-mse chapter quotes through <CoreNumber … />, each checked
// against a value worked out here with Math alone, and the claims its prose makes about them
// and about the loss and gradient plot it starts at the same logits.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coreValue, formatCoreValue, type CoreQuantity } from '../../components/ui/core-number';
import { LOSS_TOP } from '../../components/widgets/loss-gradient-plot/helpers';
import { LossGradientPlotState } from '../../components/widgets/loss-gradient-plot/loss-gradient-plot.svelte.ts';
import { expectClose } from '../../src/loss/testing/expect-close';
import { softmaxOf, softmaxSquaredError } from '../support/math-reference';
import { chapterCellProps, numberProp, numbersProp, quotedCoreNumbers } from './chapter-props';

const SLUG = 'cross-entropy-vs-mse';
const source = readFileSync(new URL(`../../content/en/${SLUG}.mdx`, import.meta.url), 'utf8');

/** ∂ℓ_MSE/∂o_j by (2.2) written out: (2/C) ŷ_j ((ŷ_j − y_j) − Σ ŷᵢ(ŷᵢ − yᵢ)). */
function squaredErrorGradient(o: readonly number[], k: number, j: number): number {
  const p = softmaxOf(o);
  const y = (i: number) => (i === k ? 1 : 0);
  const inner = p.reduce((a, pi, i) => a + pi * (pi - y(i)), 0);
  return (2 / o.length) * (p[j] as number) * ((p[j] as number) - y(j) - inner);
}

/** The chapter's value of each quantity it quotes, independent of the core. */
function expected(spec: CoreQuantity): number {
  switch (spec.quantity) {
    case 'softmax':
      return softmaxOf(spec.logits)[spec.index] as number;
    case 'loss':
      return -Math.log(softmaxOf(spec.logits)[spec.target] as number);
    case 'gradient':
      return (softmaxOf(spec.logits)[spec.index] as number) - (spec.index === spec.target ? 1 : 0);
    case 'softmax-mse':
      return softmaxSquaredError(spec.logits, spec.target);
    case 'softmax-mse-gradient':
      return squaredErrorGradient(spec.logits, spec.target, spec.index);
    case 'softmax-mse-ratio': {
      const pk = softmaxOf(spec.logits)[spec.target] as number;
      return squaredErrorGradient(spec.logits, spec.target, spec.target) / (pk - 1);
    }
    default:
      throw new Error(`the chapter quotes ${spec.quantity}, which this test does not work out`);
  }
}

const quoted = quotedCoreNumbers(SLUG);

/** The core's value, as CoreNumber computes it for the page. */
const core = (spec: CoreQuantity) => coreValue(spec);
const mse = (logits: number[]) => core({ quantity: 'softmax-mse', logits, target: 0 });
const mseGrad = (logits: number[], index: number) =>
  core({ quantity: 'softmax-mse-gradient', logits, target: 0, index });
const ceGrad = (logits: number[], index: number) =>
  core({ quantity: 'gradient', logits, target: 0, index });

describe('numbers the cross-entropy-vs-mse chapter quotes', () => {
  it('quotes a dozen or more, each computed by the core as worked out by hand', () => {
    expect(quoted.length).toBeGreaterThanOrEqual(12);
    for (const { spec } of quoted) {
      expectClose(core(spec), expected(spec), { rtol: 1e-9, atol: 1e-15 });
    }
  });

  it('prints none of them as zero or with a wrong sign at the digits it asks for', () => {
    for (const { spec, digits } of quoted) {
      const text = formatCoreValue(core(spec), digits);
      expect(Number(text.replace('−', '-')), `${JSON.stringify(spec)} prints ${text}`).not.toBe(0);
      expect(text.startsWith('−')).toBe(core(spec) < 0);
    }
  });
});

describe('the claims made about them', () => {
  const [cell] = chapterCellProps(SLUG, 'LossGradientPlot');
  const start = numbersProp(cell, 'logits');
  const k = numberProp(cell, 'trueClass');

  it('the worked example is where the cell starts, and the cell shows the same numbers', () => {
    expect(start).toEqual([-4, 2, 0]);
    expect(k).toBe(0);
    expect(source).toContain(`logits={[-4, 2, 0]} target={${k}}`);
    const state = new LossGradientPlotState({ logits: start, trueClass: k });
    expectClose(state.point.squaredError, mse(start), { rtol: 1e-14, atol: 0 });
    expectClose(state.squaredErrorSlope, mseGrad(start, 0), { rtol: 1e-14, atol: 0 });
    expectClose(state.crossEntropySlope, ceGrad(start, 0), { rtol: 1e-14, atol: 0 });
  });

  it('off the plot’s scale, cross-entropy climbs by almost exactly 1 per unit of o₁ (slope −1)', () => {
    const ce = (t: number) => core({ quantity: 'loss', logits: [t, 2, 0], target: 0 });
    expect(ce(-4)).toBeGreaterThan(LOSS_TOP);
    expectClose(ce(-5) - ce(-4), 1, { rtol: 0, atol: 2e-3 });
    expect(formatCoreValue(ce(-5) - ce(-4), 2)).toBe('1.00');
  });

  it('there, squared error pushes o₂ down and o₃ up harder than it pulls o₁, cross-entropy raises o₁', () => {
    expect(mseGrad(start, 1)).toBeGreaterThan(0);
    expect(mseGrad(start, 2)).toBeLessThan(0);
    expect(Math.abs(mseGrad(start, 1))).toBeGreaterThan(Math.abs(mseGrad(start, 0)));
    expect(Math.abs(mseGrad(start, 2))).toBeGreaterThan(Math.abs(mseGrad(start, 0)));
    expect(ceGrad(start, 0)).toBeLessThan(-0.99);
  });

  it('eq:true-logit: ∂ℓ_MSE/∂o_k = −2 ŷ_k ℓ_MSE at every logits the chapter quotes', () => {
    for (const logits of [start, [-6, 0, 0], [-4, 0, 0], [-2, 0, 0], [-3, 3], [0, 0, 0]]) {
      const pk = softmaxOf(logits)[0] as number;
      expectClose(mseGrad(logits, 0), -2 * pk * mse(logits), { rtol: 1e-12, atol: 0 });
    }
  });

  it('squared error on the softmax is not midpoint-convex along o₁ at −6, −4, −2; cross-entropy is', () => {
    const [left, middle, right] = [-6, -4, -2].map((t) => mse([t, 0, 0])) as [
      number,
      number,
      number,
    ];
    expect(middle).toBeGreaterThan((left + right) / 2);
    // Also at the digits the page prints, so a reader can check it from the prose.
    const printed = [left, middle, right].map((v) => Number(formatCoreValue(v, 3)));
    expect(printed[1]!).toBeGreaterThan((printed[0]! + printed[2]!) / 2);
    const ce = [-6, -4, -2].map((t) => core({ quantity: 'loss', logits: [t, 0, 0], target: 0 }));
    expect(ce[1]!).toBeLessThan((ce[0]! + ce[2]!) / 2);
  });

  it('eq:curvature: the curvature along o_k changes sign at ŷ_k = 1/3, which is o₁ = 0 for o₂ = o₃ = 0', () => {
    const second = (t: number, h = 1e-3) =>
      (softmaxSquaredError([t + h, 0, 0], 0) -
        2 * softmaxSquaredError([t, 0, 0], 0) +
        softmaxSquaredError([t - h, 0, 0], 0)) /
      h ** 2;
    expect(second(-0.1)).toBeLessThan(0);
    expect(second(0.1)).toBeGreaterThan(0);
    expectClose(softmaxOf([0, 0, 0])[0]!, 1 / 3, { rtol: 1e-15, atol: 0 });
  });

  it('exercise 2: at o = (0, 0, 0) squared error pulls o₁ with 2/9 of cross-entropy’s force', () => {
    expectClose(mseGrad([0, 0, 0], 0) / ceGrad([0, 0, 0], 0), 2 / 9, { rtol: 1e-12, atol: 0 });
  });

  it('exercises 1 and 3: the ratio is 2ŷ₁(1 − ŷ₁) for two classes, and never above 1/C', () => {
    const p = softmaxOf([-3, 3])[0]!;
    expectClose(mseGrad([-3, 3], 0) / ceGrad([-3, 3], 0), 2 * p * (1 - p), {
      rtol: 1e-12,
      atol: 0,
    });
    // The ratio the answer quotes is that factor, 2σ′(z) with z = o₁ − o₂.
    expectClose(
      core({ quantity: 'softmax-mse-ratio', logits: [-3, 3], target: 0 }),
      2 * p * (1 - p),
      {
        rtol: 1e-12,
        atol: 0,
      },
    );
    for (const logits of [start, [-6, 0, 0], [0, 0, 0], [0, 0], [1, -30, 0.5, 2]]) {
      expect(Math.abs(mseGrad(logits, 0))).toBeLessThanOrEqual(
        Math.abs(ceGrad(logits, 0)) / logits.length,
      );
    }
    expectClose(mseGrad([0, 0], 0) / ceGrad([0, 0], 0), 1 / 2, { rtol: 1e-12, atol: 0 });
  });
});
