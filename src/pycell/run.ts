// runProgram: a PyTorch cell's program in, what PyTorch 1.13 would print out.
import { runSource, type RunResult } from './evaluate';
import { createTorch } from './torch/index';

export type { RunResult } from './evaluate';

/**
 * Runs a cell's Python program with a fresh torch module and returns what it printed and the
 * last line of its uncaught exception's traceback (null when it ran to the end).
 * @example runProgram('print(1 / 4)') // { stdout: '0.25\n', error: null }
 */
export function runProgram(source: string): RunResult {
  return runSource(source, { torch: createTorch });
}
