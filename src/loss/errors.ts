/** The Python exception type PyTorch raises for an error: what `Type:` a traceback's last line starts with. */
export type PyErrorType = 'RuntimeError' | 'IndexError' | 'ValueError' | 'TypeError';

/** Raised for every invalid argument, with PyTorch's wording and exception type where PyTorch has one. */
export class LossError extends Error {
  override readonly name = 'LossError';
  /** The exception PyTorch raises for this message (RuntimeError unless the throw site says otherwise). */
  readonly pyType: PyErrorType;
  constructor(message: string, pyType: PyErrorType = 'RuntimeError') {
    super(message);
    this.pyType = pyType;
  }
  /** The last line Python prints for this error when nothing catches it, as a notebook shows it. */
  get line(): string {
    return `${this.pyType}: ${this.message}`;
  }
}
