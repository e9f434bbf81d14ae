// Algorithm: P. T. P. Tang, "Table-driven implementation of the exponential function in IEEE floating-point arithmetic", ACM TOMS 15(2), 1989.
// exp(x) = 2^m · 2^(j/256) · exp(r), with x = (256m + j)·ln2/256 + r and |r| ≤ ln2/512. Softmax and
// cross-entropy spend most of their time here, and Math.exp is an out-of-line call in V8.
//
// The constants of the hot path are written as literals inside fastExp, each derived in a
// comment: bundlers such as esbuild turn top-level `const` into `var`, and V8 then reloads and
// unboxes every named constant on each call, which made fastExp twice as slow when bundled.

/**
 * Table size N: 2^(j/N) for j = 0…N−1, so |r| ≤ ln2/(2N) ≈ 0.00135. 256 entries (4 KiB, in L1)
 * let a degree-4 polynomial suffice; N = 64 needed degree 5 and measured 14% slower.
 */
const N = 256;

/** Index of 2^0 in POW2, which holds 2^e for e = −1022…1023 (every normal power of two). */
const POW2_BIAS = 1022;

/** 2^(j/N) as an unevaluated sum hi + lo, interleaved: TABLE[2j] = hi, TABLE[2j + 1] = lo. */
const TABLE = buildTable();

/** Every normal power of two, assembled from exponent bits. */
const POW2 = buildPowersOfTwo();

/**
 * 2^(j/N) to ~120 bits with BigInt fixed point: eight integer square roots of 2 give 2^(1/256),
 * and its powers (truncated each step, error ≤ 256·2^−120) are split into the nearest double hi and
 * the double nearest to the remainder lo, so hi + lo is good to ~2^−106.
 */
function buildTable(): Float64Array {
  const bits = 120;
  const one = BigInt(2) ** BigInt(bits);
  const scale = 2 ** -bits;
  let root = BigInt(2) * one;
  // Each step: sqrt(v·2^bits) = sqrt(v/2^bits)·2^bits, so 2 becomes 2^(1/2), …, 2^(1/256).
  for (let i = 0; i < Math.log2(N); i++) root = integerSqrt(root * one);
  const table = new Float64Array(2 * N);
  let power = one;
  for (let j = 0; j < N; j++) {
    // Number(BigInt) rounds to nearest, and hi·2^bits is an integer, so the remainder is exact.
    const hi = Number(power) * scale;
    table[2 * j] = hi;
    table[2 * j + 1] = Number(power - BigInt(hi / scale)) * scale;
    power = (power * root) / one;
  }
  return table;
}

/** ⌊√n⌋ by Newton's iteration from above (n > 0). */
function integerSqrt(n: bigint): bigint {
  let x = BigInt(2) ** BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const next = (x + n / x) / BigInt(2);
    if (next >= x) return x;
    x = next;
  }
}

/**
 * Write each biased exponent e + 1023 into bits 52–62 of a double through an Int32Array view over
 * the same buffer (mantissa and sign bits stay zero). The word holding those bits is found by
 * probing the platform's byte order (index 1 on little-endian, which is every engine in use).
 * This is done once here rather than per call: a 32-bit store followed by a 64-bit load of the
 * same bytes defeats the CPU's store-to-load forwarding and made each call ~2.7× slower.
 */
function buildPowersOfTwo(): Float64Array {
  const powers = new Float64Array(POW2_BIAS + 1024);
  const words = new Int32Array(powers.buffer);
  // The first byte of a Uint16 1 is 1 on little-endian (high word at index 1), 0 on big-endian.
  const high = new Uint8Array(new Uint16Array([1]).buffer)[0]!;
  for (let e = -POW2_BIAS; e <= 1023; e++) {
    words[2 * (e + POW2_BIAS) + high] = (e + 1023) << 20;
  }
  return powers;
}

/**
 * Math.exp to within 1e-15 relative error, a few times faster in hot loops (softmax, cross-entropy).
 * @example fastExp(1) // 2.718281828459045
 */
export function fastExp(x: number): number {
  // Clamp to [−746, 710]: exp(−746) rounds to 0 and exp(710) overflows, so no result changes,
  // while k stays an int32 and the indices in range for ±∞ and huge |x|; NaN passes through.
  // Branch-free on purpose: an untaken branch would compile to a deoptimisation point, and that
  // made V8 box the caller's float accumulator on every iteration (3× slower). Reassigning x
  // rather than naming a clamped copy also measured ~8% faster.
  x = x < -746 ? -746 : x > 710 ? 710 : x;
  // k = round(x·N/ln2), N/ln2 = 369.33…: adding 1.5·2^52 leaves no fraction bits in a double, so
  // subtracting it again yields x·N/ln2 rounded to the nearest integer (ties to even).
  const kf = x * 369.3299304675746 + 6755399441055744 - 6755399441055744;
  // r = x − k·ln2/N, Cody–Waite: ln2/N = 0.0027076061733168899 (fdlibm's ln2_hi/256, 32
  // significant bits, so k·hi is exact for |k| < 2^21 and x − k·hi is exact by Sterbenz)
  // + 7.45…e-13 (ln2_lo/256, the next 53 bits); only the last product's rounding remains.
  const r = x - kf * 0.0027076061733168899 - kf * 7.453964567463233e-13;
  // k = 256m + j with |k| ≤ 275,520 (NaN truncates to 0; r and so the result stay NaN).
  const k = kf | 0;
  // j = k mod 256 (two's complement & is a floor-mod), doubled to index the hi/lo pairs.
  const j = 2 * (k & 255);
  // p = exp(r) − 1 ≈ r + r²/2 + r³/6 + r⁴/24 by Horner's rule, r kept separate so nothing is lost
  // near 0; the first dropped term, r⁵/120 ≤ (ln2/512)⁵/120 ≈ 3.7e-17, is a sixth of an ulp of 1.
  const p = r + r * r * (0.5 + r * (0.16666666666666666 + r * 0.041666666666666664));
  const hi = TABLE[j]!;
  // 2^(j/N)·exp(r) = hi + (lo + hi·p): the small terms are summed before meeting hi (lo·p is
  // below 2^−60 and dropped), so the only large rounding is the final addition. y ∈ (0.99, 2).
  const y = hi + (TABLE[j + 1]! + hi * p);
  // m = ⌊k/256⌋ ∈ [−1077, 1024] (arithmetic shift floors), applied as 2^m1 · 2^m2 with
  // m1 = ⌊m/2⌋: y·2^m1 is always a normal double, so it is exact, and the second product rounds
  // once. That rounding gives the subnormal results (within half a subnormal ulp) and the
  // overflow to ∞; near 709.78 and −745.13 the true values sit ≥ 1.4e-14 (relative) from the
  // rounding boundaries, far beyond y's error, so ∞ and 0 appear exactly where Math.exp has them.
  const m = k >> 8;
  const m1 = m >> 1;
  // POW2[e + 1022] = 2^e.
  return y * POW2[m1 + 1022]! * POW2[m - m1 + 1022]!;
}
