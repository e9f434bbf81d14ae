import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatTensor, softmax, tensor } from '../../../src/loss/index';
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
import { SoftmaxExplorerState } from './softmax-explorer.svelte.ts';

const f32 = Math.fround;

describe('SoftmaxExplorerState', () => {
  it('starts from the chapter’s logits and the core’s float32 softmax of them', () => {
    const state = new SoftmaxExplorerState({ logits: [2, 1, 0.1] });
    expect(state.probabilities).toEqual(Array.from(softmax(tensor([2, 1, 0.1], 'float32')).data));
    expect(state.error).toBeNull();
  });

  it('shows the PyTorch program for its state and what PyTorch prints for it', () => {
    const state = new SoftmaxExplorerState({ logits: [2, 1, 0.1] });
    expect(state.program.code).toBe(
      [
        'import torch',
        '',
        'logits = torch.tensor([2.0, 1.0, 0.1])',
        'probabilities = torch.softmax(logits, dim=0)',
        'print(probabilities)',
      ].join('\n'),
    );
    // PyTorch 1.13 prints this for that program (scripts/cell-programs checks every such pair).
    expect(state.program.printed).toBe('tensor([0.6590, 0.2424, 0.0986])');
  });

  it('writes the temperature into the program when the cell has one', () => {
    const state = new SoftmaxExplorerState({ logits: [2, 1, 0.1], temperature: true });
    state.temperatureInput.set('0.5');
    expect(state.program.code).toContain(
      'T = 0.5\nprobabilities = torch.softmax(logits / T, dim=0)',
    );
    expect(state.program.printed).toBe(formatTensor(softmax(tensor([4, 2, 0.2], 'float32'))));
  });

  it('recomputes when a field changes', () => {
    const state = new SoftmaxExplorerState({ logits: [0, 0] });
    expect(state.probabilities).toEqual([0.5, 0.5]);
    state.inputs[1]?.set('3');
    expect(state.logits).toEqual([0, 3]);
    expect(state.probabilities[1]).toBeCloseTo(Math.exp(3) / (1 + Math.exp(3)), 7);
    expect(state.program.code).toContain('logits = torch.tensor([0.0, 3.0])');
  });

  it('keeps the reader’s text and the last valid value when the text is not a number', () => {
    const state = new SoftmaxExplorerState({ logits: [2, 1] });
    const before = state.probabilities;
    state.inputs[0]?.set('2x');
    expect(state.inputs[0]?.text).toBe('2x');
    expect(state.logits).toEqual([2, 1]);
    expect(state.probabilities).toEqual(before);
    expect(state.error).toBe('logit o₁: “2x” is not a number. Still using 2.');
    state.inputs[0]?.set('1e400');
    expect(state.error).toBe(
      'logit o₁: “1e400” is beyond the largest float64 (±1.8e308). Still using 2.',
    );
    state.inputs[1]?.set('0,5');
    expect(state.error).toMatch(/^logit o₁: .* Still using 2\. logit o₂: “0,5” has a comma: /);
    state.inputs[1]?.set('0.5');
    state.inputs[0]?.set('-4');
    expect(state.error).toBeNull();
    expect(state.logits).toEqual([-4, 0.5]);
  });

  it('shifts every logit without changing the probabilities', () => {
    const state = new SoftmaxExplorerState({ logits: [2, 1, 0.1] });
    const before = state.probabilities;
    state.shiftAll(1);
    expect(state.logits).toEqual([3, 2, 1.1]);
    state.probabilities.forEach((p, i) => expect(p).toBeCloseTo(before[i]!, 6));
  });

  it('divides the logits by the temperature before the softmax, and explains a bad one', () => {
    const state = new SoftmaxExplorerState({ logits: [2, 1, 0.1], temperature: true });
    expect(state.showsTemperature).toBe(true);
    state.temperatureInput.set('2');
    // One float32 rounding of o / T, as PyTorch divides a float32 tensor by a Python float.
    expect(state.scaled).toEqual([1, 0.5, f32(f32(0.1) / 2)]);
    expect(state.probabilities).toEqual(
      Array.from(softmax(tensor([1, 0.5, f32(0.1) / 2], 'float32')).data),
    );
    const flat = state.probabilities;
    state.temperatureInput.set('0.5');
    // A lower temperature sharpens the distribution towards the largest logit.
    expect(state.probabilities[0]!).toBeGreaterThan(flat[0]!);
    state.temperatureInput.set('0');
    expect(state.error).toBe('temperature T must be at least 0.01, got 0. Still using 0.5.');
    expect(state.temperatureInput.text).toBe('0');
    expect(state.scaled).toEqual([4, 2, f32(0.2)]);
  });

  it('describes its state in one sentence for screen readers', () => {
    const state = new SoftmaxExplorerState({ logits: [0, 0], labels: ['heads', 'tails'] });
    expect(state.summary).toBe(
      'Softmax of logits 0, 0 gives probabilities heads 0.5000, tails 0.5000.',
    );
  });

  it('lists its current logits, and the temperature when it has one, for the printed caption', () => {
    expect(new SoftmaxExplorerState().parameters).toBe('logits o = (2, 1, 0.1)');
    const state = new SoftmaxExplorerState({ logits: [2, -1, 0.1], temperature: true });
    state.inputs[0]?.set('3');
    state.temperatureInput.set('0.5');
    expect(state.parameters).toBe('logits o = (3, −1, 0.1), temperature T = 0.5');
  });

  it('names each field the same way in its label, its messages and its data-field', () => {
    const state = new SoftmaxExplorerState({ logits: [1, 2, 3] });
    expect(state.inputs.map((input) => input.name)).toEqual(['logit o₁', 'logit o₂', 'logit o₃']);
    expect(state.temperatureInput.name).toBe('temperature T');
  });

  it('sits in the text column unless the chapter asks for a wider cell', () => {
    expect(new SoftmaxExplorerState().width).toBe('body');
    expect(new SoftmaxExplorerState({ width: 'screen' }).width).toBe('screen');
  });

  it('rejects props a chapter should never pass', () => {
    expect(() => new SoftmaxExplorerState({ logits: [1] })).toThrow(
      'SoftmaxExplorer: logits must have 2–8 entries, got 1',
    );
    expect(() => new SoftmaxExplorerState({ logits: [1, Number.NaN] })).toThrow(
      'SoftmaxExplorer: logits[1] must be a finite number, got NaN',
    );
    expect(() => new SoftmaxExplorerState({ logits: [1, 2], labels: ['a'] })).toThrow(
      'SoftmaxExplorer: labels must have 2 entries, one per entry of logits, got 1',
    );
    expect(() => new SoftmaxExplorerState({ width: 'wide' as unknown as 'page' })).toThrow(
      "SoftmaxExplorer: width must be one of 'body', 'page', 'screen', got 'wide'",
    );
  });
});

describe('SoftmaxExplorerState shared by link', () => {
  const outputs = (s: SoftmaxExplorerState) => [s.probabilities, s.program, s.summary];

  it('shares its logits, and the temperature where the chapter shows it', () => {
    expect(new SoftmaxExplorerState().cellId).toBe('softmax-explorer');
    expect(new SoftmaxExplorerState({ cellId: 'second-softmax' }).cellId).toBe('second-softmax');
    expect(new SoftmaxExplorerState({ logits: [2, 1, 0.1] }).shareState()).toEqual({
      o: '2,1,0.1',
    });
    expect(new SoftmaxExplorerState({ logits: [2, 1], temperature: true }).shareState()).toEqual({
      o: '2,1',
      t: '1',
    });
  });

  it('restores what the reader changed into a fresh cell: same state, same outputs', () => {
    const props = { logits: [2, 1, 0.1], temperature: true };
    const changed = new SoftmaxExplorerState(props);
    changed.inputs[0]?.set('-3.25');
    changed.inputs[2]?.set('1e-7');
    changed.shiftAll(0.5);
    changed.temperatureInput.set('0.37');
    changed.inputs[1]?.set('oops'); // a bad field shares its last valid value
    expectRoundTrip(changed, () => new SoftmaxExplorerState(props), outputs);
    const plain = new SoftmaxExplorerState({ logits: [0, 0] });
    plain.inputs[1]?.set('4');
    expectRoundTrip(plain, () => new SoftmaxExplorerState({ logits: [0, 0] }), outputs);
  });

  it('refuses bad links with a message naming the problem, changing nothing', () => {
    const state = new SoftmaxExplorerState({ logits: [2, 1, 0.1], temperature: true });
    expectRefused(
      state,
      { o: '1,2', t: '1' },
      '“o” must have 3 logits, one per class of this cell, got 2',
    );
    expectRefused(state, { o: '1,2,x', t: '1' }, '“o”: “x” is not a number');
    expectRefused(state, { o: '1,2,3', t: '0' }, '“t” must be at least 0.01, got 0');
    expectRefused(state, { o: '1,2,3' }, 'it lacks “t”');
    expectRefused(
      state,
      { o: '1,2,3', t: '1', k: '0' },
      'it has “k”, which this cell does not know',
    );
    expectRefused(state, { o: '1,1e999,3', t: '1' }, /^“o”: “1e999” is beyond the largest float64/);
    // Without a temperature control, a link cannot set one.
    const plain = new SoftmaxExplorerState({ logits: [2, 1, 0.1] });
    expectRefused(plain, { o: '1,2,3', t: '2' }, 'it has “t”, which this cell does not know');
  });

  it('applies a good link through the fields, as if the reader had typed it', () => {
    const state = new SoftmaxExplorerState({ logits: [2, 1, 0.1], temperature: true });
    state.inputs[0]?.set('bad');
    expect(restoreLink(state, { o: '0,0,0', t: '2' })).toBeNull();
    expect(state.inputs.map((i) => i.text)).toEqual(['0', '0', '0']);
    expect(state.error).toBeNull();
    expect(state.temperature).toBe(2);
    expect(state.probabilities).toEqual([f32(1 / 3), f32(1 / 3), f32(1 / 3)]);
  });

  it(
    'accepts every link within the fields’ limits, and it round-trips',
    () => {
      const links = fc.record({
        o: fc.array(linkNumber(-1e300, 1e300), { minLength: 3, maxLength: 3 }).map(encodeNumbers),
        t: linkNumber(0.01, 1e300).map(String),
      });
      const props = { logits: [2, 1, 0.1], temperature: true };
      expectValidLinksAccepted(() => new SoftmaxExplorerState(props), links, outputs);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'survives hostile links: never throws, and a refused one changes nothing',
    () => {
      for (const temperature of [false, true]) {
        expectHostileLinksHarmless(
          () => new SoftmaxExplorerState({ logits: [2, 1, 0.1], temperature }),
          { keys: ['o', 't'], outputs },
        );
      }
    },
    PROPERTY_TIMEOUT,
  );
});
