import { afterEach, describe, expect, it } from 'vitest';
import { ExpectedMinusObservedState } from './expected-minus-observed.svelte.ts';

afterEach(() => performance.clearMeasures());

describe('ExpectedMinusObservedState', () => {
  it('starts from the defaults with every row agreeing with the core', () => {
    const cell = new ExpectedMinusObservedState();
    expect(cell.logitTexts).toEqual(['2', '0.5', '-1']);
    expect(cell.scalarTexts).toEqual({ eta: '0.8', t: '0', mu: '1.5', y: '0.4' });
    expect(cell.rows.map((r) => r.family)).toEqual(['categorical', 'bernoulli', 'gaussian']);
    expect(Math.max(...cell.rows.map((r) => r.gap))).toBeLessThan(1e-15);
    expect(cell.error).toBeNull();
    expect(cell.summary).toMatch(
      /^Expected minus observed: softmax\(o\) − eₖ = \(0\.7856, −0\.8247, 0\.0391\), σ\(η\) − t = 0\.6900, μ − y = 1\.1000; the core's gradients agree to /,
    );
  });

  it('recomputes when a field changes, and shows the new call', () => {
    const cell = new ExpectedMinusObservedState();
    cell.setScalar('mu', '-2');
    cell.setScalar('y', '1');
    expect(cell.rows[2]?.difference[0]).toBe(-3);
    expect(cell.rows[2]?.gradient[0]).toBe(-3);
    cell.setLogit(0, '0');
    cell.setObservedClass(0);
    expect(cell.call.split('\n')[1]).toBe(
      "crossEntropyBackward(tensor([[0, 0.5, -1]]), tensor([0], 'int64'))",
    );
    expect(cell.rows[0]?.observed).toEqual([1, 0, 0]);
  });

  it('keeps the reader’s text and the last value when a field is not a number, naming it', () => {
    const cell = new ExpectedMinusObservedState();
    cell.setLogit(1, 'abc');
    expect(cell.logitTexts[1]).toBe('abc');
    expect(cell.logits[1]).toBe(0.5);
    expect(cell.error).toBe('logit o₂: “abc” is not a number. Still using 0.5.');
    cell.setLogit(1, '0.25');
    expect(cell.error).toBeNull();
    cell.setScalar('t', '1.2');
    expect(cell.error).toBe('target t must be at most 1, got 1.2. Still using 0.');
    expect(cell.scalars.t).toBe(0);
    cell.setScalar('t', '');
    expect(cell.error).toBe('target t is empty: type a number. Still using 0.');
  });

  it('ignores an observed class that does not exist', () => {
    const cell = new ExpectedMinusObservedState();
    cell.setObservedClass(7);
    cell.setObservedClass(-1);
    expect(cell.observedClass).toBe(1);
  });

  it('takes the chapter’s props, and rejects bad ones with the widget’s name', () => {
    const cell = new ExpectedMinusObservedState({
      logits: [1, 2],
      observedClass: 0,
      labels: ['no', 'yes'],
      t: 1,
    });
    expect(cell.labels).toEqual(['no', 'yes']);
    expect(cell.rows[1]?.observed).toEqual([1]);
    expect(() => new ExpectedMinusObservedState({ observedClass: 5 })).toThrow(
      /^ExpectedMinusObserved: observedClass must be a class index 0–2, got 5$/,
    );
  });

  it('leaves a performance measure for each recompute', () => {
    const cell = new ExpectedMinusObservedState();
    void cell.rows;
    cell.setScalar('eta', '2');
    void cell.rows;
    expect(performance.getEntriesByName('recompute:expected-minus-observed').length).toBe(2);
  });
});
