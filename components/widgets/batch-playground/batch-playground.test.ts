import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crossEntropy, tensor } from '../../../src/loss/index';
import { centralDifference } from '../shared/finite-difference';
import {
  expectHostileLinksHarmless,
  expectRefused,
  expectRoundTrip,
  restoreLink,
} from '../shared/shareable-testing';
import { BatchPlaygroundState, evaluateBatch } from './batch-playground.svelte.ts';
import { DEFAULT_BATCH, type BatchSetup } from './helpers';

/** The batch of pytorch-semantics.md §3.2, with its PyTorch float64 values. */
const X = [
  [1, 2, 3],
  [0.5, -1, 2],
  [3, 0, -2],
  [0.1, 0.2, 0.3],
];
const setupOf = (over: Partial<BatchSetup>): BatchSetup => ({
  logits: X,
  targets: [2, 0, 1, 2],
  weight: null,
  ignoreIndex: -100,
  reduction: 'mean',
  labelSmoothing: 0,
  targetForm: 'index',
  ...over,
});
const lossOf = (setup: BatchSetup) => {
  const result = evaluateBatch(setup);
  if (!result.ok) throw new Error(result.printed);
  return result;
};

describe('evaluateBatch', () => {
  it('gives PyTorch’s mean, sum and weighted mean of the reference batch (float32 within 1e-6)', () => {
    // F.cross_entropy(X, [2, 0, 1, 2]) in float64: 1.5514613361769822, sum 6.205845344707929,
    // weight [1, 2, 3]: 1.3422142450480363 (S_w = 9).
    expect(lossOf(setupOf({})).loss[0]).toBeCloseTo(1.5514613361769822, 6);
    expect(lossOf(setupOf({ reduction: 'sum' })).loss[0]).toBeCloseTo(6.205845344707929, 5);
    const weighted = lossOf(setupOf({ weight: [1, 2, 3] }));
    expect(weighted.loss[0]).toBeCloseTo(1.3422142450480363, 6);
    expect(weighted.samples.map((s) => s.denominator)).toEqual([3, 1, 2, 3]);
  });

  it('excludes ignored rows from both sums, smoothing term included (PyTorch: 1.5655053795753564)', () => {
    const result = lossOf(
      setupOf({ targets: [2, -100, 1, 0], weight: [1, 2, 3], labelSmoothing: 0.3 }),
    );
    expect(result.loss[0]).toBeCloseTo(1.5655053795753564, 6);
    expect(result.samples.map((s) => s.ignored)).toEqual([false, true, false, false]);
    expect(result.samples[1]?.loss).toBe(0);
    expect(result.grad[1]).toEqual([0, 0, 0]);
    expect(result.written.symbols).toBe('L = (ℓ₀ + ℓ₂ + ℓ₃) / (w₂ + w₁ + w₀)');
    expect(result.written.numbers).toBe('= (1.5005 + 6.4100 + 1.4825) / (3 + 2 + 1)');
    expect(result.written.result).toBe('= 9.3930 / 6 = 1.5655');
  });

  it('gives nan for an all-ignored mean, with a zero gradient', () => {
    const result = lossOf(setupOf({ targets: [-100, -100, -100, -100] }));
    expect(result.loss[0]).toBeNaN();
    expect(result.grad.flat().every((g) => g === 0)).toBe(true);
    expect(result.written).toEqual({ symbols: 'L = 0 / 0', numbers: '', result: '= nan' });
    expect(result.printed.split('\n')[0]).toBe('tensor(nan)');
  });

  it('divides an unweighted mean by the number of samples that count', () => {
    const result = lossOf(setupOf({ targets: [2, 0, -100, 2] }));
    expect(result.written.symbols).toBe('L = (ℓ₀ + ℓ₁ + ℓ₃) / (1 + 1 + 1)');
  });

  it('writes PyTorch’s error line for the three refused states, and nothing else', () => {
    expect(evaluateBatch(setupOf({ targets: [2, 0, 3, 2] })).printed).toBe(
      'IndexError: Target 3 is out of bounds.',
    );
    expect(evaluateBatch(setupOf({ targetForm: 'float-index' })).printed).toBe(
      'RuntimeError: expected scalar type Long but found Float',
    );
    expect(evaluateBatch(setupOf({ weight: [1, 2] })).printed).toBe(
      'RuntimeError: weight tensor should be defined either for all 3 classes or no classes but got weight tensor of shape: [2]',
    );
  });

  it('has the gradient that finite differences of the float64 loss find (any options)', () => {
    const arbitrarySetup = fc
      .record({
        classes: fc.integer({ min: 2, max: 5 }),
        samples: fc.integer({ min: 1, max: 4 }),
        reduction: fc.constantFrom('none' as const, 'sum' as const, 'mean' as const),
        smoothing: fc.constantFrom(0, 0.1, 0.5, 1),
        weighted: fc.boolean(),
      })
      .chain(({ classes, samples, ...rest }) =>
        fc.record({
          logits: fc.array(
            fc.array(
              fc.integer({ min: -30, max: 30 }).map((v) => v / 10),
              {
                minLength: classes,
                maxLength: classes,
              },
            ),
            { minLength: samples, maxLength: samples },
          ),
          // At least one sample counts, so the mean's denominator is not 0.
          targets: fc
            .array(fc.integer({ min: -1, max: classes - 1 }), {
              minLength: samples,
              maxLength: samples,
            })
            .map((t) => t.map((k, n) => (k < 0 && n > 0 ? -100 : Math.max(k, 0)))),
          weight: fc.array(
            fc.integer({ min: 1, max: 8 }).map((v) => v / 4),
            {
              minLength: classes,
              maxLength: classes,
            },
          ),
          rest: fc.constant(rest),
        }),
      );
    fc.assert(
      fc.property(arbitrarySetup, ({ logits, targets, weight, rest }) => {
        const setup = setupOf({
          logits,
          targets,
          weight: rest.weighted ? weight : null,
          reduction: rest.reduction,
          labelSmoothing: rest.smoothing,
        });
        const result = lossOf(setup);
        const total = (flat: readonly number[]) => {
          const rows = logits.map((row, n) => flat.slice(n * row.length, (n + 1) * row.length));
          const loss = crossEntropy(tensor(rows), tensor(targets, 'int64'), {
            weight: rest.weighted ? tensor(weight) : undefined,
            reduction: rest.reduction,
            labelSmoothing: rest.smoothing,
          });
          return Array.from(loss.data).reduce((a, b) => a + b, 0);
        };
        const numeric = centralDifference(total, logits.flat());
        result.grad.flat().forEach((g, i) => expect(g).toBeCloseTo(numeric[i] ?? 0, 4));
      }),
      { numRuns: 60 },
    );
  });
});

describe('BatchPlaygroundState', () => {
  it('starts from the default batch, its program in the module form with backward', () => {
    const state = new BatchPlaygroundState();
    expect(state.setup.logits).toEqual(DEFAULT_BATCH.logits);
    expect(state.program.code.split('\n')).toEqual([
      'import torch',
      '',
      'x = torch.tensor([',
      '    [1.0, 2.0, 3.0],',
      '    [0.5, -1.0, 2.0],',
      '    [3.0, 0.0, -2.0],',
      '    [0.1, 0.2, 0.3],',
      '], requires_grad=True)',
      'target = torch.tensor([2, 0, 1, 2])',
      "criterion = torch.nn.CrossEntropyLoss(reduction='mean')",
      'loss = criterion(x, target)',
      'loss.backward()',
      'print(loss.detach())',
      'print(x.grad)',
    ]);
    // As PyTorch 1.13 printed it (scripts/cell-programs.json, batch-playground/default).
    expect(state.program.printed.split('\n')[0]).toBe('tensor(1.5515)');
    expect(state.error).toBeNull();
  });

  it("sums a 'none' loss before backward, and passes only the options that differ from the defaults", () => {
    const state = new BatchPlaygroundState({
      weight: [1, 2, 3],
      ignoreIndex: 1,
      labelSmoothing: 0.25,
      reduction: 'none',
    });
    expect(state.program.code).toContain(
      "criterion = torch.nn.CrossEntropyLoss(weight=weight, ignore_index=1, reduction='none', label_smoothing=0.25)",
    );
    expect(state.program.code).toContain('weight = torch.tensor([1.0, 2.0, 3.0])');
    expect(state.program.code).toContain('loss.sum().backward()');
  });

  it('adds and removes samples and classes within 1–16 and 2–8', () => {
    const state = new BatchPlaygroundState({ logits: [[0, 1]], targets: [1] });
    expect(state.canResize('sample', -1)).toBe(false);
    state.resize('sample', -1);
    expect(state.rows).toHaveLength(1);
    for (let i = 0; i < 20; i++) state.resize('sample', 1);
    expect(state.rows).toHaveLength(16);
    expect(state.canResize('sample', 1)).toBe(false);
    for (let i = 0; i < 10; i++) state.resize('class', 1);
    expect(state.classes).toBe(8);
    for (let i = 0; i < 10; i++) state.resize('class', -1);
    expect(state.classes).toBe(2);
    expect(state.rows[15]?.logits[1]?.name).toBe('logit of sample 15, class 1');
  });

  it('leaves the weights alone when a class is added, so PyTorch refuses their length', () => {
    const state = new BatchPlaygroundState({ weight: [1, 2, 3] });
    state.resize('class', 1);
    expect(state.program.printed).toBe(
      'RuntimeError: weight tensor should be defined either for all 4 classes or no classes but got weight tensor of shape: [3]',
    );
    state.resize('weight', 1);
    expect(state.evaluation.ok).toBe(true);
    state.setWeightsOn(false);
    expect(state.program.code).not.toContain('weight');
  });

  it('marks a row whose target equals ignore_index, and follows the field', () => {
    const state = new BatchPlaygroundState();
    state.ignoreIndexInput.set('0');
    expect(state.ignored).toEqual([false, true, false, false]);
    state.setTarget(1, '-100');
    state.ignoreIndexInput.set('-100');
    expect(state.ignored).toEqual([false, true, false, false]);
  });

  it('keeps the reader’s text and explains every bad field, computing with the last valid values', () => {
    const state = new BatchPlaygroundState();
    state.setLogit(0, 1, '2,5');
    state.setTarget(2, '1.5');
    state.smoothingInput.set('1.2');
    state.ignoreIndexInput.set('x');
    expect(state.rows[0]?.logits[1]?.text).toBe('2,5');
    expect(state.error).toBe(
      'logit of sample 0, class 1: “2,5” has a comma: write numbers with a decimal point and no thousands separator, e.g. 1000 or 0.5. Still using 2. ' +
        'target of sample 2 must be a whole number, got 1.5. Still using 1. ' +
        'ignore_index: “x” is not a number. Still using -100. ' +
        'label_smoothing ε must be at most 1, got 1.2. Still using 0.',
    );
    expect(state.setup.targets).toEqual([2, 0, 1, 2]);
    expect(state.evaluation.ok).toBe(true);
  });

  it('lists the whole table and every option for the printed caption', () => {
    const state = new BatchPlaygroundState({
      logits: [
        [1, -2],
        [0.5, 0],
      ],
      targets: [1, 0],
    });
    expect(state.parameters).toBe(
      'logits x = [(1, −2), (0.5, 0)], targets (1, 0), no class weights, ' +
        "ignore_index −100, label_smoothing 0, reduction 'mean'",
    );
    state.setWeightsOn(true);
    state.setWeight(1, '2');
    state.setTargetForm('float-index');
    state.setReduction('sum');
    state.smoothingInput.set('0.1');
    state.setLogit(1, 1, '3');
    expect(state.parameters).toBe(
      'logits x = [(1, −2), (0.5, 3)], targets (1, 0) as float, weight (1, 2), ' +
        "ignore_index −100, label_smoothing 0.1, reduction 'sum'",
    );
  });

  it('describes the state in one sentence', () => {
    const state = new BatchPlaygroundState({ weight: [1, 2, 3] });
    expect(state.summary).toBe(
      '4 samples × 3 classes, targets 2, 0, 1, 2, weights 1, 2, 3, ignore_index -100, label_smoothing 0, reduction mean: loss 1.3422',
    );
    state.setTarget(0, '5');
    expect(state.summary).toMatch(/PyTorch refuses it: IndexError: Target 5 is out of bounds\.$/);
  });

  it('rejects props a chapter should never pass', () => {
    expect(() => new BatchPlaygroundState({ logits: [[1, 2]], targets: [0, 1] })).toThrow(
      'BatchPlayground: targets must have 1 entries, one per row of logits, got 2',
    );
    expect(() => new BatchPlaygroundState({ weight: [1, 2] })).toThrow(
      'BatchPlayground: weight must have 3 entries, one per entry of classes, got 2',
    );
    expect(() => new BatchPlaygroundState({ labelSmoothing: 2 })).toThrow(
      'BatchPlayground: labelSmoothing must be a finite number in [0, 1], got 2',
    );
    expect(
      () =>
        new BatchPlaygroundState({
          logits: [
            [1, 2],
            [1, 2, 3],
          ],
          targets: [0, 0],
        }),
    ).toThrow('BatchPlayground: logits must have 1–16 rows of one length, got [2, 3]');
  });
});

describe('sharing the batch playground by link', () => {
  it('round-trips the whole table, targets, weights and options', () => {
    const changed = new BatchPlaygroundState({ weight: [1, 2, 3] });
    changed.resize('sample', 1);
    changed.setLogit(4, 2, '-7.25');
    changed.setTarget(4, '-100');
    changed.setReduction('sum');
    changed.smoothingInput.set('0.2');
    changed.setTargetForm('index');
    expectRoundTrip(
      changed,
      () => new BatchPlaygroundState(),
      (s) => s.program,
    );
    const refused = new BatchPlaygroundState();
    refused.setTargetForm('float-index');
    refused.resize('class', 1);
    expectRoundTrip(
      refused,
      () => new BatchPlaygroundState(),
      (s) => s.program,
    );
  });

  it('refuses a link whose parts do not fit together, changing nothing', () => {
    const state = new BatchPlaygroundState();
    const valid = state.shareState();
    expectRefused(
      state,
      { ...valid, t: '0,1' },
      '“t” must have 4 targets, one per row of “x”, got 2',
    );
    expectRefused(state, { ...valid, x: '1,2;3' }, '“x” must have 2–8 numbers, got 1');
    expectRefused(state, { ...valid, r: 'avg' }, '“r” must be one of none, sum, mean, got “avg”');
    expectRefused(state, { ...valid, t: '0,1,2,0.5' }, '“t” must be a whole number, got 0.5');
    expectRefused(state, { ...valid, s: '1.5' }, '“s” must be at most 1, got 1.5');
    expect(restoreLink(state, { ...valid, w: '2,2,2' })).toBeNull();
    expect(state.setup.weight).toEqual([2, 2, 2]);
  });

  it('survives hostile links', { timeout: 60_000 }, () => {
    expectHostileLinksHarmless(() => new BatchPlaygroundState(), {
      keys: ['x', 't', 'w', 'i', 's', 'r', 'f'],
      words: ['none', 'sum', 'mean', 'index', 'float-index'],
      outputs: (s) => [s.program, s.summary],
    });
  });
});
