/** Raised for every invalid argument, with PyTorch's wording where PyTorch has one. */
export class LossError extends Error {
  override readonly name = 'LossError';
}

/** Throw a LossError when the condition fails, so checks read as one line each. */
export function check(condition: boolean, message: () => string): asserts condition {
  if (!condition) throw new LossError(message());
}
