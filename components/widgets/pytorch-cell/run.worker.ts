// The PyTorch cell's interpreter, in a Web Worker: it receives a program, runs it with
// runProgram (src/pycell/) and answers with what it printed, so the page stays responsive.
import { runProgram } from '../../../src/pycell/index';
import type { RunReply, RunRequest } from './runner';

/** The worker's global scope, as far as this file uses it (the project's types are the page's). */
const scope = self as unknown as {
  postMessage(message: RunReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<RunRequest>) => void): void;
};

scope.addEventListener('message', ({ data }) => {
  const started = performance.now();
  let stdout = '';
  let error: string | null;
  let line: number | null = null;
  try {
    ({ stdout, error, line } = runProgram(data.code));
  } catch (failure) {
    // runProgram reports every Python error itself; reaching here is the interpreter's own fault.
    error = `InternalError: the interpreter failed (${failure instanceof Error ? failure.message : String(failure)})`;
  }
  scope.postMessage({ id: data.id, stdout, error, line, ms: performance.now() - started });
});
