import { describe, expect, it } from 'vitest';
import { formatTensor, logSoftmax, tensor } from '../../../src/loss/index';
import { StabilityLabState } from './stability-lab.svelte.ts';

describe('StabilityLabState', () => {
  it('agrees with itself for small logits: naive and fused print the same', () => {
    const lab = new StabilityLabState();
    expect(lab.logits).toEqual([1, 2, 3]);
    for (const row of lab.rows) {
      expect(row.naiveBroken).toBe(false);
      expect(row.naive).toBe(row.fused);
    }
  });

  it('breaks the naive float32 version first, then float64, while logSoftmax stays exact', () => {
    const lab = new StabilityLabState({ exponent: 2 });
    const [f64, f32] = lab.rows;
    expect(f64?.naiveBroken).toBe(false);
    expect(f32?.naiveBroken).toBe(true);
    expect(f32?.fused).toBe(formatTensor(logSoftmax(tensor([100, 200, 300], 'float32'))));
    lab.setExponent(3);
    expect(lab.rows.every((r) => r.naiveBroken)).toBe(true);
    expect(lab.rows[0]?.fused).toBe('tensor([-2000., -1000.,     0.], dtype=torch.float64)');
  });

  it('clamps the slider and rejects a bad starting exponent', () => {
    const lab = new StabilityLabState();
    lab.setExponent(99);
    expect(lab.exponent).toBe(6);
    expect(() => new StabilityLabState({ exponent: -1 })).toThrow(
      'StabilityLab: exponent must be between 0 and 6, got -1',
    );
  });

  it('shows the exact calls and summarises the state', () => {
    const lab = new StabilityLabState({ exponent: 3 });
    expect(lab.call).toBe(
      "logSoftmax(tensor([1000, 2000, 3000], 'float64'))\nlogSoftmax(tensor([1000, 2000, 3000], 'float32'))",
    );
    expect(lab.summary).toBe(
      'Logits 1000, 2000, 3000: naive log-softmax is broken in float64 and broken in float32; the fused logSoftmax stays finite in both.',
    );
  });
});
