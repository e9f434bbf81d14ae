// A PyTorch cell's interpreter: runs the Python that loss code is written in over the loss core,
// and reports what PyTorch 1.13 would print. Pure TypeScript: no DOM, no eval.
export { runProgram, type RunResult } from './run';
