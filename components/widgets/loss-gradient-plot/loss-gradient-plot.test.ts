import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../src/loss/testing/expect-close';
import { softmaxOf, softmaxSquaredError } from '../../../tests/support/math-reference';
import { centralDifference } from '../shared/finite-difference';
import {
  expectHostileLinksHarmless,
  expectRefused,
  expectRoundTrip,
} from '../shared/shareable-testing';
import { LOGIT_RANGE, SAMPLES } from './helpers';
import { evaluate, LossGradientPlotState, sweep } from './loss-gradient-plot.svelte.ts';

const logitArb = fc.double({ min: LOGIT_RANGE.min, max: LOGIT_RANGE.max, noNaN: true });
const problemArb = fc
  .array(logitArb, { minLength: 2, maxLength: 8 })
  .chain((o) => fc.record({ o: fc.constant(o), k: fc.integer({ min: 0, max: o.length - 1 }) }));

describe('evaluate', () => {
  it('finds both losses and both gradients as finite differences of the losses do', () => {
    fc.assert(
      fc.property(problemArb, ({ o, k }) => {
        const e = evaluate(o, k);
        const ceNumeric = centralDifference((x) => evaluate(x, k).crossEntropy, o);
        const mseNumeric = centralDifference((x) => softmaxSquaredError(x, k), o);
        expectClose(e.crossEntropyGradient, ceNumeric, { rtol: 1e-6, atol: 1e-8 });
        expectClose(e.squaredErrorGradient, mseNumeric, { rtol: 1e-6, atol: 1e-9 });
        expectClose(e.squaredError, softmaxSquaredError(o, k), { rtol: 1e-12, atol: 1e-15 });
      }),
      { numRuns: 60 },
    );
  });

  it('gives ∂ℓ_CE/∂o_k = ŷ_k − 1 and ∂ℓ_MSE/∂o_k = −2 ŷ_k ℓ_MSE, the chapter’s two formulas', () => {
    fc.assert(
      fc.property(problemArb, ({ o, k }) => {
        const e = evaluate(o, k);
        const pk = softmaxOf(o)[k] as number;
        expectClose(e.probability, pk, { rtol: 1e-12, atol: 1e-300 });
        expectClose(e.crossEntropyGradient[k] as number, pk - 1, { rtol: 1e-12, atol: 1e-15 });
        expectClose(e.squaredErrorGradient[k] as number, -2 * pk * softmaxSquaredError(o, k), {
          rtol: 1e-9,
          atol: 1e-300,
        });
      }),
    );
  });

  it('never lets squared error push o_k harder than 1/C of cross-entropy’s push', () => {
    fc.assert(
      fc.property(problemArb, ({ o, k }) => {
        const e = evaluate(o, k);
        const ce = Math.abs(e.crossEntropyGradient[k] as number);
        const mse = Math.abs(e.squaredErrorGradient[k] as number);
        expect(mse).toBeLessThanOrEqual(ce / o.length + 1e-15);
      }),
    );
  });
});

describe('sweep', () => {
  const curves = sweep([2, 0], 0);

  it('samples o_k from −8 to 8 and holds the other logits', () => {
    expect(curves.logits).toHaveLength(SAMPLES);
    expect(curves.logits[0]).toBe(-8);
    expect(curves.logits.at(-1)).toBe(8);
    expect(curves.logits[40]).toBe(0);
    expectClose(curves.crossEntropy[40] as number, evaluate([0, 2, 0], 0).crossEntropy, {
      rtol: 0,
      atol: 0,
    });
  });

  it('draws cross-entropy convex along o_k, and squared error concave exactly where ŷ_k < 1/3', () => {
    for (let i = 1; i < SAMPLES - 1; i++) {
      const second = (v: readonly number[]) =>
        (v[i - 1] as number) - 2 * (v[i] as number) + (v[i + 1] as number);
      expect(second(curves.crossEntropy)).toBeGreaterThan(0);
      const pk = curves.probability[i] as number;
      // Away from the inflection itself, where the second difference is near zero.
      if (pk < 0.3) expect(second(curves.squaredError)).toBeLessThan(0);
      if (pk > 0.37) expect(second(curves.squaredError)).toBeGreaterThan(0);
    }
  });

  it('makes squared error’s gradient vanish at both ends, cross-entropy’s only when right', () => {
    expect(Math.abs(curves.squaredErrorGradient[0] as number)).toBeLessThan(1e-3);
    expect(Math.abs(curves.squaredErrorGradient.at(-1) as number)).toBeLessThan(1e-3);
    expect(curves.crossEntropyGradient[0] as number).toBeLessThan(-0.99);
    expect(Math.abs(curves.crossEntropyGradient.at(-1) as number)).toBeLessThan(1e-2);
  });
});

describe('LossGradientPlotState', () => {
  const outputs = (s: LossGradientPlotState) => [s.point, s.program, s.summary, s.ratio];

  it('starts confidently wrong and prints exactly what PyTorch 1.13 printed for its program', () => {
    const state = new LossGradientPlotState();
    expect(state.program.code.split('\n')).toEqual([
      'import torch',
      'import torch.nn.functional as F',
      '',
      'o = torch.tensor([[-4.0, 2.0, 0.0]], dtype=torch.float64, requires_grad=True)',
      'target = torch.tensor([0])',
      'ce = F.cross_entropy(o, target)',
      'ce.backward()',
      'print(ce.detach())',
      'print(o.grad)',
      'o.grad = None',
      'y = F.one_hot(target, num_classes=3).double()',
      'mse = F.mse_loss(F.softmax(o, dim=1), y)',
      'mse.backward()',
      'print(mse.detach())',
      'print(o.grad)',
    ]);
    // Printed by that program in PyTorch 1.13 (scripts/cell-programs.json, state "default").
    expect(state.program.printed.split('\n')).toEqual([
      'tensor(6.1291, dtype=torch.float64)',
      'tensor([[-0.9978,  0.8789,  0.1189]], dtype=torch.float64)',
      'tensor(0.5941, dtype=torch.float64)',
      'tensor([[-0.0026,  0.0554, -0.0528]], dtype=torch.float64)',
    ]);
    expect(state.summary).toContain('At o₁ = −4.0, ŷ₁ = 0.0022');
  });

  it('moves the point from the slider or a drag, and redraws the curves for new other logits', () => {
    const state = new LossGradientPlotState();
    const before = state.curves.crossEntropy[0];
    state.setTrueLogit(2);
    expect(state.logits).toEqual([2, 2, 0]);
    expect(state.curves.crossEntropy[0]).toBe(before);
    expect(state.logitInputs[0]?.text).toBe('2');
    expect(Number(state.ratio)).toBeCloseTo(
      Math.abs(state.crossEntropySlope / state.squaredErrorSlope),
      0,
    );
    state.setLogit(1, '0');
    expect(state.curves.crossEntropy[0]).toBeLessThan(before as number);
    expect(state.curves.logits[0]).toBe(-8);
  });

  it('reads the point’s logit in the summary to the digits it has, up to 4', () => {
    const state = new LossGradientPlotState();
    state.setTrueLogit(0.25);
    expect(state.summary).toContain('At o₁ = 0.25, ');
    state.setTrueLogit(-3);
    expect(state.summary).toContain('At o₁ = −3.0, ');
  });

  it('lists the logits where the point is and the swept class for the printed caption', () => {
    const state = new LossGradientPlotState({ logits: [1, 2, 0], trueClass: 1 });
    expect(state.parameters).toBe('logits o = (1, 2, 0), true class k = 1 (o₂ swept)');
    state.setTrueLogit(-3.5);
    state.setLogit(0, '0.5');
    expect(state.parameters).toBe('logits o = (0.5, −3.5, 0), true class k = 1 (o₂ swept)');
  });

  it('keeps a bad field’s text, explains it, and computes on with the last valid value', () => {
    const state = new LossGradientPlotState();
    state.setLogit(1, '9');
    expect(state.logitInputs[1]?.text).toBe('9');
    expect(state.error).toMatch(/logit o₂/);
    expect(state.error).toMatch(/Still using 2/);
    expect(state.logits).toEqual([-4, 2, 0]);
    state.setLogit(1, 'abc');
    expect(state.error).toMatch(/abc/);
    state.setLogit(1, '1.5');
    expect(state.error).toBeNull();
    expect(state.logits).toEqual([-4, 1.5, 0]);
  });

  it('refuses props it cannot draw, naming the prop', () => {
    expect(() => new LossGradientPlotState({ logits: [1] })).toThrow(
      'LossGradientPlot: logits must have 2–8 entries, got 1',
    );
    expect(() => new LossGradientPlotState({ logits: [0, 9] })).toThrow(
      'LossGradientPlot: logits[1] must be a finite number in [-8, 8], got 9',
    );
    expect(() => new LossGradientPlotState({ trueClass: 3 })).toThrow(
      'LossGradientPlot: trueClass must be a class index 0–2, got 3',
    );
  });

  it('shares its logits by link and restores them into a fresh cell', () => {
    const state = new LossGradientPlotState();
    expect(state.cellId).toBe('loss-gradient-plot');
    state.setTrueLogit(1.5);
    state.setLogit(2, '-0.25');
    expect(state.shareState()).toEqual({ o: '1.5,2,-0.25' });
    expectRoundTrip(state, () => new LossGradientPlotState(), outputs);
  });

  it('refuses a link with the wrong number of logits or one off the plot, changing nothing', () => {
    const state = new LossGradientPlotState();
    expectRefused(state, { o: '1,2' }, /“o” must have 3–3 numbers, got 2/);
    expectRefused(state, { o: '1,2,99' }, /99/);
    expectRefused(state, { o: '1,2,nan' }, /nan/);
    expectRefused(state, { o: '1,2,0', x: '1' }, /“x”/);
    expectRefused(state, {}, /lacks “o”/);
  });

  it('never throws on hostile links, and applies only what it accepts', () => {
    expectHostileLinksHarmless(() => new LossGradientPlotState(), { keys: ['o'], outputs });
  });
});
