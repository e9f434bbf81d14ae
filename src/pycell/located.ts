// Exceptions that know their source line, so a run can report where it failed (RunResult.line)
// apart from the message, which stays the last line CPython prints.
import { PyException } from './values';

/** A PyException raised where the source line is known (the tokenizer, the parser, a lookup). */
export class LocatedException extends PyException {
  readonly sourceLine: number;
  constructor(pyType: string, pyMessage: string, sourceLine: number) {
    super(pyType, pyMessage);
    this.sourceLine = sourceLine;
  }
}
