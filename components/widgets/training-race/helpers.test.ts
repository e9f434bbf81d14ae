import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { curvePoints, mapPoint, raceProgramCode, regionPaths, tableSteps } from './helpers';
import { dataSet, initialWeights } from './model';

/** The area of each class's path, reading back its rectangles `M x y h w v 1 h -w z`. */
function areas(paths: readonly string[]): number[] {
  return paths.map((d) =>
    [...d.matchAll(/h(\d+)v1h-?\d+z/g)].reduce((s, m) => s + Number(m[1]), 0),
  );
}

describe('regionPaths', () => {
  it('covers every grid cell exactly once, each in its class’s path', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 36, maxLength: 36 }),
        (predicted) => {
          const counts = [0, 1, 2].map((k) => predicted.filter((p) => p === k).length);
          expect(areas(regionPaths(predicted, 6))).toEqual(counts);
        },
      ),
    );
  });

  it('merges a row of one class into one rectangle', () => {
    expect(regionPaths([0, 0, 1, 1], 2)).toEqual(['M0 0h2v1h-2z', 'M0 1h2v1h-2z', '']);
    expect(regionPaths([2, 0, 0, 0], 2)).toEqual(['M1 0h1v1h-1zM0 1h2v1h-2z', '', 'M0 0h1v1h-1z']);
  });
});

describe('mapPoint', () => {
  it('maps the extent’s corners to the map’s and clamps points outside', () => {
    expect(mapPoint(-4.5, 4.5)).toEqual([0, 0]);
    expect(mapPoint(4.5, -4.5)).toEqual([24, 24]);
    expect(mapPoint(0, 0)).toEqual([12, 12]);
    expect(mapPoint(100, -100)).toEqual([24, 24]);
  });
});

describe('curvePoints', () => {
  it('runs from the left to the right edge, 0 at the bottom and top at the top', () => {
    expect(curvePoints([2, 1, 0], 100, 50, 2)).toBe('0.0,0.0 50.0,25.0 100.0,50.0');
  });
});

describe('tableSteps', () => {
  it('lists every step up to 20, then about 20 and always the first and the last', () => {
    expect(tableSteps(3)).toEqual([0, 1, 2, 3]);
    for (const steps of [21, 100, 999, 1000]) {
      const listed = tableSteps(steps);
      expect(listed[0]).toBe(0);
      expect(listed.at(-1)).toBe(steps);
      expect(listed.length).toBeLessThanOrEqual(22);
    }
  });
});

describe('raceProgramCode', () => {
  it('writes the data, the labels and the start as float64 literals and trains both losses', () => {
    const code = raceProgramCode(dataSet(1), initialWeights('confidently-wrong', 1), 0.5);
    expect(code).toContain('X = torch.tensor([\n    [1.26, 2.02], [-0.64, -1.13], [1.27, 1.32],');
    expect(code).toContain('], dtype=torch.float64)\ny = torch.tensor([\n    0, 1, 2,');
    expect(code).toContain(
      'W0 = torch.tensor([[2.6, 0.0, -2.6], [-1.5, 3.0, -1.5]], dtype=torch.float64)',
    );
    expect(code).toContain('lr = 0.5');
    expect(code).toContain('F.mse_loss(F.softmax(logits, dim=1), one_hot)');
    expect(code.startsWith('import torch\nimport torch.nn.functional as F\n\n')).toBe(true);
  });
});
