// The forward cross-entropy remembers each row's log-sum-exp (N numbers, never N×C), the way
// PyTorch's log_softmax saves its output for backward, so the gradient needs one exp pass
// instead of two. The memo is only a hint: rowSoftmaxFromLse checks Σ softmax = 1 and the
// gradient is recomputed from scratch whenever the logits changed in between.

interface Remembered {
  readonly rows: number;
  readonly lse: Float64Array;
}

const memo = new WeakMap<object, Remembered>();

/** Keep the per-row log-sum-exp of a logits buffer for a later backward call. */
export function rememberRowLse(data: object, lse: Float64Array): void {
  memo.set(data, { rows: lse.length, lse });
}

/** The remembered per-row log-sum-exp of a logits buffer, if one of the right length exists. */
export function recallRowLse(data: object, rows: number): Float64Array | undefined {
  const remembered = memo.get(data);
  return remembered !== undefined && remembered.rows === rows ? remembered.lse : undefined;
}
