import { describe, expect, it } from 'vitest';
import {
  DEFAULT_P,
  DEFAULT_Q,
  defaultLabel,
  formatInformation,
  identityScale,
  identitySegments,
  infinityReason,
  informationCode,
  informationPrinted,
  missingSupport,
  normalise,
  probabilitiesWith,
  renormalisationNote,
  resolveDistributions,
  unitOptions,
} from './helpers';

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

describe('probabilitiesWith', () => {
  it('sets one probability and rescales the others in proportion, in 4-decimal steps summing to 1', () => {
    expect(probabilitiesWith([0.5, 0.25, 0.125, 0.125], 0, 0.2)).toEqual([0.2, 0.4, 0.2, 0.2]);
    expect(probabilitiesWith([0.25, 0.25, 0.25, 0.25], 0, 0.5)).toEqual([
      0.5, 0.1667, 0.1667, 0.1666,
    ]);
    for (const target of [0, 0.0395, 0.3, 0.77777, 1]) {
      const next = probabilitiesWith([0.1, 0.2, 0.3, 0.4], 2, target);
      expect(Math.round(next.reduce((a, b) => a + b, 0) * 1e4)).toBe(1e4);
      expect(next[2]).toBe(Math.round(target * 1e4) / 1e4);
      next.forEach((v) => expect(Math.round(v * 1e4) / 1e4).toBe(v));
    }
  });

  it('clamps targets to [0, 1] and shares the rest equally when nothing else had probability', () => {
    expect(probabilitiesWith([0.5, 0.5], 0, 1.7)).toEqual([1, 0]);
    expect(probabilitiesWith([0.5, 0.5], 0, -0.5)).toEqual([0, 1]);
    expect(probabilitiesWith([1, 0, 0], 0, 0.4)).toEqual([0.4, 0.3, 0.3]);
  });
});

describe('renormalisationNote', () => {
  it('says when the entries are divided, and by what', () => {
    expect(renormalisationNote('p', 0.6 + 0.6)).toBe(
      "p's entries sum to 1.2; using each divided by 1.2.",
    );
    expect(renormalisationNote('q', 0.5)).toBe(
      "q's entries sum to 0.5; using each divided by 0.5.",
    );
  });

  it('says nothing is divided when the total is 1 up to rounding noise', () => {
    expect(renormalisationNote('p', 0.1 + 0.2 + 0.7)).toBe('p sums to 1.');
  });
});

describe('formatting', () => {
  it('shows information with 4 decimals and its unit, and ∞ alone', () => {
    expect(formatInformation(1.75, 'bits')).toBe('1.7500 bits');
    expect(formatInformation(Math.LN2, 'nats')).toBe('0.6931 nats');
    expect(formatInformation(Infinity, 'bits')).toBe('∞');
  });

  it('names outcomes a, b, … by default (x is an input in the notation table)', () => {
    expect(defaultLabel(0)).toBe('a');
    expect(defaultLabel(7)).toBe('h');
  });

  it('asks the core for bits with base 2 and for nats with its default', () => {
    expect(unitOptions('bits')).toEqual({ base: 2 });
    expect(unitOptions('nats')).toEqual({});
  });
});

describe('informationCode and informationPrinted', () => {
  it('writes both distributions in float64, as the cell computes, with exact literals', () => {
    const code = informationCode(DEFAULT_P, DEFAULT_Q, 'bits');
    expect(code).toContain('p = torch.tensor([0.5, 0.25, 0.125, 0.125], dtype=torch.float64)');
    expect(code).toContain('q = torch.tensor([0.125, 0.5, 0.25, 0.125], dtype=torch.float64)');
    expect(informationCode([1 / 3, 2 / 3], [0.5, 0.5], 'nats')).toContain(
      'p = torch.tensor([0.3333333333333333, 0.6666666666666666], dtype=torch.float64)',
    );
  });

  it('divides by ln 2 for bits only', () => {
    expect(informationCode([0.5, 0.5], [0.5, 0.5], 'bits')).toContain('import math');
    const nats = informationCode([0.5, 0.5], [0.5, 0.5], 'nats');
    expect(nats).not.toContain('math');
    expect(nats).toContain('H_p = torch.special.entr(p).sum()\n');
  });

  it('prints what Python’s {:.4f} prints, inf included', () => {
    expect(informationPrinted([1.75, Infinity, 0.625, 0.5], 'bits')).toBe(
      [
        'H(p)       = 1.7500 bits',
        'H(p, q)    = inf bits',
        'D_KL(p||q) = 0.6250 bits',
        'D_KL(q||p) = 0.5000 bits',
      ].join('\n'),
    );
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
  it('uses the defaults, whose KL divergences differ, when the chapter gives neither p nor q', () => {
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
