// Reference values worked out with Math alone, independent of the loss core: what the tests of
// the cells and the chapters' claims check the core's numbers against.

/** softmax(o / t), shifted by the largest logit so no exp overflows. */
export function softmaxOf(o: readonly number[], t = 1): number[] {
  const m = Math.max(...o);
  const e = o.map((v) => Math.exp((v - m) / t));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / z);
}

/** (1/C) Σ (ŷᵢ − yᵢ)² with ŷ = softmax(o), y one-hot at k: F.mse_loss(F.softmax(o), one_hot). */
export function softmaxSquaredError(o: readonly number[], k: number): number {
  return softmaxOf(o).reduce((a, p, i) => a + (p - (i === k ? 1 : 0)) ** 2, 0) / o.length;
}
