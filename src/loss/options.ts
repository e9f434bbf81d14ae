// Option checking shared by the losses: each bad option gets a message naming it.
import { requireTensor } from './dtype';
import { LossError } from './errors';
import type { Tensor } from './tensor';

/** Reject option keys the function does not have (a typo would otherwise be ignored silently). */
export function checkOptionKeys(fn: string, options: object, allowed: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw new LossError(
        `${fn}(): unknown option '${key}' (expected one of: ${allowed.join(', ')})`,
      );
    }
  }
}

/** An integer option such as ignoreIndex or numClasses. */
export function integerOption(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new LossError(`${fn}(): option '${name}' must be an integer, got ${String(value)}`);
  }
  return value;
}

/** A finite number option such as labelSmoothing. */
export function numberOption(fn: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) {
    throw new LossError(`${fn}(): option '${name}' must be a number, got ${String(value)}`);
  }
  return value;
}

/** An optional Tensor option such as weight or posWeight (PyTorch takes tensors, not arrays). */
export function tensorOption(fn: string, name: string, value: unknown): Tensor | undefined {
  if (value === undefined) return undefined;
  requireTensor(value, fn, name);
  return value;
}
