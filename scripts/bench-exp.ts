// Micro-benchmark: Math.exp against fastExp in a tight summing loop over a Float64Array.
// Run with Node 24 (types are stripped natively): node scripts/bench-exp.ts
import { fastExp } from '../src/loss/fast-exp.ts';

const LENGTH = 4_096_000;
const WARMUP_RUNS = 3;
const TIMED_RUNS = 9;

/** Deterministic uniform values in [lo, hi) (mulberry32), so runs are comparable. */
function uniform(length: number, lo: number, hi: number, seed: number): Float64Array {
  const xs = new Float64Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    xs[i] = lo + ((hi - lo) * ((t ^ (t >>> 14)) >>> 0)) / 4294967296;
  }
  return xs;
}

/** Σ Math.exp(x_i): the baseline. */
function sumMathExp(xs: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += Math.exp(xs[i]!);
  return sum;
}

/** Σ fastExp(x_i): the same loop with the table-driven exponential. */
function sumFastExp(xs: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < xs.length; i++) sum += fastExp(xs[i]!);
  return sum;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
};

/** Median nanoseconds per element of each loop, runs interleaved so drift hits both alike. */
function measure(xs: Float64Array): { math: number; fast: number; sums: [number, number] } {
  const sums: [number, number] = [sumMathExp(xs), sumFastExp(xs)];
  for (let i = 0; i < WARMUP_RUNS; i++) {
    sumMathExp(xs);
    sumFastExp(xs);
  }
  const math: number[] = [];
  const fast: number[] = [];
  for (let i = 0; i < TIMED_RUNS; i++) {
    let t0 = performance.now();
    sums[0] = sumMathExp(xs);
    math.push(((performance.now() - t0) * 1e6) / xs.length);
    t0 = performance.now();
    sums[1] = sumFastExp(xs);
    fast.push(((performance.now() - t0) * 1e6) / xs.length);
  }
  return { math: median(math), fast: median(fast), sums };
}

console.log(`${LENGTH} elements, median of ${TIMED_RUNS} runs after ${WARMUP_RUNS} warm-up runs`);
console.log('range'.padEnd(10), 'Math.exp ns/el', 'fastExp ns/el', 'speed-up', 'rel. diff of sums');
for (const [lo, hi] of [
  [-20, 20],
  [-5, 0],
] as const) {
  const { math, fast, sums } = measure(uniform(LENGTH, lo, hi, 42));
  console.log(
    `[${lo}, ${hi}]`.padEnd(10),
    math.toFixed(2).padStart(14),
    fast.toFixed(2).padStart(13),
    `${(math / fast).toFixed(2)}×`.padStart(8),
    (Math.abs(sums[1] - sums[0]) / sums[0]).toExponential(1).padStart(17),
  );
}
