import { describe, expect, it } from 'vitest';
import {
  scaleLogits,
  softmaxCode,
  TEMPERATURE_SLIDER,
  temperatureAt,
  temperaturePosition,
} from './helpers';

describe('the temperature slider', () => {
  it('puts T = 1 in the middle and the range’s ends at the track’s ends', () => {
    expect(temperatureAt(0)).toBe(1);
    expect(temperatureAt(-1)).toBe(0.01);
    expect(temperatureAt(1)).toBe(10);
    expect(temperaturePosition(1)).toBe(0);
    expect(temperaturePosition(0.01)).toBe(-1);
    expect(temperaturePosition(10)).toBe(1);
  });

  it('is logarithmic: equal steps multiply T by equal factors on each side', () => {
    expect(temperatureAt(-0.5)).toBe(0.1);
    expect(temperatureAt(-0.25)).toBe(0.316);
    expect(temperatureAt(0.5)).toBe(3.16);
    expect(temperaturePosition(0.1)).toBeCloseTo(-0.5, 12);
  });

  it('rests at an end for typed temperatures beyond its range', () => {
    expect(temperaturePosition(50)).toBe(1);
    expect(temperaturePosition(0.001)).toBe(-1);
  });

  it('gives back the temperature a position shows, to its 3 digits, everywhere on the track', () => {
    const { min, step } = TEMPERATURE_SLIDER;
    for (let k = 0; k <= 200; k++) {
      const t = temperatureAt(min + k * step);
      expect(temperatureAt(temperaturePosition(t))).toBe(t);
    }
  });
});

describe('scaleLogits', () => {
  it('divides in float32 with one rounding, as PyTorch divides a float32 tensor by a float', () => {
    expect(scaleLogits([2, 1, 0.1], 1)).toEqual([2, 1, Math.fround(0.1)]);
    expect(scaleLogits([1], 3)).toEqual([Math.fround(1 / 3)]);
  });
});

describe('softmaxCode', () => {
  it('writes the logits as float32 literals, and the temperature only when the cell has one', () => {
    expect(softmaxCode([2, -1, 0.1], null)).toBe(
      'import torch\n\nlogits = torch.tensor([2.0, -1.0, 0.1])\nprobabilities = torch.softmax(logits, dim=0)\nprint(probabilities)',
    );
    expect(softmaxCode([2, 1], 0.316).split('\n').slice(2)).toEqual([
      'logits = torch.tensor([2.0, 1.0])',
      'T = 0.316',
      'probabilities = torch.softmax(logits / T, dim=0)',
      'print(probabilities)',
    ]);
  });
});
