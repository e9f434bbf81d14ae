import { describe, expect, it } from 'vitest';
import { codeLengthLayout } from './code-length-figure';

describe('codeLengthLayout', () => {
  const p = [0.5, 0.25, 0.125, 0.125];
  const layout = codeLengthLayout(p, ['a', 'b', 'c', 'd'], [1, 1, 1, 1]);

  it('gives each outcome the width −log₂ p and stacks the bars by probability', () => {
    layout.bars.forEach((b, i) => expect(b.length).toBeCloseTo([1, 2, 3, 3][i]!, 14));
    expect(layout.bars.map((b) => b.top)).toEqual([0, 0.5, 0.75, 0.875]);
    layout.bars.forEach((b) => expect(b.comparisonLength).toBeCloseTo(2, 14));
    expect(layout.axisBits).toBe(3);
  });

  it('has bars whose total area is the entropy, and the comparison code’s the cross-entropy', () => {
    const area = layout.bars.reduce((a, b) => a + b.probability * b.length, 0);
    expect(layout.entropyBits).toBeCloseTo(area, 14);
    expect(layout.entropyBits).toBeCloseTo(1.75, 14);
    const comparisonArea = layout.bars.reduce((a, b) => a + b.probability * b.comparisonLength!, 0);
    expect(layout.crossEntropyBits).toBeCloseTo(comparisonArea, 14);
  });

  it('refuses labels or a comparison that do not match the outcomes', () => {
    expect(() => codeLengthLayout(p, ['a'])).toThrow('one entry per outcome');
  });
});
