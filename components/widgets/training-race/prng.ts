// The race's own seeded generator, so a seed gives the same data set on every machine and in
// every build: mulberry32 (Tommy Ettinger's 32-bit generator) for uniforms, Box–Muller for
// normals. PyTorch's RNG is not reproduced; the PyTorch program receives the data as literals.

/**
 * A uniform generator on [0, 1) from a 32-bit seed: the same seed gives the same sequence.
 * @example mulberry32(1)() // 0.6270739405881613
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Standard normal draws from a uniform generator by the Box–Muller transform (both of each pair used).
 * @example gaussian(mulberry32(1))() // a finite number, the same for the same seed
 */
export function gaussian(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    // 1 − u lies in (0, 1], so the logarithm stays finite.
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
