import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
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
import { ExpectedMinusObservedState } from './expected-minus-observed.svelte.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

afterEach(() => performance.clearMeasures());

describe('ExpectedMinusObservedState', () => {
  it('starts from the defaults, every row agreeing with the slope measured on the loss', () => {
    const cell = new ExpectedMinusObservedState();
    expect(cell.logitInputs.map((input) => input.text)).toEqual(['2', '0.5', '-1']);
    expect(Object.values(cell.scalarInputs).map((input) => input.text)).toEqual([
      '0.8',
      '0',
      '1.5',
      '0.4',
    ]);
    expect(cell.rows.map((r) => r.family)).toEqual(['categorical', 'bernoulli', 'gaussian']);
    // Central differences are good to about 1e-10 here: far from 0, far below a wrong formula.
    const gap = Math.max(...cell.rows.map((r) => r.gap));
    expect(gap).toBeGreaterThan(0);
    expect(gap).toBeLessThan(1e-8);
    expect(cell.error).toBeNull();
    expect(cell.summary).toMatch(
      /^Expected minus observed: softmax\(o\) − eₖ = \(0\.7856, −0\.8247, 0\.0391\), σ\(η\) − t = 0\.6900, μ − y = 1\.1000; the slopes measured by central differences agree to /,
    );
  });

  it('recomputes when a field changes, and shows the new program', () => {
    const cell = new ExpectedMinusObservedState();
    cell.scalarInputs.mu.set('-2');
    cell.scalarInputs.y.set('1');
    expect(cell.rows[2]?.difference[0]).toBe(-3);
    expect(cell.rows[2]?.slope[0]).toBeCloseTo(-3, 9);
    cell.logitInputs[0]?.set('0');
    cell.setObservedClass(0);
    expect(cell.program.code).toContain(
      'o = torch.tensor([[0.0, 0.5, -1.0]], dtype=torch.float64, requires_grad=True)\ntarget = torch.tensor([0])',
    );
    expect(cell.rows[0]?.observed).toEqual([1, 0, 0]);
  });

  it('lists the logits, the observed class and the four scalars for the printed caption', () => {
    const cell = new ExpectedMinusObservedState();
    expect(cell.parameters).toBe(
      'logits o = (2, 0.5, −1), observed class k = 1, log-odds η = 0.8, target t = 0, ' +
        'mean μ = 1.5, observation y = 0.4',
    );
    cell.scalarInputs.mu.set('-2');
    cell.setObservedClass(0);
    expect(cell.parameters).toContain(
      'observed class k = 0, log-odds η = 0.8, target t = 0, mean μ = −2,',
    );
  });

  it('prints what PyTorch prints for its program (PyTorch 1.13, run on the default state)', () => {
    expect(new ExpectedMinusObservedState().program.printed.split('\n')).toEqual([
      'tensor([[ 0.7856, -0.8247,  0.0391]], dtype=torch.float64)',
      'tensor([[ 0.7856, -0.8247,  0.0391]], dtype=torch.float64)',
      'tensor([0.6900], dtype=torch.float64)',
      'tensor([0.6900], dtype=torch.float64)',
      'tensor([1.1000], dtype=torch.float64)',
      'tensor([1.1000], dtype=torch.float64)',
    ]);
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

  it('gives softmax(o) − e_k, σ(η) − t and μ − y, each equal to the slope of its NLL', () => {
    const cell = new ExpectedMinusObservedState();
    const [categorical, bernoulli, gaussian] = cell.rows;
    const z = Math.exp(2) + Math.exp(0.5) + Math.exp(-1);
    [2, 0.5, -1].forEach((o, c) => {
      expect(categorical?.expected[c]).toBeCloseTo(Math.exp(o) / z, 15);
      expect(categorical?.observed[c]).toBe(c === 1 ? 1 : 0);
      expect(categorical?.slope[c]).toBeCloseTo(Math.exp(o) / z - (c === 1 ? 1 : 0), 9);
    });
    expect(bernoulli?.expected[0]).toBeCloseTo(sigmoid(0.8), 15);
    expect(bernoulli?.slope[0]).toBeCloseTo(sigmoid(0.8) - 0, 9);
    expect(gaussian?.slope[0]).toBeCloseTo(1.5 - 0.4, 9);
  });

  it('takes soft Bernoulli targets', () => {
    const cell = new ExpectedMinusObservedState({ t: 0.3 });
    expect(cell.rows[1]?.slope[0]).toBeCloseTo(sigmoid(0.8) - 0.3, 9);
  });

  it('stays exact for huge log-odds and logits, where σ saturates, and the slope agrees', () => {
    const cell = new ExpectedMinusObservedState({ logits: [1000, -1000], observedClass: 0 });
    cell.scalarInputs.eta.set('800');
    cell.scalarInputs.t.set('1');
    expect(cell.rows[0]?.expected).toEqual([1, 0]);
    expect(cell.rows[1]?.difference).toEqual([0]);
    for (const row of cell.rows) expect(row.gap).toBeLessThan(1e-8);
  });

  it('would expose a wrong closed form: the measured slope is not E[T] − T with the wrong T', () => {
    // Observing class 0 instead of 1 changes E[T] − T by a whole unit in two entries; the slope
    // measured for class 1 does not follow, so the gap would be about 1.
    const cell = new ExpectedMinusObservedState();
    const slope = cell.rows[0]?.slope ?? [];
    const wrong = (cell.rows[0]?.expected ?? []).map((e, c) => e - (c === 0 ? 1 : 0));
    expect(Math.max(...wrong.map((w, c) => Math.abs(w - slope[c]!)))).toBeGreaterThan(0.99);
  });

  it('leaves a performance measure for each recompute', () => {
    const cell = new ExpectedMinusObservedState();
    expect(cell.rows).toHaveLength(3);
    cell.scalarInputs.eta.set('2');
    expect(cell.rows).toHaveLength(3);
    expect(performance.getEntriesByName('recompute:expected-minus-observed').length).toBe(2);
  });
});

describe('ExpectedMinusObservedState shared by link', () => {
  const outputs = (c: ExpectedMinusObservedState) => [c.observation, c.rows, c.program, c.summary];

  it('shares logits o, observed class k, and eta, t, mu, y', () => {
    expect(new ExpectedMinusObservedState().cellId).toBe('expected-minus-observed');
    expect(new ExpectedMinusObservedState().shareState()).toEqual({
      o: '2,0.5,-1',
      k: '1',
      eta: '0.8',
      t: '0',
      mu: '1.5',
      y: '0.4',
    });
  });

  it('restores what the reader changed into a fresh cell: same state, same outputs', () => {
    const changed = new ExpectedMinusObservedState();
    changed.logitInputs[0]?.set('-7.25');
    changed.setObservedClass(2);
    changed.scalarInputs.eta.set('-1e3');
    changed.scalarInputs.t.set('0.35');
    changed.scalarInputs.mu.set('1e-9');
    changed.scalarInputs.y.set('oops'); // a bad field shares its last valid value
    expectRoundTrip(changed, () => new ExpectedMinusObservedState(), outputs);
  });

  it('applies a good link through the fields', () => {
    const cell = new ExpectedMinusObservedState();
    cell.scalarInputs.t.set('2');
    const link = { o: '0,0,0', k: '0', eta: '0', t: '1', mu: '2', y: '2' };
    expect(restoreLink(cell, link)).toBeNull();
    expect(cell.error).toBeNull();
    expect(cell.scalarInputs.t.text).toBe('1');
    expect(cell.observation).toEqual({
      logits: [0, 0, 0],
      observedClass: 0,
      eta: 0,
      t: 1,
      mu: 2,
      y: 2,
    });
    expect(cell.rows[2]?.difference).toEqual([0]);
  });

  it('refuses bad links with a message naming the problem, changing nothing', () => {
    const cell = new ExpectedMinusObservedState();
    const good = { o: '0,0,0', k: '0', eta: '0', t: '1', mu: '2', y: '2' };
    expectRefused(
      cell,
      { ...good, o: '0,0,0,0' },
      '“o” must have 3 logits, one per class of this cell, got 4',
    );
    expectRefused(cell, { ...good, k: '3' }, '“k” must be at most 2, got 3');
    expectRefused(cell, { ...good, k: '-1' }, '“k” must be at least 0, got -1');
    expectRefused(cell, { ...good, t: '1.5' }, '“t” must be at most 1, got 1.5');
    expectRefused(cell, { ...good, eta: 'Infinity' }, '“eta”: “Infinity” is not a number');
    expectRefused(cell, { ...good, mu: '1,5' }, /^“mu”: “1,5” has a comma/);
    expectRefused(cell, { ...good, z: '1' }, 'it has “z”, which this cell does not know');
  });

  it(
    'accepts every link within the fields’ bounds, and it round-trips',
    () => {
      const any = linkNumber(-Number.MAX_VALUE, Number.MAX_VALUE).map(String);
      const links = fc.record({
        o: fc.array(linkNumber(-1e6, 1e6), { minLength: 3, maxLength: 3 }).map(encodeNumbers),
        k: fc.integer({ min: 0, max: 2 }).map(String),
        eta: any,
        t: linkNumber(0, 1).map(String),
        mu: any,
        y: any,
      });
      expectValidLinksAccepted(() => new ExpectedMinusObservedState(), links, outputs);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'survives hostile links: never throws, and a refused one changes nothing',
    () => {
      expectHostileLinksHarmless(() => new ExpectedMinusObservedState(), {
        keys: ['o', 'k', 'eta', 't', 'mu', 'y'],
        outputs,
      });
    },
    PROPERTY_TIMEOUT,
  );
});
