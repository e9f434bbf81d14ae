import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossEntropy, crossEntropyBackward, softmax, tensor } from '../../../src/loss/index';
import {
  expectHostileLinksHarmless,
  expectRefused,
  expectRoundTrip,
  expectValidLinksAccepted,
  linkNumber,
  restoreLink,
  PROPERTY_TIMEOUT,
} from '../shared/shareable-testing';
import { encodeNumbers } from '../shared/url-state';
import { GradientExplorerState } from './gradient-explorer.svelte.ts';
import { roundLogit } from './helpers';

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
    expect(state.evaluation.probabilities).toEqual(p);
  });

  it('shows a complete float64 PyTorch program and exactly what PyTorch 1.13 prints for it', () => {
    const state = new GradientExplorerState({ logits: [1, 2, 0.5], trueClass: 0 });
    expect(state.program.code.split('\n')).toEqual([
      'import torch',
      'import torch.nn.functional as F',
      '',
      'o = torch.tensor([[1.0, 2.0, 0.5]], dtype=torch.float64, requires_grad=True)',
      'target = torch.tensor([0])',
      'loss = F.cross_entropy(o, target)',
      'loss.backward()',
      'print(loss.detach())',
      'print(torch.softmax(o, dim=1).detach())',
      'print(o.grad)',
    ]);
    expect(state.program.printed.split('\n')).toEqual([
      'tensor(1.4644, dtype=torch.float64)',
      'tensor([[0.2312, 0.6285, 0.1402]], dtype=torch.float64)',
      'tensor([[-0.7688,  0.6285,  0.1402]], dtype=torch.float64)',
    ]);
    // A soft target from the confidently wrong start, as PyTorch printed it.
    state.confidentlyWrong();
    state.setMode('soft');
    [1, 1, 2].forEach((w, j) => state.setSoftWeight(j, String(w)));
    expect(state.program.code).toContain(
      'target = torch.tensor([[0.25, 0.25, 0.5]], dtype=torch.float64)',
    );
    expect(state.program.printed.split('\n')).toEqual([
      'tensor(3.0509, dtype=torch.float64)',
      'tensor([[0.0024, 0.9503, 0.0473]], dtype=torch.float64)',
      'tensor([[-0.2476,  0.7003, -0.4527]], dtype=torch.float64)',
    ]);
  });

  it('starts confidently wrong on request, and goes back to the chapter’s logits', () => {
    const state = new GradientExplorerState({ logits: [1, 2, 0.5], trueClass: 2 });
    state.step(2);
    state.confidentlyWrong();
    expect(state.logits).toEqual([4, 1, -2]);
    expect(state.history).toEqual([]);
    // ŷ puts almost everything on a wrong class: the true class's gradient is near −1.
    expect(state.evaluation.probabilities[0]).toBeGreaterThan(0.9);
    expect(state.evaluation.gradient[2]).toBeLessThan(-0.99);
    state.reset();
    expect(state.logits).toEqual([1, 2, 0.5]);
  });

  it('shows stepped logits rounded to six significant digits, and computes on what it shows', () => {
    const state = new GradientExplorerState({ logits: [1, 2, 0.5], trueClass: 0 });
    state.step(3);
    for (const input of state.logitInputs) {
      expect(input.value).toBe(roundLogit(input.value));
      expect(input.text).toBe(String(input.value));
    }
  });

  it('uses softmax(o) − y for a soft target too', () => {
    const state = new GradientExplorerState({ logits: [0, 0, 0] });
    expect(state.softInputs.map((input) => input.text)).toEqual(['0.8', '0.1', '0.1']);
    state.setMode('soft');
    [1, 1, 2].forEach((w, j) => state.setSoftWeight(j, String(w)));
    expect(state.y).toEqual([0.25, 0.25, 0.5]);
    state.evaluation.gradient.forEach((g, j) =>
      expect(g).toBeCloseTo(1 / 3 - (state.y[j] ?? 0), 14),
    );
  });

  it('lists the logits, the target in use and the learning rate for the printed caption', () => {
    const state = new GradientExplorerState({ logits: [1, 2, 0.5], trueClass: 2 });
    expect(state.parameters).toBe('logits o = (1, 2, 0.5), true class k = 2, learning rate η = 1');
    state.setLogit(0, '-1');
    state.setMode('soft');
    [1, 1, 2].forEach((w, j) => state.setSoftWeight(j, String(w)));
    state.learningRateInput.set('0.5');
    expect(state.parameters).toBe(
      'logits o = (−1, 2, 0.5), soft target weights y = (1, 1, 2), learning rate η = 0.5',
    );
    // Weights that are no distribution leave the cell on its true class, and so does the caption.
    [0, 1, 2].forEach((j) => state.setSoftWeight(j, '0'));
    expect(state.parameters).toContain('true class k = 2');
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
    expect(state.logitInputs.map((input) => input.text)).toEqual(state.logits.map(String));
    expect(state.error).toBeNull();
  });

  it('starts the loss curve again when the reader changes an input', () => {
    const state = new GradientExplorerState();
    state.step(3);
    expect(state.history).toHaveLength(4);
    state.setLogit(0, '0');
    expect(state.history).toEqual([]);
    state.step();
    state.setSoftWeight(0, '1');
    expect(state.history).toEqual([]);
  });

  it('explains bad input and keeps the last valid values', () => {
    const state = new GradientExplorerState();
    state.setLogit(1, 'two');
    expect(state.error).toBe('logit o₂: “two” is not a number. Still using 2.');
    expect(state.logits[1]).toBe(2);
    expect(state.logitInputs[1]?.text).toBe('two');
    state.setLogit(1, '2e6');
    expect(state.error).toBe('logit o₂ must be at most 1000000, got 2000000. Still using 2.');
    state.setLogit(1, '2');
    state.learningRateInput.set('-1');
    expect(state.error).toBe('learning rate η must be at least 0.01, got -1. Still using 1.');
    state.learningRateInput.set('0,5');
    expect(state.learningRate).toBe(1);
    state.learningRateInput.set('0.5');
    expect(state.learningRate).toBe(0.5);
    state.setMode('soft');
    [0, 0, 0].forEach((w, j) => state.setSoftWeight(j, String(w)));
    expect(state.error).toBe(
      'The target weights are all zero: give at least one class some weight.',
    );
    expect(state.target).toEqual({ kind: 'class', index: 0 });
    state.setSoftWeight(2, '-1');
    expect(state.error).toBe(
      'weight y₃ must be at least 0, got -1. Still using 0. The target weights are all zero: give at least one class some weight.',
    );
  });

  it('rejects props a chapter should never pass', () => {
    expect(() => new GradientExplorerState({ logits: [1] })).toThrow(
      'GradientExplorer: logits must have 2–8 entries, got 1',
    );
    expect(() => new GradientExplorerState({ logits: [1, 2e6] })).toThrow(
      'GradientExplorer: logits[1] must be a finite number in [-1000000, 1000000], got 2000000',
    );
    expect(() => new GradientExplorerState({ trueClass: 3 })).toThrow(
      'GradientExplorer: trueClass must be a class index 0–2, got 3',
    );
    expect(() => new GradientExplorerState({ labels: ['a'] })).toThrow(
      'GradientExplorer: labels must have 3 entries, one per entry of logits, got 1',
    );
  });
});

describe('GradientExplorerState shared by link', () => {
  const props = { logits: [1, 2, 0.5], trueClass: 0 };
  const outputs = (s: GradientExplorerState) => [
    s.logits,
    s.target,
    s.y,
    s.learningRate,
    s.evaluation,
    s.program,
    s.summary,
    s.history,
  ];

  it('shares logits o, class k, mode m, soft weights y and learning rate lr', () => {
    expect(new GradientExplorerState().cellId).toBe('gradient-explorer');
    expect(new GradientExplorerState(props).shareState()).toEqual({
      o: '1,2,0.5',
      k: '0',
      m: 'class',
      y: '0.8,0.1,0.1',
      lr: '1',
    });
  });

  it('restores what the reader changed into a fresh cell: same state, same outputs', () => {
    const changed = new GradientExplorerState(props);
    changed.setTrueClass(2);
    changed.confidentlyWrong();
    changed.learningRateInput.set('0.37');
    changed.step(3);
    changed.setMode('soft');
    [1, 1, 2].forEach((w, j) => changed.setSoftWeight(j, String(w)));
    changed.setLogit(1, '-4.5');
    expectRoundTrip(changed, () => new GradientExplorerState(props), outputs);
    // A class target with soft weights edited on the side keeps both.
    const classTarget = new GradientExplorerState(props);
    classTarget.setSoftWeight(0, '3');
    classTarget.setTrueClass(1);
    expectRoundTrip(classTarget, () => new GradientExplorerState(props), outputs);
  });

  it('shares the class target while the soft weights cannot be normalised, as the cell uses it', () => {
    const state = new GradientExplorerState(props);
    state.setMode('soft');
    [0, 0, 0].forEach((w, j) => state.setSoftWeight(j, String(w)));
    expect(state.target).toEqual({ kind: 'class', index: 0 });
    expect(state.shareState()).toMatchObject({ m: 'class', y: '0.8,0.1,0.1' });
    expectRoundTrip(
      state,
      () => new GradientExplorerState(props),
      (s) => [s.target, s.evaluation],
    );
  });

  it('applies a good link through the fields and starts the loss curve again', () => {
    const state = new GradientExplorerState(props);
    state.step(2);
    state.setLogit(0, 'oops');
    expect(restoreLink(state, { o: '0,0,0', k: '1', m: 'soft', y: '1,1,2', lr: '0.5' })).toBeNull();
    expect(state.logitInputs.map((i) => i.text)).toEqual(['0', '0', '0']);
    expect(state.error).toBeNull();
    expect(state.history).toEqual([]);
    expect(state.target).toEqual({ kind: 'soft', y: [0.25, 0.25, 0.5] });
    expect(state.trueClass).toBe(1);
    expect(state.learningRate).toBe(0.5);
  });

  it('refuses bad links with a message naming the problem, changing nothing', () => {
    const state = new GradientExplorerState(props);
    const good = { o: '1,2,3', k: '0', m: 'soft', y: '1,1,2', lr: '1' };
    expectRefused(
      state,
      { ...good, o: '1,2' },
      '“o” must have 3 logits, one per class of this cell, got 2',
    );
    expectRefused(state, { ...good, o: '1,2,2e6' }, '“o” must be at most 1000000, got 2000000');
    expectRefused(state, { ...good, k: '3' }, '“k” must be at most 2, got 3');
    expectRefused(state, { ...good, k: '0.5' }, '“k” must be a whole number, got 0.5');
    expectRefused(state, { ...good, m: 'hard' }, '“m” must be one of class, soft, got “hard”');
    expectRefused(state, { ...good, y: '1,-1,2' }, '“y” must be at least 0, got -1');
    expectRefused(
      state,
      { ...good, y: '1,1,1,1' },
      '“y” must have 3 weights, one per class of this cell, got 4',
    );
    expectRefused(
      state,
      { ...good, y: '0,0,0' },
      '“y”: The target weights are all zero: give at least one class some weight',
    );
    expectRefused(state, { ...good, lr: '0' }, '“lr” must be at least 0.01, got 0');
    expectRefused(state, { ...good, lr: '101' }, '“lr” must be at most 100, got 101');
    expectRefused(state, { o: good.o, k: good.k, m: good.m, y: good.y }, 'it lacks “lr”');
  });

  it(
    'accepts every link within the fields’ limits, and it round-trips',
    () => {
      const links = fc.record({
        o: fc.array(linkNumber(-1e6, 1e6), { minLength: 3, maxLength: 3 }).map(encodeNumbers),
        k: fc.integer({ min: 0, max: 2 }).map(String),
        m: fc.constantFrom('class', 'soft'),
        y: fc
          .array(linkNumber(0, 1e300), { minLength: 3, maxLength: 3 })
          .filter((w) => w.some((v) => v > 0) && Number.isFinite(w[0]! + w[1]! + w[2]!))
          .map(encodeNumbers),
        lr: linkNumber(0.01, 100).map(String),
      });
      expectValidLinksAccepted(() => new GradientExplorerState(props), links, outputs);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'survives hostile links: never throws, and a refused one changes nothing',
    () => {
      expectHostileLinksHarmless(() => new GradientExplorerState(props), {
        keys: ['o', 'k', 'm', 'y', 'lr'],
        words: ['class', 'soft'],
        outputs,
      });
    },
    PROPERTY_TIMEOUT,
  );
});
