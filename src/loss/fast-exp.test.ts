// fastExp against Math.exp over well over a million points: dense sweeps, both sides of every
// table boundary, the overflow and underflow thresholds ulp by ulp, and the special values.
import { describe, expect, it } from 'vitest';
import { fastExp } from './fast-exp';

const TOLERANCE = 1e-15;
/** Smallest positive subnormal, 2^−1074: the absolute slack allowed where results are subnormal. */
const MIN_SUBNORMAL = 5e-324;
const MIN_NORMAL = 2.2250738585072014e-308;
const OVERFLOW_THRESHOLD = 709.782712893383973096;
const UNDERFLOW_THRESHOLD = -745.13321910194110842;

const bits = new Float64Array(1);
const ints = new BigInt64Array(bits.buffer);

/** The double `steps` ulps above x (below for negative steps), for x ≠ 0. */
function ulpStep(x: number, steps: number): number {
  bits[0] = x;
  ints[0] = ints[0]! + BigInt(x > 0 ? steps : -steps);
  return bits[0];
}

/** n + 1 evenly spaced points from a to b. */
function sweep(a: number, b: number, n: number): Float64Array {
  const xs = new Float64Array(n + 1);
  for (let i = 0; i <= n; i++) xs[i] = a + ((b - a) * i) / n;
  return xs;
}

/** `radius` ulps either side of x, and x itself. */
function around(x: number, radius: number): number[] {
  const xs: number[] = [];
  for (let s = -radius; s <= radius; s++) xs.push(ulpStep(x, s));
  return xs;
}

/** Both sides of every point (k + ½)·ln2/256 where round(x·256/ln2) moves from k to k + 1. */
function tableBoundaries(): Float64Array {
  const step = Math.LN2 / 256;
  const first = Math.floor(UNDERFLOW_THRESHOLD / step) - 1;
  const last = Math.ceil(OVERFLOW_THRESHOLD / step);
  const xs: number[] = [];
  for (let k = first; k <= last; k++) xs.push(...around((k + 0.5) * step, 2));
  return Float64Array.from(xs);
}

type NumberClass = 'nan' | 'zero' | 'infinite' | 'finite';

const classify = (v: number): NumberClass =>
  Number.isNaN(v) ? 'nan' : v === 0 ? 'zero' : Number.isFinite(v) ? 'finite' : 'infinite';

interface Agreement {
  readonly count: number;
  /** Largest |fastExp(x) − Math.exp(x)| / Math.exp(x) over normal results. */
  readonly maxRelative: number;
  /** Largest |fastExp(x) − Math.exp(x)| over subnormal results, in units of 2^−1074. */
  readonly maxSubnormalUlps: number;
  /** Points where NaN / zero / infinite / finite differs, first few only. */
  readonly classMismatches: string[];
}

/** Compare fastExp with Math.exp at every point. */
function agreement(xs: ArrayLike<number>): Agreement {
  let maxRelative = 0;
  let maxSubnormalUlps = 0;
  const classMismatches: string[] = [];
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    const want = Math.exp(x);
    const got = fastExp(x);
    if (classify(got) !== classify(want) || Object.is(got, -0)) {
      if (classMismatches.length < 5) classMismatches.push(`exp(${x}): ${got} vs ${want}`);
    } else if (classify(want) === 'finite') {
      const diff = Math.abs(got - want);
      if (want < MIN_NORMAL) maxSubnormalUlps = Math.max(maxSubnormalUlps, diff / MIN_SUBNORMAL);
      else maxRelative = Math.max(maxRelative, diff / want);
    }
  }
  return { count: xs.length, maxRelative, maxSubnormalUlps, classMismatches };
}

/** Assert agreement to 1e-15 relative (one subnormal ulp where subnormal), reporting the error. */
function expectAgreement(xs: ArrayLike<number>): void {
  const a = agreement(xs);
  expect(a.classMismatches, 'NaN / 0 / Infinity / finite class').toEqual([]);
  expect(
    a.maxRelative,
    `max relative error ${a.maxRelative} over ${a.count} points`,
  ).toBeLessThanOrEqual(TOLERANCE);
  expect(a.maxSubnormalUlps, `max subnormal error ${a.maxSubnormalUlps} ulps`).toBeLessThanOrEqual(
    1,
  );
}

const wholeRange = sweep(-745.2, 709.8, 500_000);
const unitRange = sweep(-1, 1, 200_000);
const subnormalRange = sweep(-745.14, -708.3, 50_000);
const boundaries = tableBoundaries();
const overflowEdge = around(OVERFLOW_THRESHOLD, 2_000);
const underflowEdge = around(UNDERFLOW_THRESHOLD, 2_000);
const specials = [
  Number.NaN,
  Infinity,
  -Infinity,
  0,
  -0,
  1e-300,
  -1e-300,
  5e-324,
  -5e-324,
  MIN_NORMAL,
  1e-16,
  -1e-16,
  Number.EPSILON,
  1,
  -1,
  Math.LN2,
  -Math.LN2,
  708,
  -708,
  709,
  -708.3964185322641,
  -745.2,
  710,
  -746,
  1e300,
  -1e300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
];

describe('fastExp', () => {
  it('checks at least a million points against Math.exp in all', () => {
    const total = [
      wholeRange,
      unitRange,
      subnormalRange,
      boundaries,
      overflowEdge,
      underflowEdge,
      specials,
    ].reduce((n, xs) => n + xs.length, 0);
    expect(total).toBeGreaterThanOrEqual(1_000_000);
  });

  it('agrees with Math.exp to 1e-15 over a dense sweep of [-745.2, 709.8]', () => {
    expectAgreement(wholeRange);
  });

  it('agrees with Math.exp to 1e-15 over a dense sweep of [-1, 1]', () => {
    expectAgreement(unitRange);
  });

  it('agrees with Math.exp on both sides of every table boundary', () => {
    expectAgreement(boundaries);
  });

  it('stays within one subnormal ulp of Math.exp where results are subnormal', () => {
    expectAgreement(subnormalRange);
  });

  it('overflows to Infinity at exactly the same double as Math.exp', () => {
    expectAgreement(overflowEdge);
    expect(fastExp(OVERFLOW_THRESHOLD)).toBe(Math.exp(OVERFLOW_THRESHOLD));
    expect(fastExp(ulpStep(OVERFLOW_THRESHOLD, 1))).toBe(Infinity);
  });

  it('underflows to 0 at exactly the same double as Math.exp', () => {
    expectAgreement(underflowEdge);
    expect(fastExp(UNDERFLOW_THRESHOLD)).toBe(MIN_SUBNORMAL);
    expect(fastExp(ulpStep(UNDERFLOW_THRESHOLD, -1))).toBe(0);
  });

  it('maps NaN, ±Infinity, ±0 and tiny or huge arguments as Math.exp does', () => {
    expectAgreement(specials);
    expect(fastExp(Number.NaN)).toBeNaN();
    expect(fastExp(Infinity)).toBe(Infinity);
    expect(fastExp(-Infinity)).toBe(0);
    expect(fastExp(-0)).toBe(1);
    expect(fastExp(0)).toBe(1);
    expect(fastExp(1e-300)).toBe(1);
    expect(fastExp(5e-324)).toBe(1);
  });

  it('gives e at 1, as its doc example says', () => {
    expect(fastExp(1)).toBe(2.718281828459045);
  });
});
