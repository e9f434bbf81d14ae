/** Raised for every invalid argument, with PyTorch's wording where PyTorch has one. */
export class LossError extends Error {
  override readonly name = 'LossError';
}
