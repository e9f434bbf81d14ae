import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  distributionCrossEntropy,
  entropy,
  klDivergence,
  tensor,
  toArray,
} from '../../../src/loss/index';
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
import { DistributionExplorerState } from './distribution-explorer.svelte.ts';

const bits = { base: 2 };
/** The tests below start from p = (½, ¼, ⅛, ⅛) and a uniform q, whose powers of two read well. */
const UNIFORM_Q = { p: [0.5, 0.25, 0.125, 0.125], q: [0.25, 0.25, 0.25, 0.25] };
const scalar = (t: ReturnType<typeof entropy>) => toArray(t) as number;

describe('DistributionExplorerState', () => {
  it('starts by default from a pair whose two KL divergences differ: 0.625 and 0.5 bits', () => {
    const { klPQ, klQP } = new DistributionExplorerState().information;
    expect(klPQ).toBeCloseTo(0.625, 14);
    expect(klQP).toBeCloseTo(0.5, 14);
  });

  it('starts from p and q, with the core’s numbers, which satisfy H(p, q) = H(p) + D_KL(p‖q)', () => {
    const state = new DistributionExplorerState(UNIFORM_Q);
    const p = tensor([0.5, 0.25, 0.125, 0.125]);
    const q = tensor([0.25, 0.25, 0.25, 0.25]);
    expect(state.unit).toBe('bits');
    expect(state.p.distribution).toEqual([0.5, 0.25, 0.125, 0.125]);
    expect(state.q.distribution).toEqual([0.25, 0.25, 0.25, 0.25]);
    const info = state.information;
    expect(info.entropy).toBe(scalar(entropy(p, bits)));
    expect(info.crossEntropy).toBe(scalar(distributionCrossEntropy(p, q, bits)));
    expect(info.klPQ).toBe(scalar(klDivergence(p, q, bits)));
    expect(info.klQP).toBe(scalar(klDivergence(q, p, bits)));
    // In bits the powers of two give round numbers (to rounding: the core scales nats by 1/ln 2).
    [1.75, 2, 0.25, 0.25].forEach((expected, k) =>
      expect([info.entropy, info.crossEntropy, info.klPQ, info.klQP][k]).toBeCloseTo(expected, 14),
    );
    expect(Math.abs(info.crossEntropy - (info.entropy + info.klPQ))).toBeLessThanOrEqual(1e-12);
    expect(state.error).toBeNull();
    expect(state.crossReason).toBeNull();
    expect(state.reverseReason).toBeNull();
  });

  it('keeps the identity to 1e-12 for distributions that are not powers of two', () => {
    const state = new DistributionExplorerState({ p: [0.7, 0.2, 0.1], q: [0.3, 0.3, 0.4] });
    state.setUnit('nats');
    const { entropy: h, crossEntropy: hpq, klPQ } = state.information;
    expect(Math.abs(hpq - (h + klPQ))).toBeLessThanOrEqual(1e-12);
    expect(klPQ).toBeGreaterThan(0);
  });

  it('shows its PyTorch program and what it prints, and describes its state in one sentence', () => {
    const state = new DistributionExplorerState(UNIFORM_Q);
    expect(state.program.code.split('\n')).toEqual([
      'import math',
      'import torch',
      '',
      'p = torch.tensor([0.5, 0.25, 0.125, 0.125], dtype=torch.float64)',
      'q = torch.tensor([0.25, 0.25, 0.25, 0.25], dtype=torch.float64)',
      'bits = math.log(2)  # nats per bit',
      'H_p = torch.special.entr(p).sum() / bits',
      'H_pq = -torch.special.xlogy(p, q).sum() / bits',
      'KL_pq = (torch.special.xlogy(p, p) - torch.special.xlogy(p, q)).sum() / bits',
      'KL_qp = (torch.special.xlogy(q, q) - torch.special.xlogy(q, p)).sum() / bits',
      "print(f'H(p)       = {H_p:.4f} bits')",
      "print(f'H(p, q)    = {H_pq:.4f} bits')",
      "print(f'D_KL(p||q) = {KL_pq:.4f} bits')",
      "print(f'D_KL(q||p) = {KL_qp:.4f} bits')",
    ]);
    expect(state.program.printed.split('\n')).toEqual([
      'H(p)       = 1.7500 bits',
      'H(p, q)    = 2.0000 bits',
      'D_KL(p||q) = 0.2500 bits',
      'D_KL(q||p) = 0.2500 bits',
    ]);
    expect(state.summary).toBe(
      'Over 4 outcomes, p = (0.5, 0.25, 0.125, 0.125) and q = (0.25, 0.25, 0.25, 0.25) give ' +
        'H(p) = 1.7500 bits, H(p, q) = 2.0000 bits, KL(p‖q) = 0.2500 bits and KL(q‖p) = 0.2500 bits.',
    );
  });

  it('lists the weights in use as typed, and the unit, for the printed caption', () => {
    const state = new DistributionExplorerState({ p: [0.5, 0.5], q: [0.5, 0.5] });
    state.setText('p', 0, '0.7');
    state.setUnit('nats');
    expect(state.parameters).toBe('weights p = (0.7, 0.5) and q = (0.5, 0.5), unit nats');
    state.setText('q', 1, '-1');
    expect(state.parameters).toBe('weights p = (0.7, 0.5) and q = (0.5, 0.5), unit nats');
  });

  it('renormalises typed entries, says so, and hands the core the divided values', () => {
    const state = new DistributionExplorerState({ p: [0.5, 0.5], q: [0.5, 0.5] });
    expect(state.p.note).toBe('p sums to 1.');
    state.setText('p', 0, '0.7');
    expect(state.p.fields.map((f) => f.text)).toEqual(['0.7', '0.5']);
    expect(state.p.weights).toEqual([0.7, 0.5]);
    expect(state.p.note).toBe("p's entries sum to 1.2; using each divided by 1.2.");
    expect(state.p.distribution[0]).toBeCloseTo(0.7 / 1.2, 15);
    expect(state.p.distribution[1]).toBeCloseTo(0.5 / 1.2, 15);
    const p = tensor([...state.p.distribution]);
    expect(state.information.entropy).toBe(scalar(entropy(p, bits)));
    expect(state.program.code).toContain(
      'p = torch.tensor([0.5833333333333334, 0.4166666666666667], dtype=torch.float64)',
    );
    expect(state.error).toBeNull();
  });

  it('takes a typed entry as that entry’s text alone', () => {
    const state = new DistributionExplorerState({ p: [0.5, 0.5], q: [0.5, 0.5] });
    state.setText('q', 1, '0.25');
    expect(state.q.fields.map((f) => f.text)).toEqual(['0.5', '0.25']);
    expect(state.q.note).toBe("q's entries sum to 0.75; using each divided by 0.75.");
    expect(state.q.distribution[0]).toBeCloseTo(2 / 3, 15);
  });

  it('takes a dragged bar or a slider as a probability: every field then shows what the table shows', () => {
    const state = new DistributionExplorerState(UNIFORM_Q);
    state.setProbability('q', 0, 0.5);
    expect(state.q.fields.map((f) => f.text)).toEqual(['0.5', '0.1667', '0.1667', '0.1666']);
    expect(state.q.note).toBe('q sums to 1.');
    state.q.fields.forEach((field, i) =>
      expect(state.q.distribution[i]!.toFixed(4)).toBe(Number(field.text).toFixed(4)),
    );
    expect(state.p.fields.map((f) => f.text)).toEqual(['0.5', '0.25', '0.125', '0.125']);
    state.setProbability('p', 3, 0);
    expect(state.p.distribution[3]).toBe(0);
    expect(state.p.fields.map((f) => f.text)).toEqual(['0.5714', '0.2857', '0.1429', '0']);
    expect(Number.isFinite(state.information.klPQ)).toBe(true);
    expect(state.information.klQP).toBe(Infinity);
    expect(state.error).toBeNull();
  });

  it('rescales after a drag from entries that did not sum to 1, so field and table agree again', () => {
    const state = new DistributionExplorerState({ p: [1, 1, 2], q: [1, 1, 1] });
    expect(state.p.note).toBe("p's entries sum to 4; using each divided by 4.");
    state.setProbability('p', 1, 0.0395);
    expect(state.p.fields.map((f) => f.text)).toEqual(['0.3202', '0.0395', '0.6403']);
    expect(state.p.distribution.map((v) => v.toFixed(4))).toEqual(['0.3202', '0.0395', '0.6403']);
  });

  it('gives the same quantities in bits and nats, in the ratio ln 2', () => {
    const state = new DistributionExplorerState({ p: [0.7, 0.2, 0.1], q: [0.3, 0.3, 0.4] });
    const inBits = state.information;
    state.setUnit('nats');
    const inNats = state.information;
    expect(state.unit).toBe('nats');
    expect(inNats.entropy / inBits.entropy).toBeCloseTo(Math.LN2, 14);
    expect(inNats.crossEntropy / inBits.crossEntropy).toBeCloseTo(Math.LN2, 14);
    expect(inNats.klPQ / inBits.klPQ).toBeCloseTo(Math.LN2, 14);
    expect(inNats.klQP / inBits.klQP).toBeCloseTo(Math.LN2, 14);
    expect(state.program.code).not.toContain('bits');
    expect(state.summary).toContain(' nats');
  });

  it('gives ∞ and says why when q is 0 where p is not', () => {
    const state = new DistributionExplorerState(UNIFORM_Q);
    state.setText('q', 1, '0');
    const info = state.information;
    expect(info.crossEntropy).toBe(Infinity);
    expect(info.klPQ).toBe(Infinity);
    expect(Number.isFinite(info.entropy)).toBe(true);
    expect(Number.isFinite(info.klQP)).toBe(true);
    expect(state.crossReason).toBe(
      'q₂ = 0 where p₂ > 0, so H(p, q) and KL(p‖q) are ∞: q calls impossible what p says can happen.',
    );
    expect(state.reverseReason).toBeNull();
    expect(state.show(info.crossEntropy)).toBe('∞');
    expect(state.summary).toContain('H(p, q) = ∞, KL(p‖q) = ∞ and KL(q‖p) = ');
    expect(state.error).toBeNull();
  });

  it('gives ∞ for D_KL(q‖p) alone when p is 0 where q is not', () => {
    const state = new DistributionExplorerState(UNIFORM_Q);
    state.setText('p', 3, '0');
    expect(state.information.klQP).toBe(Infinity);
    expect(Number.isFinite(state.information.crossEntropy)).toBe(true);
    expect(state.reverseReason).toBe(
      'p₄ = 0 where q₄ > 0, so KL(q‖p) is ∞: p calls impossible what q says can happen.',
    );
    expect(state.crossReason).toBeNull();
  });

  it('names every field as the formulas do: p₁ … and q₁ …', () => {
    const state = new DistributionExplorerState({ p: [1, 1, 1] });
    expect(state.p.fields.map((f) => f.name)).toEqual(['p₁', 'p₂', 'p₃']);
    state.addOutcome();
    expect(state.q.fields.map((f) => f.name)).toEqual(['q₁', 'q₂', 'q₃', 'q₄']);
  });

  it('keeps the reader’s text and the last value when a field is not a weight, naming the field', () => {
    const state = new DistributionExplorerState(UNIFORM_Q);
    const before = state.information;
    state.setText('q', 1, '0.3x');
    expect(state.q.fields.map((f) => f.text)[1]).toBe('0.3x');
    expect(state.q.weights[1]).toBe(0.25);
    expect(state.q.fields[1]?.error).not.toBeNull();
    expect(state.information).toEqual(before);
    expect(state.error).toBe('q₂: “0.3x” is not a number. Still using 0.25.');
    state.setText('q', 1, '-0.1');
    expect(state.error).toBe('q₂ must be at least 0, got -0.1. Still using 0.25.');
    state.setText('p', 0, '');
    expect(state.error).toBe(
      'p₁ is empty: type a number. Still using 0.5. q₂ must be at least 0, got -0.1. Still using 0.25.',
    );
    state.setText('q', 1, '0.25');
    state.setText('p', 0, '0.5');
    expect(state.error).toBeNull();
    expect(state.information).toEqual(before);
  });

  it('keeps the last valid distribution, with a message, when every weight is 0', () => {
    const state = new DistributionExplorerState(UNIFORM_Q);
    ['0', '0', '0'].forEach((text, i) => state.setText('p', i, text));
    expect(state.p.distribution).toEqual([0, 0, 0, 1]);
    expect(state.error).toBeNull();
    state.setText('p', 3, '0');
    expect(state.p.fields.map((f) => f.text)).toEqual(['0', '0', '0', '0']);
    expect(state.p.distribution).toEqual([0, 0, 0, 1]);
    expect(state.error).toBe(
      "All of p's weights are 0: give at least one outcome a positive weight. Still using p = (0, 0, 0, 1).",
    );
    expect(state.information.entropy).toBe(0);
    state.setText('p', 1, '2');
    expect(state.error).toBeNull();
    expect(state.p.distribution).toEqual([0, 1, 0, 0]);
  });

  it('adds outcomes of weight 0 to p and q together, up to 8', () => {
    const state = new DistributionExplorerState({ ...UNIFORM_Q, labels: ['a', 'b', 'c', 'd'] });
    const before = state.information;
    state.addOutcome();
    expect(state.count).toBe(5);
    expect(state.p.distribution).toEqual([0.5, 0.25, 0.125, 0.125, 0]);
    expect(state.q.distribution).toEqual([0.25, 0.25, 0.25, 0.25, 0]);
    expect(state.p.fields.map((f) => f.text)[4]).toBe('0');
    expect(state.labels).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(state.information.entropy).toBe(before.entropy);
    expect(state.information.klPQ).toBe(before.klPQ);
    state.setText('p', 4, '0.5');
    expect(state.information.crossEntropy).toBe(Infinity);
    state.addOutcome();
    state.addOutcome();
    state.addOutcome();
    expect(state.count).toBe(8);
    expect(state.canAdd).toBe(false);
    state.addOutcome();
    expect(state.count).toBe(8);
    expect(state.q.fields.map((f) => f.text)).toHaveLength(8);
  });

  it('removes the last outcome from p and q together, down to 2', () => {
    const state = new DistributionExplorerState(UNIFORM_Q);
    state.removeOutcome();
    expect(state.count).toBe(3);
    expect(state.p.weights).toEqual([0.5, 0.25, 0.125]);
    expect(state.p.note).toBe("p's entries sum to 0.875; using each divided by 0.875.");
    expect(state.q.distribution).toEqual([0.25 / 0.75, 0.25 / 0.75, 0.25 / 0.75]);
    state.removeOutcome();
    expect(state.count).toBe(2);
    expect(state.canRemove).toBe(false);
    state.removeOutcome();
    expect(state.count).toBe(2);
    expect(state.labels).toEqual(['a', 'b']);
    expect(state.p.distribution).toEqual([2 / 3, 1 / 3]);
  });

  it('refuses to remove an outcome that holds all of p’s weight, until the next change', () => {
    const state = new DistributionExplorerState({ p: [0, 0, 1] });
    state.removeOutcome();
    expect(state.count).toBe(3);
    expect(state.error).toBe("Cannot remove c: it holds all of p's weight.");
    state.setText('p', 0, '1');
    expect(state.error).toBeNull();
    state.removeOutcome();
    expect(state.count).toBe(2);
    expect(state.p.distribution).toEqual([1, 0]);
  });

  it('drops a bad field’s message with its outcome', () => {
    const state = new DistributionExplorerState(UNIFORM_Q);
    state.setText('q', 3, 'oops');
    expect(state.error).not.toBeNull();
    state.removeOutcome();
    expect(state.error).toBeNull();
  });

  it('rejects props a chapter should never pass', () => {
    expect(() => new DistributionExplorerState({ p: [1] })).toThrow(
      'DistributionExplorer: p must have 2–8 entries, got 1',
    );
    expect(() => new DistributionExplorerState({ q: [0.5, -0.5] })).toThrow(
      'DistributionExplorer: q[1] must be a finite number ≥ 0, got -0.5',
    );
    expect(() => new DistributionExplorerState({ p: [0.5, 0.5], q: [1, 0, 0] })).toThrow(
      'DistributionExplorer: q must have 2 entries, one per entry of p, got 3',
    );
    expect(() => new DistributionExplorerState({ labels: ['a', 'b'] })).toThrow(
      'DistributionExplorer: labels must have 4 entries, one per entry of p, got 2',
    );
    expect(() => new DistributionExplorerState({ q: [0, 0] })).toThrow(
      'DistributionExplorer: q must have weights with a positive, finite total, got [0, 0]',
    );
    expect(() => new DistributionExplorerState({ p: [1e308, 1e308] })).toThrow(
      'DistributionExplorer: p must have weights with a positive, finite total, got [1e+308, 1e+308]',
    );
    expect(() => new DistributionExplorerState({ p: [1], q: [1] })).toThrow(
      'DistributionExplorer: p must have 2–8 entries, got 1',
    );
    expect(() => new DistributionExplorerState({ p: [0.5, Infinity] })).toThrow(
      'DistributionExplorer: p[1] must be a finite number ≥ 0, got Infinity',
    );
    expect(() => new DistributionExplorerState({ width: 'full' as unknown as 'page' })).toThrow(
      "DistributionExplorer: width must be one of 'body', 'page', 'screen', got 'full'",
    );
  });

  it('leaves a performance measure for each recompute', () => {
    performance.clearMeasures('recompute:distribution-explorer');
    const state = new DistributionExplorerState(UNIFORM_Q);
    expect(Number.isFinite(state.information.entropy)).toBe(true);
    state.setText('p', 0, '1');
    expect(Number.isFinite(state.information.entropy)).toBe(true);
    expect(performance.getEntriesByName('recompute:distribution-explorer')).toHaveLength(2);
  });
});

describe('DistributionExplorerState shared by link', () => {
  const outputs = (s: DistributionExplorerState) => [
    s.count,
    s.labels,
    s.p.distribution,
    s.q.distribution,
    s.p.note,
    s.q.note,
    s.information,
    s.crossReason,
    s.reverseReason,
    s.program,
    s.summary,
  ];

  it('shares the weights p and q in use and the unit u', () => {
    expect(new DistributionExplorerState().cellId).toBe('distribution-explorer');
    expect(new DistributionExplorerState(UNIFORM_Q).shareState()).toEqual({
      p: '0.5,0.25,0.125,0.125',
      q: '0.25,0.25,0.25,0.25',
      u: 'bits',
    });
  });

  it('restores what the reader changed into a fresh cell, outcomes added or removed: same state, same outputs', () => {
    const changed = new DistributionExplorerState({ ...UNIFORM_Q, labels: ['a', 'b', 'c', 'd'] });
    changed.setText('p', 0, '3');
    changed.addOutcome();
    changed.addOutcome();
    changed.setText('q', 5, '0.7');
    changed.setProbability('q', 1, 0.1);
    changed.setText('p', 2, '0'); // q > 0 where p = 0: KL(q‖p) is infinite
    changed.setText('q', 0, 'oops'); // a bad field shares its last valid weight
    changed.setUnit('nats');
    const fresh = () =>
      new DistributionExplorerState({ ...UNIFORM_Q, labels: ['a', 'b', 'c', 'd'] });
    expectRoundTrip(changed, fresh, outputs);
    const fewer = new DistributionExplorerState(UNIFORM_Q);
    fewer.removeOutcome();
    fewer.removeOutcome();
    expectRoundTrip(fewer, () => new DistributionExplorerState(UNIFORM_Q), outputs);
  });

  it('applies a good link as fresh fields, clearing old messages', () => {
    const state = new DistributionExplorerState(UNIFORM_Q);
    state.setText('p', 0, 'x');
    state.removeOutcome();
    expect(restoreLink(state, { p: '1,1', q: '0,2', u: 'nats' })).toBeNull();
    expect(state.error).toBeNull();
    expect(state.count).toBe(2);
    expect(state.p.fields.map((f) => f.text)).toEqual(['1', '1']);
    expect(state.p.note).toBe("p's entries sum to 2; using each divided by 2.");
    expect(state.q.distribution).toEqual([0, 1]);
    expect(state.information.crossEntropy).toBe(Infinity);
    expect(state.unit).toBe('nats');
  });

  it('refuses bad links with a message naming the problem, changing nothing', () => {
    const state = new DistributionExplorerState(UNIFORM_Q);
    const good = { p: '1,1,1', q: '1,2,1', u: 'bits' };
    expectRefused(state, { ...good, p: '1' }, '“p” must have 2–8 numbers, got 1');
    expectRefused(state, { ...good, q: '1,1,1,1,1,1,1,1,1' }, '“q” must have 2–8 numbers, got 9');
    expectRefused(state, { ...good, q: '1,2' }, '“q” must have as many weights as “p” (3), got 2');
    expectRefused(state, { ...good, p: '1,-1,1' }, '“p” must be at least 0, got -1');
    expectRefused(
      state,
      { ...good, q: '0,0,0' },
      "“q”: All of q's weights are 0: give at least one outcome a positive weight",
    );
    expectRefused(
      state,
      { ...good, p: '1e308,1e308,0' },
      "“p”: p's weights add up to more than the largest number there is: make them smaller",
    );
    expectRefused(state, { ...good, u: 'bans' }, '“u” must be one of bits, nats, got “bans”');
    expectRefused(state, { p: good.p, q: good.q }, 'it lacks “u”');
  });

  it(
    'accepts every link of 2–8 outcomes within the fields’ limits, and it round-trips',
    () => {
      const weights = (n: number) =>
        fc
          .array(linkNumber(0, 1e300), { minLength: n, maxLength: n })
          .filter((w) => w.some((v) => v > 0) && Number.isFinite(w.reduce((a, b) => a + b, 0)))
          .map(encodeNumbers);
      const links = fc
        .integer({ min: 2, max: 8 })
        .chain((n) =>
          fc.record({ p: weights(n), q: weights(n), u: fc.constantFrom('bits', 'nats') }),
        );
      expectValidLinksAccepted(() => new DistributionExplorerState(UNIFORM_Q), links, outputs);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'survives hostile links: never throws, and a refused one changes nothing',
    () => {
      expectHostileLinksHarmless(() => new DistributionExplorerState(UNIFORM_Q), {
        keys: ['p', 'q', 'u'],
        words: ['bits', 'nats'],
        outputs,
      });
    },
    PROPERTY_TIMEOUT,
  );
});
