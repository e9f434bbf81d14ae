// One-line raising of a Python exception, for expressions that must return a value.
import { PyException } from '../values';

/** Throw `type: message`; typed as never so it can stand where a value is expected. */
export function pyraise(type: string, message: string): never {
  throw new PyException(type, message);
}
