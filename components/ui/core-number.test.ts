import { describe, expect, it } from 'vitest';
import { coreValue, formatCoreValue } from './core-number';

// Every expected value here is worked out by hand with Math, independently of the core.
/** Equal to 12 decimal places. */
function expectClose(actual: number, expected: number): void {
  expect(actual).toBeCloseTo(expected, 12);
}

describe('coreValue', () => {
  it('normalises weights, so [1, 1, 1] is the uniform distribution', () => {
    expectClose(coreValue({ quantity: 'entropy', p: [1, 1, 1], base: 2 }), Math.log2(3));
    expectClose(coreValue({ quantity: 'entropy', p: [2, 1, 1] }), 1.5 * Math.log(2));
  });

  it('gives the cross-entropy, KL, perplexity and code length of the definitions', () => {
    const [p, q] = [
      [0.5, 0.25, 0.25],
      [0.25, 0.25, 0.5],
    ];
    const h = -(0.5 * Math.log(0.25) + 0.25 * Math.log(0.25) + 0.25 * Math.log(0.5));
    expectClose(coreValue({ quantity: 'cross-entropy', p, q }), h);
    expectClose(coreValue({ quantity: 'cross-entropy', p, q, base: 2 }), h / Math.LN2);
    expectClose(coreValue({ quantity: 'kl', p, q }), 0.25 * Math.log(2));
    expectClose(coreValue({ quantity: 'perplexity', p, q }), Math.exp(h));
    expectClose(coreValue({ quantity: 'code-length', p, index: 1 }), 2);
  });

  it('gives the loss of a row of logits and its gradient, with label smoothing', () => {
    const o = [1, 2, 0.5];
    const z = o.reduce((a, v) => a + Math.exp(v), 0);
    expectClose(coreValue({ quantity: 'loss', logits: o, target: 0 }), Math.log(z) - 1);
    expectClose(coreValue({ quantity: 'log-sum-exp', logits: o }), Math.log(z));
    expectClose(
      coreValue({ quantity: 'gradient', logits: o, target: 0, index: 0 }),
      Math.exp(1) / z - 1,
    );
    // Smoothing 0.3 over 3 classes: target (0.8, 0.1, 0.1), gradient ŷ − target.
    expectClose(
      coreValue({
        quantity: 'gradient',
        logits: [0, 0, 0],
        target: 0,
        index: 1,
        labelSmoothing: 0.3,
      }),
      1 / 3 - 0.1,
    );
  });

  it('gives softmax at a temperature, and a tempered distribution p^(1/T) normalised', () => {
    const o = [2, 1, 0.1];
    const z = o.reduce((a, v) => a + Math.exp(v / 2), 0);
    expectClose(
      coreValue({ quantity: 'softmax', logits: o, index: 1, temperature: 2 }),
      Math.exp(0.5) / z,
    );
    const root = [0.5, 0.3, 0.2].map(Math.sqrt);
    expectClose(
      coreValue({ quantity: 'tempered', p: [0.5, 0.3, 0.2], index: 2, temperature: 2 }),
      root[2]! / root.reduce((a, b) => a + b, 0),
    );
  });

  it('gives binary cross-entropy with logits, log(1 + e^−η) for target 1', () => {
    expectClose(
      coreValue({ quantity: 'bce-with-logits', logit: 2, target: 1 }),
      Math.log1p(Math.exp(-2)),
    );
  });

  it('passes the core’s own complaint on, and refuses an index outside the result', () => {
    expect(() => coreValue({ quantity: 'kl', p: [1, 0], q: [1, 0, 0] })).toThrow('same shape');
    expect(() => coreValue({ quantity: 'softmax', logits: [1, 2], index: 2 })).toThrow(
      'index 2 is outside a result of 2 entries',
    );
  });
});

describe('formatCoreValue', () => {
  it('prints fixed digits with a true minus sign, and never a negative zero', () => {
    expect(formatCoreValue(1.6094379, 2)).toBe('1.61');
    expect(formatCoreValue(-0.6, 3)).toBe('−0.600');
    expect(formatCoreValue(-0.0001, 2)).toBe('0.00');
    expect(formatCoreValue(Infinity, 2)).toBe('∞');
    expect(formatCoreValue(-Infinity, 2)).toBe('−∞');
    expect(formatCoreValue(NaN, 2)).toBe('nan');
  });
});
