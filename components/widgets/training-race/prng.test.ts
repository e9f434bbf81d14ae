import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gaussian, mulberry32 } from './prng';

describe('mulberry32', () => {
  it('gives the reference implementation’s first draws for seed 1', () => {
    // bryc/code, jshash/PRNGs.md: mulberry32(1) starts 0.6270739405881613, 0.002735721180215478.
    const next = mulberry32(1);
    expect([next(), next()]).toEqual([0.6270739405881613, 0.002735721180215478]);
  });

  it('repeats its sequence for the same seed and stays in [0, 1)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seed) => {
        const a = mulberry32(seed);
        const b = mulberry32(seed);
        for (let i = 0; i < 20; i++) {
          const value = a();
          expect(value).toBe(b());
          expect(value).toBeGreaterThanOrEqual(0);
          expect(value).toBeLessThan(1);
        }
      }),
    );
  });

  it('gives different sequences for neighbouring seeds', () => {
    expect(mulberry32(1)()).not.toBe(mulberry32(2)());
  });
});

describe('gaussian', () => {
  it('draws with mean near 0 and variance near 1', () => {
    const draw = gaussian(mulberry32(42));
    const samples = Array.from({ length: 20000 }, draw);
    const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
    const variance = samples.reduce((s, x) => s + (x - mean) ** 2, 0) / samples.length;
    // Standard errors: 1/√20000 ≈ 0.007 for the mean, √(2/20000) ≈ 0.01 for the variance.
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(variance - 1)).toBeLessThan(0.04);
    expect(samples.every(Number.isFinite)).toBe(true);
  });

  it('is deterministic from its uniform stream', () => {
    const a = gaussian(mulberry32(7));
    const b = gaussian(mulberry32(7));
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });
});
