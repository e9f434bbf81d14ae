import { describe, expect, it } from 'vitest';
import { softmax, tensor } from '../../../src/loss/index';
import { SoftmaxExplorerState } from './softmax-explorer.svelte.ts';

describe('SoftmaxExplorerState', () => {
  it('starts from the chapter’s logits and the core’s softmax of them', () => {
    const state = new SoftmaxExplorerState({ logits: [2, 1, 0.1] });
    expect(state.probabilities).toEqual(Array.from(softmax(tensor([2, 1, 0.1])).data));
    expect(state.call).toBe('softmax(tensor([2, 1, 0.1]))');
    expect(state.error).toBeNull();
  });

  it('recomputes when a field changes', () => {
    const state = new SoftmaxExplorerState({ logits: [0, 0] });
    expect(state.probabilities).toEqual([0.5, 0.5]);
    state.setText(1, '3');
    expect(state.logits).toEqual([0, 3]);
    expect(state.probabilities[1]).toBeCloseTo(Math.exp(3) / (1 + Math.exp(3)), 15);
    expect(state.call).toBe('softmax(tensor([0, 3]))');
  });

  it('keeps the reader’s text and the last valid value when the text is not a number', () => {
    const state = new SoftmaxExplorerState({ logits: [2, 1] });
    const before = state.probabilities;
    state.setText(0, '2x');
    expect(state.texts[0]).toBe('2x');
    expect(state.logits).toEqual([2, 1]);
    expect(state.probabilities).toEqual(before);
    expect(state.error).toBe('logit o₁: “2x” is not a number. Still using 2.');
    state.setText(0, '1e400');
    expect(state.error).toBe('logit o₁: 1e400 is too large to be a finite number. Still using 2.');
    state.setText(0, '-4');
    expect(state.error).toBeNull();
    expect(state.logits).toEqual([-4, 1]);
  });

  it('shifts every logit without changing the probabilities', () => {
    const state = new SoftmaxExplorerState({ logits: [2, 1, 0.1] });
    const before = state.probabilities;
    state.shiftAll(1);
    expect(state.logits).toEqual([3, 2, 1.1]);
    state.probabilities.forEach((p, i) => expect(p).toBeCloseTo(before[i]!, 14));
  });

  it('divides the logits by the temperature before the softmax, and explains a bad one', () => {
    const state = new SoftmaxExplorerState({ logits: [2, 1, 0.1], temperature: true });
    expect(state.showsTemperature).toBe(true);
    state.setTemperatureText('2');
    expect(state.scaled).toEqual([1, 0.5, 0.05]);
    expect(state.probabilities).toEqual(Array.from(softmax(tensor([1, 0.5, 0.05])).data));
    expect(state.call).toBe('softmax(tensor([1, 0.5, 0.05]))');
    const flat = state.probabilities;
    state.setTemperatureText('0.5');
    // A lower temperature sharpens the distribution towards the largest logit.
    expect(state.probabilities[0]!).toBeGreaterThan(flat[0]!);
    state.setTemperatureText('0');
    expect(state.error).toBe('temperature T must be at least 0.01, got 0. Still using T = 0.5.');
    expect(state.temperatureText).toBe('0');
    expect(state.scaled).toEqual([4, 2, 0.2]);
  });

  it('describes its state in one sentence for screen readers', () => {
    const state = new SoftmaxExplorerState({ logits: [0, 0], labels: ['heads', 'tails'] });
    expect(state.summary).toBe(
      'Softmax of logits 0, 0 gives probabilities heads 0.5000, tails 0.5000.',
    );
  });

  it('rejects props a chapter should never pass', () => {
    expect(() => new SoftmaxExplorerState({ logits: [1] })).toThrow(
      'logits must have 2–8 entries, got 1',
    );
    expect(() => new SoftmaxExplorerState({ logits: [1, Number.NaN] })).toThrow(
      'logits[1] must be a finite number, got NaN',
    );
    expect(() => new SoftmaxExplorerState({ logits: [1, 2], labels: ['a'] })).toThrow(
      'labels must match logits in length (2), got 1',
    );
  });
});
