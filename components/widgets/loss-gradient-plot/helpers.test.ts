import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  LOGIT_RANGE,
  LOSS_TOP,
  PLOT,
  logitAt,
  lossPath,
  pathThrough,
  plotProgramCode,
  ratioText,
  sampleLogits,
  xOf,
  yOfGradient,
  yOfLoss,
} from './helpers';

describe('the plot’s scales', () => {
  it('put o_k = −8 at the left edge, 8 at the right and 0 in the middle', () => {
    expect(xOf(-8)).toBe(PLOT.left);
    expect(xOf(8)).toBe(PLOT.left + PLOT.width);
    expect(xOf(0)).toBe(PLOT.left + PLOT.width / 2);
  });

  it('hold losses above the top at the top edge, and gradients in [−1, 0]', () => {
    expect(yOfLoss(0)).toBe(PLOT.lossTop + PLOT.height);
    expect(yOfLoss(LOSS_TOP)).toBe(PLOT.lossTop);
    expect(yOfLoss(50)).toBe(PLOT.lossTop);
    expect(yOfGradient(0)).toBe(PLOT.gradientTop);
    expect(yOfGradient(-1)).toBe(PLOT.gradientTop + PLOT.height);
    expect(yOfGradient(-3)).toBe(PLOT.gradientTop + PLOT.height);
  });

  it('keep everything inside the viewBox, which is narrow enough for a phone', () => {
    expect(PLOT.left + PLOT.width).toBeLessThan(PLOT.viewWidth);
    expect(PLOT.gradientTop + PLOT.height + 30).toBeLessThanOrEqual(PLOT.viewHeight);
    expect(PLOT.viewWidth).toBeLessThanOrEqual(350);
  });
});

describe('sampleLogits', () => {
  it('runs from −8 to 8 in steps of 0.2, with the integers exactly', () => {
    const xs = sampleLogits();
    expect(xs).toHaveLength(81);
    expect(xs.filter((_, i) => i % 5 === 0)).toEqual(Array.from({ length: 17 }, (_, i) => i - 8));
    expect(xs[1]).toBe(-7.8);
  });
});

describe('logitAt', () => {
  it('maps a pointer’s place across the plot to a logit on the slider’s steps, within range', () => {
    expect(logitAt(0)).toBe(-8);
    expect(logitAt(1)).toBe(8);
    expect(logitAt(0.5)).toBe(0);
    expect(logitAt(-3)).toBe(-8);
    expect(logitAt(7)).toBe(8);
    fc.assert(
      fc.property(fc.double({ min: -1, max: 2, noNaN: true }), (f) => {
        const t = logitAt(f);
        expect(t).toBeGreaterThanOrEqual(LOGIT_RANGE.min);
        expect(t).toBeLessThanOrEqual(LOGIT_RANGE.max);
        expect(Math.abs(t * 10 - Math.round(t * 10))).toBeLessThan(1e-9);
      }),
    );
  });
});

describe('pathThrough', () => {
  it('moves to the first point and draws lines to the rest', () => {
    expect(pathThrough([-8, 8], [0, LOSS_TOP], yOfLoss)).toBe(
      `M${PLOT.left}.0 ${PLOT.lossTop + PLOT.height}.0L${PLOT.left + PLOT.width}.0 ${PLOT.lossTop}.0`,
    );
  });
});

describe('lossPath', () => {
  it('stops at the top edge where a curve leaves the scale, never drawing along the edge', () => {
    // 3 → 0.75 crosses LOSS_TOP = 1.5 two thirds of the way from −8 to 0.
    const { d, crossings } = lossPath([-8, 0, 8], [3, 0.75, 0]);
    expect(crossings).toHaveLength(1);
    expect(crossings[0]!.logit).toBeCloseTo(-8 + (16 / 3) * 1, 12);
    expect(crossings[0]!.aboveLeft).toBe(true);
    const top = `${PLOT.lossTop}.0`;
    expect(d.startsWith(`M${xOf(crossings[0]!.logit).toFixed(1)} ${top}L`)).toBe(true);
    expect(d.match(/[ML]/g)).toHaveLength(3);
  });

  it('starts a new piece where the curve comes back, and draws a curve inside the scale as pathThrough does', () => {
    const { d, crossings } = lossPath([-8, 0, 8], [0, 3, 0]);
    expect(crossings.map((c) => c.aboveLeft)).toEqual([false, true]);
    expect(d.match(/M/g)).toHaveLength(2);
    const xs = [-8, -4, 0, 4, 8];
    const inside = [1.4, 1, 0.5, 0.2, 0];
    expect(lossPath(xs, inside)).toEqual({ d: pathThrough(xs, inside, yOfLoss), crossings: [] });
    expect(lossPath(xs, [9, 8, 7, 6, 5])).toEqual({ d: '', crossings: [] });
  });
});

describe('ratioText', () => {
  it('prints three significant digits, exponents from 1000 on, and says when there is no ratio', () => {
    expect(ratioText(-0.5, -0.25)).toBe('2.00');
    expect(ratioText(-0.99, -0.00099)).toBe('1.00e3');
    expect(ratioText(-1, 0)).toBe('squared error’s is exactly 0');
    expect(ratioText(0, 0)).toBe('both are 0');
  });
});

describe('plotProgramCode', () => {
  it('writes the logits in float64 with requires_grad and the one-hot target for C classes', () => {
    const code = plotProgramCode([0.5, -1, 2, 0], 2);
    expect(code).toContain(
      'o = torch.tensor([[0.5, -1.0, 2.0, 0.0]], dtype=torch.float64, requires_grad=True)',
    );
    expect(code).toContain('target = torch.tensor([2])');
    expect(code).toContain('y = F.one_hot(target, num_classes=4).double()');
  });
});
