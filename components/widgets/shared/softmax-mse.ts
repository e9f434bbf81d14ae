// Squared error on the softmax, F.mse_loss(F.softmax(o, dim=-1), y), and its gradient with
// respect to the logits o: back through the mean squared error, then through the softmax. The
// one home of this chain for the cells and the prose numbers that set it against cross-entropy.
import {
  mseLoss,
  mseLossBackward,
  softmax,
  softmaxBackward,
  type Tensor,
} from '../../../src/loss/index';

export interface SoftmaxMse {
  /** softmax(o) over the last dim. */
  readonly probabilities: Tensor;
  /** The mean of (softmax(o) − y)² over every entry, as F.mse_loss's default reduction. */
  readonly loss: Tensor;
  /** ∂loss/∂o, o's shape. */
  readonly grad: Tensor;
}

/** Squared error between softmax(logits) (over the last dim) and `target` of the same shape, with its gradient. */
export function softmaxMseWithGrad(logits: Tensor, target: Tensor): SoftmaxMse {
  const probabilities = softmax(logits);
  return {
    probabilities,
    loss: mseLoss(probabilities, target),
    grad: softmaxBackward(probabilities, mseLossBackward(probabilities, target)),
  };
}
