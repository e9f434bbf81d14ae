// float32 exp as PyTorch 1.13's vectorised CPU kernel computes it for torch.exp and
// torch.sigmoid (eight lanes at a time, a single-precision exp accurate to within 1 ulp, not
// always correctly rounded): e^4 comes out 54.598152, where Math.exp rounded to
// float32 gives 54.598148, and the printed digits follow whichever the kernel returns.
// The algorithm: exp(d) = 2^q · e^s with q = rint(d / ln 2) and s = d − q·ln 2, the product q·ln 2
// taken in two parts (a short high part, exact times q, and a low correction) so s keeps its
// low bits; e^s is 1 + s + s²·P(s) with P a degree-5 polynomial in Horner form by fused
// multiply-adds; 2^q is applied as two halves so neither factor overflows; below −104 the result
// is 0 and above 104 it is ∞. Each step is rounded to float32 as the vector unit rounds it.
// The fused multiply-adds: for float32 a and b the product a·b is exact in a double (at most
// 48 significant bits), so a·b + c is rounded once to double and then once more by fround. That
// double rounding gives the FMA's single float32 rounding except when the exact a·b + c is not
// halfway between two float32 values but its double rounding lands exactly halfway (the tie then
// goes to even, possibly the wrong way): rare, and none of the recorded rows hits it.
const f = Math.fround;

/** fma(a, b, c) in float32 as a double sum then fround (a double rounding; see above when it can differ). */
const fma = (a: number, b: number, c: number): number => f(a * b + c);

/** vrint: round to nearest, ties to even, as the vector unit's default rounding. */
function rint(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** torch.exp of one float32 value, bit for bit as PyTorch 1.13's AVX2 kernel computes it. */
export function expf(d: number): number {
  if (d !== d) return d;
  // 1/ln 2 rounded to float32, then the split ln 2 = L2U + L2L (the kernel's constants).
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
