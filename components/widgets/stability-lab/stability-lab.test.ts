import { describe, expect, it } from 'vitest';
import { StabilityLabState } from './stability-lab.svelte.ts';

// Expected tensors are PyTorch 1.13's own prints (Debian's python3-torch), e.g.
// `torch.log_softmax(torch.tensor([100., 200., 300.]), 0)`, and agree with the closed form
// log softmax(o)ᵢ = oᵢ − max(o) − log Σⱼ exp(oⱼ − max(o)): for o = [1, 2, 3] that is
// i − 3 − log(1 + e⁻¹ + e⁻²) = −2.4076…, −1.4076…, −0.4076…; for o = [1, 2, 3]·10ᵏ with k ≥ 2
// the sum is 1 + e^(−10ᵏ) + e^(−2·10ᵏ), which rounds to exactly 1 in float32 and float64,
// so the row is exactly [−2·10ᵏ, −10ᵏ, 0].
const SMALL = '[-2.4076, -1.4076, -0.4076]';

describe('StabilityLabState', () => {
  it('prints what PyTorch prints for small logits, naive and fused alike', () => {
    const lab = new StabilityLabState();
    expect(lab.logits).toEqual([1, 2, 3]);
    const [f64, f32] = lab.rows;
    expect(f64?.fused).toBe(`tensor(${SMALL}, dtype=torch.float64)`);
    expect(f32?.fused).toBe(`tensor(${SMALL})`);
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
    expect(f32?.naive).toContain('nan');
    expect(f32?.fused).toBe('tensor([-200., -100.,    0.])');
    expect(f64?.fused).toBe('tensor([-200., -100.,    0.], dtype=torch.float64)');
    lab.setExponent(3);
    expect(lab.rows.every((r) => r.naiveBroken)).toBe(true);
    expect(lab.rows[0]?.fused).toBe('tensor([-2000., -1000.,     0.], dtype=torch.float64)');
    expect(lab.rows[1]?.fused).toBe('tensor([-2000., -1000.,     0.])');
  });

  it('clamps the slider and rejects a bad starting exponent or width', () => {
    const lab = new StabilityLabState();
    lab.setExponent(99);
    expect(lab.exponent).toBe(6);
    lab.setExponent(-3);
    expect(lab.exponent).toBe(0);
    expect(() => new StabilityLabState({ exponent: -1 })).toThrow(
      'StabilityLab: exponent must be a finite number in [0, 6], got -1',
    );
    expect(() => new StabilityLabState({ exponent: Number.NaN })).toThrow(
      'StabilityLab: exponent must be a finite number in [0, 6], got NaN',
    );
    expect(new StabilityLabState().width).toBe('page');
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
