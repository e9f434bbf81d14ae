// Port of SLEEF's xexpf (sleefsimdsp.c, the u10 single-precision exp) as PyTorch 1.13's AVX2 CPU
// kernels call it for torch.exp and torch.sigmoid on float32: it is not correctly rounded (e^4
// comes out 54.598152, not 54.598148), so rounding Math.exp to float32 would print other digits.
// exp(d) = 2^q · e^s with q = rint(d / ln 2) and s = d − q·ln 2 in two parts, e^s a degree-6
// polynomial evaluated with fused multiply-adds; each step is rounded to float32 as the vector
// unit rounds it (a float32 product is exact in a double, so fround(a·b + c) is the fused result).
const f = Math.fround;

/** fma(a, b, c) in float32: a·b is exact in double for float32 a and b, then one rounding. */
const fma = (a: number, b: number, c: number): number => f(a * b + c);

/** vrint: round to nearest, ties to even, as the vector unit's default rounding. */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** torch.exp of one float32 value, bit for bit as PyTorch 1.13's AVX2 kernel computes it. */
export function expf(d: number): number {
  if (d !== d) return d;
  // 1/ln 2 rounded to float32, then the split ln 2 = L2U + L2L (SLEEF's constants).
  const q = rint(f(d * f(1.4426950408889634)));
  let s = fma(q, f(-0.693145751953125), d);
  s = fma(q, f(-1.428606765330187045e-6), s);
  let u = f(0.000198527617612853646278381);
  u = fma(u, s, f(0.00139304355252534151077271));
  u = fma(u, s, f(0.00833336077630519866943359));
  u = fma(u, s, f(0.0416664853692054748535156));
  u = fma(u, s, f(0.166666671633720397949219));
  u = fma(u, s, f(0.5));
  u = f(1 + fma(f(s * s), u, s));
  // vldexp2: scale by 2^q in two halves so neither factor overflows.
  const half = q >> 1;
  u = f(f(u * 2 ** half) * 2 ** (q - half));
  if (d < -104) return 0;
  if (d > 104) return Infinity;
  return u;
}
