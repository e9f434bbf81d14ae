// Expected strings are repr() outputs of PyTorch 1.13 (default dtype float32), pasted from
// `python3 -c "import torch; print(repr(repr(...)))"`; the fixtures cover the common cases.
import { describe, expect, it } from 'vitest';
import { formatTensor, LossError, tensor } from './index';
import { makeTensor } from './tensor';

const f32 = (values: number[]) => tensor(values, 'float32');
const range = (n: number, scale: number) => Array.from({ length: n }, (_, i) => i / scale);

describe('formatTensor', () => {
  it('summarises more than 1000 elements with edge items, as torch.arange(1200.)/7 prints', () => {
    expect(formatTensor(f32(range(1200, 7)))).toBe(
      'tensor([0.0000e+00, 1.4286e-01, 2.8571e-01,  ..., 1.7100e+02, 1.7114e+02,\n        1.7129e+02])',
    );
  });

  it('formats a tensor of 7⁷ elements without spreading its values onto the stack', () => {
    const printed = formatTensor(
      makeTensor([7, 7, 7, 7, 7, 7, 7], 'float32', new Float32Array(823_543).fill(1.5)),
    );
    // repr(torch.ones(7, 7, 7, 7, 7, 7, 7) * 1.5) in PyTorch 1.13: 3,405,877 characters.
    expect(
      printed.startsWith('tensor([[[[[[[1.5000, 1.5000, 1.5000,  ..., 1.5000, 1.5000, 1.5000],\n'),
    ).toBe(true);
    expect(printed).toHaveLength(3_405_877);
  });

  it('summarises rows and columns of a large matrix', () => {
    const rows = Array.from({ length: 40 }, (_, r) => range(50, 1).map((v) => v + 50 * r));
    const printed = formatTensor(tensor(rows, 'float32'));
    expect(
      printed.startsWith(
        'tensor([[0.0000e+00, 1.0000e+00, 2.0000e+00,  ..., 4.7000e+01, 4.8000e+01,\n         4.9000e+01],',
      ),
    ).toBe(true);
    expect(printed).toContain('\n        ...,\n        [1.8500e+03,');
    expect(
      printed.endsWith(
        '[1.9500e+03, 1.9510e+03, 1.9520e+03,  ..., 1.9970e+03, 1.9980e+03,\n         1.9990e+03]])',
      ),
    ).toBe(true);
  });

  it('wraps long rows at 80 columns and keeps the dtype suffix on the last line', () => {
    const row = [0.125, -0, 1.5, 2.25, 3, 4, 5, 6, 7.5, 8.5, 9.5, 10.5];
    expect(formatTensor(tensor([row]))).toBe(
      'tensor([[ 0.1250, -0.0000,  1.5000,  2.2500,  3.0000,  4.0000,  5.0000,  6.0000,\n          7.5000,  8.5000,  9.5000, 10.5000]], dtype=torch.float64)',
    );
  });

  it('keeps the sign of −0 in every style', () => {
    expect(formatTensor(f32([-0, 1e-5, 2]))).toBe('tensor([-0.0000e+00, 1.0000e-05, 2.0000e+00])');
    expect(formatTensor(f32([-0, 3]))).toBe('tensor([-0., 3.])');
    expect(formatTensor(f32([0, 0, 0]))).toBe('tensor([0., 0., 0.])');
  });

  it('pads nan and inf to the width of the finite entries', () => {
    expect(formatTensor(f32([1e10, 1, Number.NaN, -Infinity]))).toBe(
      'tensor([1.0000e+10, 1.0000e+00,        nan,       -inf])',
    );
  });

  it('prints empty tensors with their size and non-default dtype', () => {
    expect(formatTensor({ ...tensor([], 'float32'), shape: [0, 3] })).toBe(
      'tensor([], size=(0, 3))',
    );
    expect(formatTensor(tensor([], 'int64'))).toBe('tensor([], dtype=torch.int64)');
  });

  it('prints integer matrices on separate lines without a suffix', () => {
    expect(
      formatTensor(
        tensor(
          [
            [1, 2],
            [3, 4],
          ],
          'int64',
        ),
      ),
    ).toBe('tensor([[1, 2],\n        [3, 4]])');
  });

  it('rounds exact ties to even, as Python does', () => {
    // 1.03125 is exact in binary and halfway between 1.0312 and 1.0313: Python picks the even
    // digit, JavaScript's toFixed would round up. 1.09375 rounds up to the even 1.0938 in both.
    expect(formatTensor(tensor([1.03125, 2]))).toBe(
      'tensor([1.0312, 2.0000], dtype=torch.float64)',
    );
    expect(formatTensor(tensor([1.09375, 2]))).toBe(
      'tensor([1.0938, 2.0000], dtype=torch.float64)',
    );
  });

  it('rejects an unknown default dtype', () => {
    expect(() => formatTensor(tensor([1]), { defaultDtype: 'float16' as never })).toThrow(
      new LossError(
        "formatTensor(): option 'defaultDtype' must be 'float32' or 'float64', got float16",
      ),
    );
  });
});
