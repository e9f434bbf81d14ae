// Runs a cell's program off the main thread: the interpreter lives in a Web Worker
// (run.worker.ts) started on the first Run, so a page pays nothing for it until a reader runs
// something, and a long run never freezes the page. A run that outlasts its time is stopped by
// ending the worker (the next Run starts a fresh one), and the reader is told so.

/** What a program printed and the line of its uncaught exception, as runProgram reports them. */
export interface RunOutput {
  readonly stdout: string;
  readonly error: string | null;
  /** The 1-based program line the error arose on; null without an error or when not known. */
  readonly line: number | null;
}

/** A finished run (with its time in the worker), or why there is no output. */
export type RunOutcome =
  | { readonly kind: 'done'; readonly output: RunOutput; readonly ms: number }
  | { readonly kind: 'failed'; readonly message: string };

/** How the cell asks for a run: the real runner, or a stand-in in tests. */
export interface ProgramRunner {
  run(code: string): Promise<RunOutcome>;
  /** End the worker, if one was started (the cell is leaving the page). */
  dispose(): void;
}

/** The message a worker receives, and the one it answers with. */
export interface RunRequest {
  readonly id: number;
  readonly code: string;
}
export interface RunReply extends RunOutput {
  readonly id: number;
  readonly ms: number;
}

/** The part of a Worker this runner uses. */
export interface WorkerLike {
  postMessage(message: RunRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<RunReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/** How long a run may take, loading the interpreter included, before its worker is ended. */
export const RUN_TIMEOUT_MS = 15_000;

/** Starts the worker on the first run and stops a runaway one; one run at a time. */
export class LazyRunner implements ProgramRunner {
  private worker: WorkerLike | null = null;
  private nextId = 1;
  private pending: { id: number; settle: (outcome: RunOutcome) => void } | null = null;
  private readonly start: () => WorkerLike;
  private readonly timeoutMs: number;

  /** `start` makes the worker (the component passes `new Worker(…)`), called on the first run. */
  constructor(start: () => WorkerLike, timeoutMs = RUN_TIMEOUT_MS) {
    this.start = start;
    this.timeoutMs = timeoutMs;
  }

  /**
   * Run `code`; a run asked for while another is pending replaces it: the older one is told, and
   * its worker, which may be busy with it for seconds, is ended so the new run starts at once in a
   * fresh one (and its own timer measures only it).
   */
  run(code: string): Promise<RunOutcome> {
    if (this.pending !== null) {
      this.pending.settle({ kind: 'failed', message: 'This run was replaced by a newer one.' });
      this.stopWorker();
    }
    return new Promise((resolve) => {
      const id = this.nextId++;
      const timer: { id?: ReturnType<typeof setTimeout> } = {};
      const settle = (outcome: RunOutcome) => {
        if (this.pending?.id !== id) return;
        this.pending = null;
        clearTimeout(timer.id);
        resolve(outcome);
      };
      this.pending = { id, settle };
      let worker: WorkerLike;
      try {
        worker = this.ensureWorker();
      } catch (error) {
        settle({ kind: 'failed', message: unavailable(error) });
        return;
      }
      timer.id = setTimeout(() => {
        this.stopWorker();
        const seconds = Math.round(this.timeoutMs / 1000);
        settle({
          kind: 'failed',
          message: `Stopped: the program ran for more than ${seconds} seconds. Run starts afresh.`,
        });
      }, this.timeoutMs);
      worker.postMessage({ id, code });
    });
  }

  dispose(): void {
    this.pending?.settle({ kind: 'failed', message: 'The cell was closed.' });
    this.stopWorker();
  }

  /** The worker, started on first use, wired to settle the pending run. */
  private ensureWorker(): WorkerLike {
    if (this.worker !== null) return this.worker;
    const worker = this.start();
    worker.onmessage = ({ data }) => {
      if (data.id !== this.pending?.id) return;
      this.pending.settle({
        kind: 'done',
        output: { stdout: data.stdout, error: data.error, line: data.line },
        ms: data.ms,
      });
    };
    // A worker that fails to load (offline, or a new build replaced its file) fails the run.
    worker.onerror = (event) => {
      event.preventDefault();
      this.stopWorker();
      this.pending?.settle({ kind: 'failed', message: unavailable(event.message) });
    };
    this.worker = worker;
    return worker;
  }

  private stopWorker(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}

/** The sentence for an interpreter that could not start. */
function unavailable(cause: unknown): string {
  const detail = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : '';
  return `The interpreter could not start${detail === '' ? '' : ` (${detail})`}. Reload the page to try again.`;
}
