import { describe, expect, it } from 'vitest';
import { entropy, LossError, tensor } from '../../../src/loss/index';
import {
  DEFAULT_P,
  DEFAULT_Q,
  defaultLabel,
  formatInformation,
  identityScale,
  identitySegments,
  infinityReason,
  informationCall,
  MAX_DRAGGED_PROBABILITY,
  missingSupport,
  normalise,
  renormalisationNote,
  resolveDistributions,
  unitOptions,
  weightForProbability,
} from './helpers';

/** The numbers inside each tensor([…]) literal of a displayed call. */
function tensorsIn(call: string): number[][] {
  return [...call.matchAll(/tensor\(\[([^\]]*)\]\)/g)].map((m) => m[1]!.split(', ').map(Number));
}

describe('normalise', () => {
  it('divides weights by their total', () => {
    expect(normalise('p', [0.6, 0.6])).toEqual({ ok: true, distribution: [0.5, 0.5] });
    expect(normalise('q', [1, 3])).toEqual({ ok: true, distribution: [0.25, 0.75] });
  });

  it('explains all-zero and overflowing weights by the distribution’s name', () => {
    expect(normalise('p', [0, 0, 0])).toEqual({
      ok: false,
      message: "All of p's weights are 0: give at least one outcome a positive weight.",
    });
    expect(normalise('q', [1e308, 1e308])).toEqual({
      ok: false,
      message: "q's weights add up to more than the largest number there is: make them smaller.",
    });
  });
});

describe('weightForProbability', () => {
  it('solves w / (w + others) = target, leaving the other weights alone', () => {
    const weights = [0.5, 0.25, 0.125, 0.125];
    for (const target of [0, 0.1, 0.25, 0.6, 0.9]) {
      const w = weightForProbability(weights, 1, target);
      const p = normalise('p', weights.with(1, w));
      expect(p.ok && p.distribution[1]).toBeCloseTo(target, 2);
    }
    expect(weightForProbability([1, 1], 0, 0.5)).toBe(1);
    expect(weightForProbability([1, 3], 1, 0.25)).toBeCloseTo(1 / 3, 2);
  });

  it('rounds to three significant digits so the field stays readable', () => {
    expect(weightForProbability([1, 1, 1], 0, 0.3)).toBe(0.857);
  });

  it('clamps targets outside [0, 0.99]: the other outcomes keep some probability', () => {
    expect(weightForProbability([1, 1], 0, -0.5)).toBe(0);
    expect(weightForProbability([1, 1], 0, 1.7)).toBe(
      Number(((MAX_DRAGGED_PROBABILITY * 1) / (1 - MAX_DRAGGED_PROBABILITY)).toPrecision(3)),
    );
  });

  it('keeps a lone weighted outcome positive, since it holds everything whatever its weight', () => {
    expect(weightForProbability([0.4, 0, 0], 0, 0.2)).toBe(0.4);
    expect(weightForProbability([0, 0, 0], 2, 0)).toBe(1);
  });
});

describe('renormalisationNote', () => {
  it('says when the weights are divided, and by what', () => {
    expect(renormalisationNote('p', 0.6 + 0.6)).toBe(
      "p's weights sum to 1.2; using them divided by 1.2.",
    );
    expect(renormalisationNote('q', 0.5)).toBe(
      "q's weights sum to 0.5; using them divided by 0.5.",
    );
  });

  it('says nothing is divided when the total is 1 up to rounding noise', () => {
    expect(renormalisationNote('p', 0.1 + 0.2 + 0.7)).toBe("p's weights sum to 1.");
  });
});

describe('formatting', () => {
  it('shows information with 4 decimals and its unit, and ∞ alone', () => {
    expect(formatInformation(1.75, 'bits')).toBe('1.7500 bits');
    expect(formatInformation(Math.LN2, 'nats')).toBe('0.6931 nats');
    expect(formatInformation(Infinity, 'bits')).toBe('∞');
  });

  it('names outcomes x₁, x₂, … by default', () => {
    expect(defaultLabel(0)).toBe('x₁');
    expect(defaultLabel(7)).toBe('x₈');
  });

  it('asks the core for bits with base 2 and for nats with its default', () => {
    expect(unitOptions('bits')).toEqual({ base: 2 });
    expect(unitOptions('nats')).toEqual({});
  });
});

describe('informationCall', () => {
  it('shows the four core calls with the distributions, one a line', () => {
    expect(informationCall(DEFAULT_P, DEFAULT_Q, 'bits')).toBe(
      [
        'entropy(tensor([0.5, 0.25, 0.125, 0.125]), { base: 2 })',
        'distributionCrossEntropy(tensor([0.5, 0.25, 0.125, 0.125]), tensor([0.25, 0.25, 0.25, 0.25]), { base: 2 })',
        'klDivergence(tensor([0.5, 0.25, 0.125, 0.125]), tensor([0.25, 0.25, 0.25, 0.25]), { base: 2 })',
        'klDivergence(tensor([0.25, 0.25, 0.25, 0.25]), tensor([0.5, 0.25, 0.125, 0.125]), { base: 2 })',
      ].join('\n'),
    );
    expect(informationCall([0.5, 0.5], [0.9, 0.1], 'nats').split('\n')[2]).toBe(
      'klDivergence(tensor([0.5, 0.5]), tensor([0.9, 0.1]))',
    );
  });

  it('rounds to 6 significant digits when the rounded values still sum to 1', () => {
    const call = informationCall([0.2, 0.3, 0.5], [1 / 7, 2 / 7, 4 / 7], 'bits');
    expect(tensorsIn(call)[2]).toEqual([0.142857, 0.285714, 0.571429]);
  });

  it('adds a digit when 6 would make a call the core refuses, so a pasted call runs', () => {
    const third = 1 / 3;
    expect(() => entropy(tensor([0.333333, 0.333333, 0.333333]))).toThrow(LossError);
    const call = informationCall([third, third, third], [0.5, 0.25, 0.25], 'nats');
    const [shown] = tensorsIn(call);
    expect(shown).toEqual([0.3333333, 0.3333333, 0.3333333]);
    expect(() => entropy(tensor(shown!))).not.toThrow();
  });

  it('shows calls the core accepts for any renormalised weights', () => {
    // Weights 1…k over C outcomes in every rotation: sums that round badly at 6 digits.
    for (let outcomes = 2; outcomes <= 8; outcomes++) {
      for (let k = 1; k <= 97; k += 3) {
        const weights = Array.from({ length: outcomes }, (_, i) => ((i * k) % 97) + 1);
        const total = weights.reduce((a, b) => a + b, 0);
        const distribution = weights.map((w) => w / total);
        for (const shown of tensorsIn(informationCall(distribution, distribution, 'bits'))) {
          expect(() => entropy(tensor(shown))).not.toThrow();
          shown.forEach((v) =>
            expect(String(v).replace(/^0\.0*/, '').length).toBeLessThanOrEqual(7),
          );
        }
      }
    }
  });
});

describe('missingSupport and infinityReason', () => {
  it('find where q is 0 but p is not, and explain the infinity', () => {
    const p = [0.5, 0.5, 0];
    const q = [1, 0, 0];
    expect(missingSupport(p, q)).toEqual([1]);
    expect(missingSupport(q, p)).toEqual([]);
    expect(infinityReason('p', 'q', [1])).toBe(
      'q₂ = 0 where p₂ > 0, so H(p, q) and KL(p‖q) are ∞: q calls impossible what p says can happen.',
    );
    expect(infinityReason('q', 'p', [0, 2])).toBe(
      'p₁, p₃ = 0 where q₁, q₃ > 0, so KL(q‖p) is ∞: p calls impossible what q says can happen.',
    );
    expect(infinityReason('p', 'q', [])).toBeNull();
  });
});

describe('identity bar', () => {
  it('lays H(p) and D_KL(p‖q) end to end on a track from 0 to the scale', () => {
    expect(identitySegments(1.75, 0.25, 2)).toEqual({ entropy: 87.5, kl: 12.5 });
    expect(identitySegments(0.5, 0.5, 2)).toEqual({ entropy: 25, kl: 25 });
  });

  it('keeps room for an infinite D_KL, which fills the rest of the track', () => {
    expect(identitySegments(2, Infinity, 2)).toEqual({ entropy: 70, kl: 30 });
    expect(identitySegments(1, Infinity, 2)).toEqual({ entropy: 35, kl: 65 });
  });

  it('draws nothing on an empty track', () => {
    expect(identitySegments(0, 0, 0)).toEqual({ entropy: 0, kl: 0 });
  });

  it('spans log C, or H(p, q) when that is longer', () => {
    expect(identityScale(4, 'bits', 1.5)).toBe(2);
    expect(identityScale(4, 'bits', 3)).toBe(3);
    expect(identityScale(4, 'nats', 0.1)).toBeCloseTo(Math.log(4), 15);
    expect(identityScale(4, 'bits', Infinity)).toBe(2);
  });
});

describe('resolveDistributions', () => {
  it('uses the defaults when the chapter gives neither p nor q', () => {
    expect(resolveDistributions(undefined, undefined)).toEqual({
      p: [...DEFAULT_P],
      q: [...DEFAULT_Q],
    });
  });

  it('makes the missing one uniform over the given one’s outcomes', () => {
    expect(resolveDistributions([0.9, 0.1], undefined)).toEqual({ p: [0.9, 0.1], q: [0.5, 0.5] });
    expect(resolveDistributions(undefined, [0.2, 0.8])).toEqual({ p: [0.5, 0.5], q: [0.2, 0.8] });
  });
});
