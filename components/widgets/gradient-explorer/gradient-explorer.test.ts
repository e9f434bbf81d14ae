import { describe, expect, it } from 'vitest';
import { crossEntropy, crossEntropyBackward, softmax, tensor } from '../../../src/loss/index';
import { GradientExplorerState } from './gradient-explorer.svelte.ts';
import { curvePoints, normalise } from './helpers';

describe('GradientExplorerState', () => {
  it('shows the core’s gradient, which is softmax(o) − onehot, and finite differences agree', () => {
    const state = new GradientExplorerState({ logits: [1, 2, 0.5], trueClass: 0 });
    const p = Array.from(softmax(tensor([1, 2, 0.5])).data);
    state.evaluation.gradient.forEach((g, j) =>
      expect(g).toBeCloseTo((p[j] ?? 0) - (j === 0 ? 1 : 0), 14),
    );
    expect(state.evaluation.gradient).toEqual(
      Array.from(crossEntropyBackward(tensor([[1, 2, 0.5]]), tensor([0], 'int64')).data),
    );
    expect(state.evaluation.maxDifference).toBeLessThan(1e-8);
    expect(state.call).toBe(
      "crossEntropy(tensor([[1, 2, 0.5]]), tensor([0], 'int64'))\ncrossEntropyBackward(tensor([[1, 2, 0.5]]), tensor([0], 'int64'))",
    );
  });

  it('uses softmax(o) − y for a soft target too', () => {
    const state = new GradientExplorerState({ logits: [0, 0, 0] });
    state.setMode('soft');
    [1, 1, 2].forEach((w, j) => state.setSoftWeight(j, String(w)));
    expect(state.y).toEqual([0.25, 0.25, 0.5]);
    state.evaluation.gradient.forEach((g, j) =>
      expect(g).toBeCloseTo(1 / 3 - (state.y[j] ?? 0), 14),
    );
  });

  it('lowers the loss with each gradient-descent step and records the curve', () => {
    const state = new GradientExplorerState({ logits: [1, 2, 0.5], trueClass: 0 });
    const start = state.evaluation.loss;
    expect(start).toBe(crossEntropy(tensor([[1, 2, 0.5]]), tensor([0], 'int64')).data[0]);
    state.step(10);
    expect(state.history).toHaveLength(11);
    for (let i = 1; i < state.history.length; i++) {
      expect(state.history[i]!).toBeLessThan(state.history[i - 1]!);
    }
    expect(state.texts).toEqual(state.logits.map(String));
  });

  it('explains bad input and keeps the last valid values', () => {
    const state = new GradientExplorerState();
    state.setLogit(1, 'two');
    expect(state.error).toBe('logit o2: “two” is not a number. Still using 2.');
    expect(state.logits[1]).toBe(2);
    state.setLogit(1, '2');
    state.setLearningRate('-1');
    expect(state.error).toBe('learning rate must be at least 0.01, got -1. Still using 1.');
    state.setLearningRate('0.5');
    state.setMode('soft');
    [0, 0, 0].forEach((w, j) => state.setSoftWeight(j, String(w)));
    expect(state.error).toBe(
      'The target weights are all zero: give at least one class some weight.',
    );
  });

  it('rejects props a chapter should never pass', () => {
    expect(() => new GradientExplorerState({ logits: [1] })).toThrow(
      'logits must be 2–8 finite numbers',
    );
    expect(() => new GradientExplorerState({ trueClass: 3 })).toThrow(
      'trueClass must be a class index 0–2, got 3',
    );
  });
});

describe('helpers', () => {
  it('normalise weights or explain all-zero ones', () => {
    expect(normalise([1, 3])).toEqual({ ok: true, y: [0.25, 0.75] });
    expect(normalise([0, 0]).ok).toBe(false);
  });

  it('draw a loss curve from the top of the box down to zero', () => {
    expect(curvePoints([2, 1, 0], 100, 50)).toBe('0.0,0.0 50.0,25.0 100.0,50.0');
    expect(curvePoints([], 100, 50)).toBe('');
  });
});
