// What a cell's program prints ("Out"), as the PyTorch cell's runner reports a run: the lines
// the program wrote to stdout, and apart from them the last line Python prints for an uncaught
// exception. A cell's `printed` (src/pytorch/program.ts) joins both, so the editor opened on a
// cell starts from the same output a run of its program gives.

/** A run's output: stdout as print() wrote it (every line ends in "\n") and the error line or null. */
export interface ProgramOutput {
  readonly stdout: string;
  readonly error: string | null;
}

// Python's last traceback line: an exception class (built-in, or dotted like torch's
// `torch.cuda.OutOfMemoryError`) ending in Error or Exception, a colon, then its message.
// No printed value starts so: tensors, numbers, lists, `torch.Size`, dtypes and f-strings the
// cells print all begin otherwise.
const ERROR_LINE = /^(?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception)(?::|$)/;

/**
 * Split a cell's printed text into what its program wrote and the error that stopped it, so the
 * PyTorch cell shows a cell's output exactly as a run of the same program would.
 * @example printedOutput('tensor(1.)\nIndexError: Target 5 is out of bounds.')
 * // { stdout: 'tensor(1.)\n', error: 'IndexError: Target 5 is out of bounds.' }
 */
export function printedOutput(printed: string): ProgramOutput {
  if (printed === '') return { stdout: '', error: null };
  const lines = printed.split('\n');
  const last = lines.at(-1) ?? '';
  if (!ERROR_LINE.test(last)) return { stdout: `${printed}\n`, error: null };
  const before = lines.slice(0, -1);
  return { stdout: before.map((line) => `${line}\n`).join(''), error: last };
}
