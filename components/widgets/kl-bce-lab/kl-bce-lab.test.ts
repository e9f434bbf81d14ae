import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectClose } from '../../../src/loss/testing/expect-close';
import {
  expectHostileLinksHarmless,
  expectRefused,
  expectRoundTrip,
  restoreLink,
} from '../shared/shareable-testing';
import { batchLogits } from './helpers';
import {
  KlBceLabState,
  type BceResult,
  type LogInputResult,
  type ReductionResult,
} from './kl-bce-lab.svelte.ts';

// Every expected print below is PyTorch 1.13's own (Debian's python3-torch), from running the
// cell's program for that state (scripts/cell-programs-kl-bce-lab.ts lists more).

/** KL(softmax(v) ‖ softmax(o)) in float64, straight from the definition. */
function klByHand(o: readonly number[], v: readonly number[]): number {
  const soft = (x: readonly number[]) => {
    const m = Math.max(...x);
    const e = x.map((xi) => Math.exp(xi - m));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((ei) => ei / s);
  };
  const p = soft(v);
  const q = soft(o);
  return p.reduce((a, pj, j) => (pj === 0 ? a : a + pj * Math.log(pj / (q[j] as number))), 0);
}

const logInput = (s: KlBceLabState) => s.result as LogInputResult;
const reduction = (s: KlBceLabState) => s.result as ReductionResult;
const bce = (s: KlBceLabState) => s.result as BceResult;

describe('KlBceLabState: the printed caption', () => {
  it('names the gotcha shown and lists only its own inputs', () => {
    const state = new KlBceLabState({ student: [1, -2, 0.5], teacher: [0.5, 1.5, 2] });
    expect(state.parameters).toBe(
      'gotcha: softmax where log-softmax belongs; ' +
        'student logits o = (1, −2, 0.5), teacher logits v = (0.5, 1.5, 2)',
    );
    state.setScenario('mean-batchmean');
    state.setBatch('3');
    state.setClasses('5');
    expect(state.parameters).toBe("gotcha: 'mean' vs 'batchmean'; batch size N = 3, classes C = 5");
    state.setScenario('bce-clamp');
    state.setForgotSigmoid(true);
    expect(state.parameters).toBe(
      'gotcha: sigmoid + BCELoss vs BCEWithLogitsLoss; logit z = 20, target y = 0, ' +
        'sigmoid forgotten (z passed to BCELoss)',
    );
  });
});

describe('KlBceLabState: softmax where log-softmax belongs', () => {
  it('prints what PyTorch prints for the chapter’s logits: the right KL, a negative wrong one, and the definition', () => {
    const state = new KlBceLabState();
    expect(state.scenario).toBe('log-input');
    expect(state.program.printed).toBe('tensor(0.4533)\ntensor(-1.2660)\ntensor(0.4533)');
    expectClose(logInput(state).right, klByHand([1, 2, 0.5], [0.5, 1.5, 2]), {
      rtol: 1e-6,
      atol: 1e-7,
    });
    expect(logInput(state).wrong).toBeLessThan(0);
    expect(state.summary).toBe(
      'kl_div(log_softmax(o), p): value 0.4533, verdict right: log-probabilities in. kl_div(softmax(o), p): value −1.2660, verdict wrong: negative, which no KL divergence can be. Σ p (log p − log q): value 0.4533, verdict the true KL(p ‖ q).',
    );
  });

  it('with log-probabilities in, kl_div and the program’s definition both equal KL by hand, for any logits', () => {
    const logit = fc.double({ min: -20, max: 20, noNaN: true });
    fc.assert(
      fc.property(
        fc.array(logit, { minLength: 3, maxLength: 3 }),
        fc.array(logit, { minLength: 3, maxLength: 3 }),
        (o, v) => {
          const state = new KlBceLabState({ student: o, teacher: v });
          const exact = klByHand(state.student.map(Math.fround), state.teacher.map(Math.fround));
          const { right, trueKl } = logInput(state);
          expectClose(right, exact, { rtol: 1e-4, atol: 1e-5 });
          expectClose(trueKl, exact, { rtol: 1e-4, atol: 1e-5 });
          expect(right).toBeGreaterThanOrEqual(-1e-6);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps a bad logit’s text, explains it, and computes with the last valid value', () => {
    const state = new KlBceLabState();
    state.studentInputs[0]?.set('1,5');
    expect(state.studentInputs[0]?.text).toBe('1,5');
    expect(state.error).toMatch(/^student logit o₁: “1,5” has a comma/);
    expect(state.program.printed).toBe('tensor(0.4533)\ntensor(-1.2660)\ntensor(0.4533)');
    state.teacherInputs[2]?.set('101');
    expect(state.error).toContain('teacher logit v₃ must be at most 100, got 101.');
  });
});

describe("KlBceLabState: 'mean' against 'batchmean'", () => {
  it('prints what PyTorch prints for a 2 × 4 batch', () => {
    const state = new KlBceLabState({ scenario: 'mean-batchmean' });
    expect([state.batchInput.value, state.classInput.value]).toEqual([2, 4]);
    expect(state.program.printed).toBe('tensor(0.1289)\ntensor(0.5157)\ntensor(0.5157)');
    expect(state.summary).toContain("'mean': value 0.1289, divides by N·C = 8.");
    expect(state.summary).toContain("'batchmean' ÷ 'mean' = 4.0000: the factor C = 4.");
  });

  it('batchmean is the mean KL per sample, and mean is C times smaller, for every N and C', () => {
    for (let n = 1; n <= 8; n++) {
      for (let c = 2; c <= 8; c++) {
        const state = new KlBceLabState({ scenario: 'mean-batchmean' });
        state.setBatch(String(n));
        state.setClasses(String(c));
        const r = reduction(state);
        const { student, teacher } = batchLogits(n, c);
        const perSample = student.map((o, k) => klByHand(o, teacher[k] as number[]));
        const mean = perSample.reduce((a, b) => a + b, 0) / n;
        expectClose(r.batchmean, mean, { rtol: 1e-5, atol: 1e-6 });
        expectClose(r.trueKl, mean, { rtol: 1e-5, atol: 1e-6 });
        expectClose(r.batchmean / r.mean, c, { rtol: 1e-6, atol: 0 });
      }
    }
  });

  it('refuses a fractional or out-of-range N or C, keeping the text and the last whole value', () => {
    const state = new KlBceLabState({ scenario: 'mean-batchmean' });
    state.setBatch('2.5');
    expect(state.batchInput.text).toBe('2.5');
    expect(state.batchInput.value).toBe(2);
    expect(state.error).toBe('batch size N must be a whole number, got 2.5. Still using 2.');
    state.setClasses('9');
    expect(state.classInput.value).toBe(4);
    expect(state.error).toContain('classes C must be at most 8, got 9.');
    state.setBatch('3');
    state.setClasses('3');
    expect(state.error).toBeNull();
    expect(reduction(state).n * reduction(state).c).toBe(9);
  });
});

describe('KlBceLabState: sigmoid + BCELoss against BCEWithLogitsLoss', () => {
  const at = (z: number, target: number, forgot = false) => {
    const state = new KlBceLabState({ scenario: 'bce-clamp', z, target });
    state.setForgotSigmoid(forgot);
    return state;
  };

  it('at z = 20, y = 0: sigmoid(z) is exactly 1, BCELoss clamps at 100 with no gradient', () => {
    const state = at(20, 0);
    expect(state.program.printed.split('\n')).toEqual([
      'tensor(20.)',
      'tensor([1.])',
      'tensor([1.])',
      'tensor(100.)',
      'tensor([0.])',
    ]);
    expect(bce(state)).toMatchObject({ p: 1, clamped: true, gradientLost: true });
  });

  it('at z = 16, y = 0 BCELoss is already off, by the bits 1 − p lost; at z = −50, y = 1 the loss agrees but the gradient has vanished', () => {
    expect(at(16, 0).program.printed.split('\n')).toEqual([
      'tensor(16.)',
      'tensor([1.0000])',
      'tensor([1.0000])',
      'tensor(15.9424)',
      'tensor([1.0000])',
    ]);
    expect(bce(at(16, 0))).toMatchObject({ clamped: false, gradientLost: false });
    expect(at(16, 0).view.note).toContain(
      'In float32, 1 − p keeps only a few significant bits here, so BCELoss is already off by 0.0576.',
    );
    expect(at(-50, 1).view.note).not.toContain('already off');
    expect(at(-50, 1).program.printed.split('\n')).toEqual([
      'tensor(50.)',
      'tensor([-1.])',
      'tensor([1.9287e-22])',
      'tensor(50.)',
      'tensor([-1.9287e-10])',
    ]);
    expect(bce(at(-50, 1))).toMatchObject({ clamped: false, gradientLost: true });
  });

  it('at z = −104, y = 1: sigmoid(z) is exactly 0 and BCELoss says 100 where the loss is 104', () => {
    const r = bce(at(-104, 1));
    expect(r.p).toBe(0);
    expect(r.withLogits.loss).toBe(104);
    expect(r.bce).toEqual({ ok: true, loss: 100, grad: -0 });
    expect(r.clamped).toBe(true);
  });

  it('BCEWithLogitsLoss’s gradient is σ(z) − y, checked by central differences of its loss', () => {
    for (const z of [-6, -1.5, 0, 0.5, 3, 7]) {
      for (const y of [0, 0.25, 1]) {
        const h = 1e-2;
        const loss = (x: number) => bce(at(x, y)).withLogits.loss;
        const numeric = (loss(z + h) - loss(z - h)) / (2 * h);
        expectClose(bce(at(z, y)).withLogits.grad, numeric, { rtol: 1e-3, atol: 1e-3 });
        expectClose(bce(at(z, y)).withLogits.grad, 1 / (1 + Math.exp(-z)) - y, {
          rtol: 1e-5,
          atol: 1e-6,
        });
      }
    }
  });

  it('with the sigmoid forgotten, a logit outside [0, 1] gives PyTorch’s RuntimeError line', () => {
    const state = at(20, 0, true);
    expect(state.program.printed.split('\n')).toEqual([
      'tensor(20.)',
      'tensor([1.])',
      'RuntimeError: all elements of input should be between 0 and 1',
    ]);
    expect(bce(state).bce).toEqual({
      ok: false,
      error: 'RuntimeError: all elements of input should be between 0 and 1',
    });
    expect(state.summary).toBe(
      'BCEWithLogitsLoss: ℓ 20.0000, ∂ℓ/∂z 1.0000. BCELoss on z: ℓ raises, ∂ℓ/∂z RuntimeError: all elements of input should be between 0 and 1.',
    );
    expect(at(0.7, 1, true).program.printed.split('\n').slice(2)).toEqual([
      'tensor(0.3567)',
      'tensor([-1.4286])',
    ]);
  });

  it('refuses a target outside [0, 1] in its field and keeps computing with the last one', () => {
    const state = at(20, 0);
    state.targetInput.set('2');
    expect(state.error).toBe('target y must be at most 1, got 2. Still using 0.');
    expect(state.program.printed.split('\n')[3]).toBe('tensor(100.)');
  });
});

describe('KlBceLabState props', () => {
  it('rejects bad props with the widget, the prop and what was wrong', () => {
    expect(() => new KlBceLabState({ scenario: 'other' as never })).toThrow(
      "KlBceLab: scenario must be one of 'log-input', 'mean-batchmean', 'bce-clamp', got 'other'",
    );
    expect(() => new KlBceLabState({ student: [1, 2] })).toThrow(
      'KlBceLab: teacher must have 2 entries, one per entry of student, got 3',
    );
    expect(() => new KlBceLabState({ z: 500 })).toThrow(
      'KlBceLab: z must be a finite number in [-120, 120], got 500',
    );
    expect(() => new KlBceLabState({ target: -0.5 })).toThrow(
      'KlBceLab: target must be a finite number in [0, 1], got -0.5',
    );
    expect(() => new KlBceLabState({ cellId: 'Bad Id' })).toThrow(/KlBceLab: cellId must/);
    expect(new KlBceLabState().width).toBe('page');
    expect(new KlBceLabState({ cellId: 'kl-bce-lab-bce' }).cellId).toBe('kl-bce-lab-bce');
  });
});

describe('KlBceLabState shared by link', () => {
  const outputs = (s: KlBceLabState) => [s.scenario, s.program];

  it('round-trips each scenario with its inputs', () => {
    const log = new KlBceLabState();
    log.studentInputs[1]?.set('-3.25');
    expectRoundTrip(log, () => new KlBceLabState(), outputs);
    const mean = new KlBceLabState();
    mean.setScenario('mean-batchmean');
    mean.setBatch('5');
    mean.setClasses('7');
    expectRoundTrip(mean, () => new KlBceLabState(), outputs);
    const binary = new KlBceLabState();
    binary.setScenario('bce-clamp');
    binary.zInput.set('-33.5');
    binary.targetInput.set('0.75');
    binary.setForgotSigmoid(true);
    expectRoundTrip(binary, () => new KlBceLabState(), outputs);
  });

  it('applies a good link through the fields', () => {
    const state = new KlBceLabState();
    state.zInput.set('oops');
    const link = { v: 'bce', o: '1,2,3', t: '0,0,0', n: '3', c: '5', z: '-40', y: '1', raw: '0' };
    expect(restoreLink(state, link)).toBeNull();
    expect(state.scenario).toBe('bce-clamp');
    expect(state.zInput.text).toBe('-40');
    expect(state.error).toBeNull();
    expect(state.student).toEqual([1, 2, 3]);
    expect([state.batchInput.value, state.classInput.value]).toEqual([3, 5]);
  });

  it('refuses bad links with a message naming the problem, changing nothing', () => {
    const state = new KlBceLabState();
    const good = { v: 'log', o: '1,2,3', t: '0,0,0', n: '3', c: '5', z: '-40', y: '1', raw: '0' };
    expectRefused(state, { ...good, v: 'kl' }, '“v” must be one of log, mean, bce, got “kl”');
    expectRefused(state, { ...good, o: '1,2' }, '“o” must have 3–3 numbers, got 2');
    expectRefused(state, { ...good, t: '0,0,101' }, '“t” must be at most 100, got 101');
    expectRefused(state, { ...good, n: '2.5' }, '“n” must be a whole number, got 2.5');
    expectRefused(state, { ...good, c: '1' }, '“c” must be at least 2, got 1');
    expectRefused(state, { ...good, z: 'NaN' }, '“z”: “NaN” is not a number');
    expectRefused(state, { ...good, y: '1.5' }, '“y” must be at most 1, got 1.5');
    expectRefused(state, { ...good, raw: 'yes' }, '“raw” must be one of 0, 1, got “yes”');
    const lacking: Partial<typeof good> = { ...good };
    delete lacking.raw;
    expectRefused(state, lacking, 'it lacks “raw”');
  });

  it('survives hostile links: never throws, and a refused one changes nothing', () => {
    expectHostileLinksHarmless(() => new KlBceLabState(), {
      keys: ['v', 'o', 't', 'n', 'c', 'z', 'y', 'raw'],
      words: ['log', 'mean', 'bce', '0', '1'],
      outputs: (s) => [s.program, s.summary, s.error],
      numRuns: 150,
    });
  }, 30_000);
});
