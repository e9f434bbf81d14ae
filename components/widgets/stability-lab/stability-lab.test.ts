import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expectHostileLinksHarmless,
  expectRefused,
  expectRoundTrip,
  expectValidLinksAccepted,
  linkNumber,
  restoreLink,
  PROPERTY_TIMEOUT,
} from '../shared/shareable-testing';
import { StabilityLabState } from './stability-lab.svelte.ts';

// Every expected print below is PyTorch 1.13's own (Debian's python3-torch), from running the
// cell's program, e.g. x = torch.tensor([10.0, 20.0, 30.0]); print(torch.log_softmax(x, dim=0)).

/** The lab at k, one route in one dtype. */
function result(k: number, dtype: 'float32' | 'float64', route: string) {
  const lab = new StabilityLabState({ exponent: k });
  const found = lab.blocks.find((b) => b.dtype === dtype)?.results.find((r) => r.route === route);
  if (found === undefined) throw new Error(`no ${route} in ${dtype}`);
  return found;
}
const marks = (k: number, dtype: 'float32' | 'float64', route: string) =>
  result(k, dtype, route).entries.map((e) => e.marked);

describe('StabilityLabState', () => {
  it('prints what PyTorch prints for small logits, every route accurate', () => {
    const lab = new StabilityLabState();
    expect(lab.logits).toEqual([1, 2, 3]);
    expect(lab.program.printed.split('\n')).toEqual([
      'tensor([-2.4076, -1.4076, -0.4076])',
      'tensor([-2.4076, -1.4076, -0.4076])',
      'tensor([-2.4076, -1.4076, -0.4076])',
      'tensor([-2.4076, -1.4076, -0.4076], dtype=torch.float64)',
      'tensor([-2.4076, -1.4076, -0.4076], dtype=torch.float64)',
      'tensor([-2.4076, -1.4076, -0.4076], dtype=torch.float64)',
    ]);
    for (const block of lab.blocks)
      for (const r of block.results) expect(r.entries.every((e) => !e.marked)).toBe(true);
  });

  it('at k = 1 in float32, both PyTorch routes print −4.54e-05 with a wrong 4th digit, and are marked', () => {
    expect(result(1, 'float32', 'log-of-softmax').repr).toBe(
      'tensor([-2.0000e+01, -1.0000e+01, -4.5420e-05])',
    );
    expect(result(1, 'float32', 'log-softmax').repr).toBe(
      'tensor([-2.0000e+01, -1.0000e+01, -4.5418e-05])',
    );
    expect(marks(1, 'float32', 'log-of-softmax')).toEqual([false, false, true]);
    expect(marks(1, 'float32', 'log-softmax')).toEqual([false, false, true]);
    // float64 prints the exact −4.5401e-05.
    expect(result(1, 'float64', 'log-softmax').repr).toBe(
      'tensor([-2.0000e+01, -1.0000e+01, -4.5401e-05], dtype=torch.float64)',
    );
    expect(marks(1, 'float64', 'log-softmax')).toEqual([false, false, false]);
  });

  it('at k = 2 in float32, log(softmax) gives −inf and a wrong −99.9831; log_softmax is exact', () => {
    expect(result(2, 'float32', 'by-hand').repr).toBe('tensor([nan, nan, nan])');
    expect(result(2, 'float32', 'log-of-softmax').repr).toBe(
      'tensor([    -inf, -99.9831,   0.0000])',
    );
    expect(marks(2, 'float32', 'log-of-softmax')).toEqual([true, true, false]);
    expect(result(2, 'float32', 'log-softmax').repr).toBe('tensor([-200., -100.,    0.])');
    expect(marks(2, 'float32', 'log-softmax')).toEqual([false, false, false]);
  });

  it('at k = 2.5 in float64, the hand-written route gives NaN; both PyTorch routes stay finite', () => {
    expect(result(2.5, 'float64', 'by-hand').repr).toBe(
      'tensor([-inf, -inf, nan], dtype=torch.float64)',
    );
    expect(marks(2.5, 'float64', 'by-hand')).toEqual([true, true, true]);
    for (const route of ['log-of-softmax', 'log-softmax']) {
      expect(result(2.5, 'float64', route).repr).toBe(
        'tensor([-632.4555, -316.2278,    0.0000], dtype=torch.float64)',
      );
      expect(marks(2.5, 'float64', route)).toEqual([false, false, false]);
    }
  });

  it('marks log_softmax too where log(1 + tiny) loses the winner’s digits: float64 at k = 1.5', () => {
    expect(result(1.5, 'float64', 'log-softmax').repr).toBe(
      'tensor([-6.3246e+01, -3.1623e+01, -1.8430e-14], dtype=torch.float64)',
    );
    expect(marks(1.5, 'float64', 'log-softmax')).toEqual([false, false, true]);
  });

  it('shows a complete program in each dtype, whose prints are the table’s tensors', () => {
    const lab = new StabilityLabState({ exponent: 0.5 });
    expect(lab.program.code).toBe(
      [
        'import torch',
        '',
        'x = torch.tensor([3.16227766017, 6.32455532034, 9.48683298051])',
        'print(torch.log(torch.exp(x) / torch.exp(x).sum()))',
        'print(torch.log(torch.softmax(x, dim=0)))',
        'print(torch.log_softmax(x, dim=0))',
        '',
        'x = torch.tensor([3.16227766017, 6.32455532034, 9.48683298051], dtype=torch.float64)',
        'print(torch.log(torch.exp(x) / torch.exp(x).sum()))',
        'print(torch.log(torch.softmax(x, dim=0)))',
        'print(torch.log_softmax(x, dim=0))',
      ].join('\n'),
    );
    expect(lab.program.printed.split('\n')).toEqual(
      lab.blocks.flatMap((b) => b.results.map((r) => r.repr)),
    );
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

  it('lists the scale and the logits it gives for the printed caption', () => {
    const state = new StabilityLabState();
    expect(state.parameters).toBe('scale 10^s with s = 0: logits o = (1, 2, 3)');
    state.setExponent(2);
    expect(state.parameters).toBe('scale 10^s with s = 2: logits o = (100, 200, 300)');
  });

  it('summarises which routes are wrong in which dtype', () => {
    expect(new StabilityLabState({ exponent: 2 }).summary).toBe(
      'Logits 100, 200, 300. float32: by hand 3 of 3 entries wrong, log(softmax) 2 of 3 entries wrong, log_softmax accurate; float64: by hand accurate, log(softmax) accurate, log_softmax accurate.',
    );
  });
});

describe('StabilityLabState shared by link', () => {
  const outputs = (lab: StabilityLabState) => [lab.logits, lab.blocks, lab.program, lab.summary];

  it('shares the exponent s under its id', () => {
    expect(new StabilityLabState().cellId).toBe('stability-lab');
    expect(new StabilityLabState({ exponent: 2.5 }).shareState()).toEqual({ s: '2.5' });
  });

  it('restores what the reader changed into a fresh cell: same state, same outputs', () => {
    for (const k of [0, 0.5, 1, 2.5, 6]) {
      const lab = new StabilityLabState();
      lab.setExponent(k);
      expectRoundTrip(lab, () => new StabilityLabState(), outputs);
    }
  });

  it('refuses bad links with a message naming the problem, changing nothing', () => {
    const lab = new StabilityLabState({ exponent: 1 });
    expectRefused(lab, { s: '7' }, '“s” must be at most 6, got 7');
    expectRefused(lab, { s: '-0.5' }, '“s” must be at least 0, got -0.5');
    expectRefused(lab, { s: 'NaN' }, '“s”: “NaN” is not a number');
    expectRefused(lab, {}, 'it lacks “s”');
    expectRefused(lab, { s: '2', k: '2' }, 'it has “k”, which this cell does not know');
  });

  it('applies a good link as the slider would', () => {
    const lab = new StabilityLabState();
    expect(restoreLink(lab, { s: '2' })).toBeNull();
    expect(lab.exponent).toBe(2);
    expect(lab.logits).toEqual([100, 200, 300]);
  });

  it(
    'accepts every exponent in the slider’s range, and it round-trips',
    () => {
      const links = fc.record({ s: linkNumber(0, 6).map(String) });
      expectValidLinksAccepted(() => new StabilityLabState({ exponent: 1 }), links, outputs);
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'survives hostile links: never throws, and a refused one changes nothing',
    () => {
      expectHostileLinksHarmless(() => new StabilityLabState({ exponent: 1 }), {
        keys: ['s'],
        outputs,
      });
    },
    PROPERTY_TIMEOUT,
  );
});
