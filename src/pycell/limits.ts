// What one run of a PyTorch cell may use, so no program can hang or exhaust the page. Each
// refusal names its limit; the numbers are far above what the notebook's programs need.
import { LocatedException } from './located';
import { PyException } from './values';

/** Source longer than this (in UTF-16 units, ~bytes for ASCII programs) is refused unread. */
export const MAX_SOURCE_LENGTH = 100_000;
/** Brackets open at once; CPython itself stops at 200. */
export const MAX_BRACKET_DEPTH = 100;
/** Indented blocks open at once; CPython itself stops at 100. */
export const MAX_BLOCK_DEPTH = 100;
/** Depth of one expression's tree (operators, calls, attribute chains), so evaluating it stays well inside the JS stack. */
export const MAX_EXPRESSION_DEPTH = 200;
/** Operations per run: each evaluated expression or statement costs 1, a tensor op its element count. */
export const MAX_OPERATIONS = 5_000_000;
/** Elements in one tensor, list, tuple or string. */
export const MAX_ELEMENTS = 1_000_000;
/** Characters a run may print. */
export const MAX_OUTPUT = 1_000_000;

/** The error a refused limit raises: a RuntimeError line that says which limit it was. */
export function limitError(what: string, line?: number): PyException {
  const message = `${what} (a limit of this cell)`;
  return line === undefined
    ? new PyException('RuntimeError', message)
    : new LocatedException('RuntimeError', message, line);
}
