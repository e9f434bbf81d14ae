import { afterEach, describe, expect, it } from 'vitest';
import { ExpectedMinusObservedState } from './expected-minus-observed.svelte.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

afterEach(() => performance.clearMeasures());

describe('ExpectedMinusObservedState', () => {
  it('starts from the defaults with every row agreeing with the core', () => {
    const cell = new ExpectedMinusObservedState();
    expect(cell.logitInputs.map((input) => input.text)).toEqual(['2', '0.5', '-1']);
    expect(Object.values(cell.scalarInputs).map((input) => input.text)).toEqual([
      '0.8',
      '0',
      '1.5',
      '0.4',
    ]);
    expect(cell.rows.map((r) => r.family)).toEqual(['categorical', 'bernoulli', 'gaussian']);
    expect(Math.max(...cell.rows.map((r) => r.gap))).toBeLessThan(1e-15);
    expect(cell.error).toBeNull();
    expect(cell.summary).toMatch(
      /^Expected minus observed: softmax\(o\) − eₖ = \(0\.7856, −0\.8247, 0\.0391\), σ\(η\) − t = 0\.6900, μ − y = 1\.1000; the core's gradients agree to /,
    );
  });

  it('recomputes when a field changes, and shows the new call', () => {
    const cell = new ExpectedMinusObservedState();
    cell.scalarInputs.mu.set('-2');
    cell.scalarInputs.y.set('1');
    expect(cell.rows[2]?.difference[0]).toBe(-3);
    expect(cell.rows[2]?.gradient[0]).toBe(-3);
    cell.logitInputs[0]?.set('0');
    cell.setObservedClass(0);
    expect(cell.call.split('\n')[1]).toBe(
      "crossEntropyBackward(tensor([[0, 0.5, -1]]), tensor([0], 'int64'))",
    );
    expect(cell.rows[0]?.observed).toEqual([1, 0, 0]);
  });

  it('keeps the reader’s text and the last value when a field is not a number, naming it', () => {
    const cell = new ExpectedMinusObservedState();
    cell.logitInputs[1]?.set('abc');
    expect(cell.logitInputs[1]?.text).toBe('abc');
    expect(cell.logits[1]).toBe(0.5);
    expect(cell.error).toBe('logit o₂: “abc” is not a number. Still using 0.5.');
    cell.logitInputs[1]?.set('0.25');
    expect(cell.error).toBeNull();
    cell.scalarInputs.t.set('1.2');
    expect(cell.error).toBe('target t must be at most 1, got 1.2. Still using 0.');
    expect(cell.observation.t).toBe(0);
    cell.scalarInputs.t.set('');
    expect(cell.error).toBe('target t is empty: type a number. Still using 0.');
    cell.scalarInputs.mu.set('1e309');
    expect(cell.error).toBe(
      'target t is empty: type a number. Still using 0. mean μ: “1e309” is beyond the largest float64 (±1.8e308). Still using 1.5.',
    );
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
  });

  it.each([
    [{ logits: [1] }, 'logits must have 2–8 entries, got 1'],
    [
      { logits: [1, Number.NaN] },
      'logits[1] must be a finite number in [-1000000, 1000000], got NaN',
    ],
    [{ observedClass: 5 }, 'observedClass must be a class index 0–2, got 5'],
    [{ observedClass: 0.5 }, 'observedClass must be a class index 0–2, got 0.5'],
    [{ t: 1.5 }, 't must be a finite number in [0, 1], got 1.5'],
    [{ mu: Infinity }, 'mu must be a finite number, got Infinity'],
    [{ labels: ['a', 'b'] }, 'labels must have 3 entries, one per entry of logits, got 2'],
  ] as const)('rejects %o, naming the widget and the prop', (props, message) => {
    expect(() => new ExpectedMinusObservedState(props)).toThrow(
      `ExpectedMinusObserved: ${message}`,
    );
  });

  it('gives softmax(o) − e_k, σ(η) − t and μ − y, each equal to the core’s gradient', () => {
    const cell = new ExpectedMinusObservedState();
    const [categorical, bernoulli, gaussian] = cell.rows;
    const z = Math.exp(2) + Math.exp(0.5) + Math.exp(-1);
    [2, 0.5, -1].forEach((o, c) => {
      expect(categorical?.expected[c]).toBeCloseTo(Math.exp(o) / z, 15);
      expect(categorical?.observed[c]).toBe(c === 1 ? 1 : 0);
      expect(categorical?.gradient[c]).toBeCloseTo(Math.exp(o) / z - (c === 1 ? 1 : 0), 15);
    });
    expect(bernoulli?.expected[0]).toBeCloseTo(sigmoid(0.8), 15);
    expect(bernoulli?.gradient[0]).toBeCloseTo(sigmoid(0.8) - 0, 15);
    expect(gaussian?.gradient[0]).toBeCloseTo(1.5 - 0.4, 15);
  });

  it('takes soft Bernoulli targets', () => {
    const cell = new ExpectedMinusObservedState({ t: 0.3 });
    expect(cell.rows[1]?.gradient[0]).toBeCloseTo(sigmoid(0.8) - 0.3, 15);
  });

  it('stays exact for huge log-odds and logits, where σ saturates', () => {
    const cell = new ExpectedMinusObservedState({ logits: [1000, -1000], observedClass: 0 });
    cell.scalarInputs.eta.set('800');
    cell.scalarInputs.t.set('1');
    expect(cell.rows[0]?.expected).toEqual([1, 0]);
    expect(cell.rows[0]?.gradient).toEqual([0, 0]);
    expect(cell.rows[1]?.difference).toEqual([0]);
    for (const row of cell.rows) expect(row.gap).toBe(0);
  });

  it('leaves a performance measure for each recompute', () => {
    const cell = new ExpectedMinusObservedState();
    expect(cell.rows).toHaveLength(3);
    cell.scalarInputs.eta.set('2');
    expect(cell.rows).toHaveLength(3);
    expect(performance.getEntriesByName('recompute:expected-minus-observed').length).toBe(2);
  });
});
