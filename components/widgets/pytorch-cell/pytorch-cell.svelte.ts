// The PyTorch cell's state: the program being edited, what its last run printed, the example it
// started from, and the notes a reader hears (running, finished, a link's fate). Runs go through
// a ProgramRunner (runner.ts), so this class never loads the interpreter itself.
import { SvelteMap } from 'svelte/reactivity';
import type { ProgramRunner, RunOutcome, RunOutput } from './runner';

/** A program the cell can load from its menu; `output`, when known, is shown until the next run. */
export interface CellExample {
  readonly id: string;
  readonly title: string;
  readonly code: string;
  readonly output?: RunOutput;
}

export interface PytorchCellProps {
  /** The cell's id on its page, kebab-case: its links are `#cell/<id>?code=…`; no other cell may share it. */
  id: string;
  /** The program the cell starts with (and Reset returns to). */
  code: string;
  /** What `code` prints, computed at build time so the first state needs no JavaScript. */
  output: RunOutput;
  /** The cell's heading. @default 'PyTorch cell' */
  title?: string;
  /** Programs a menu offers; the first whose code is `code` is shown as chosen. */
  examples?: readonly CellExample[];
  /** Put the caret in the editor once the cell is on the page (a cell opened by the reader). */
  autofocus?: boolean;
  /** Show a Close button that calls this (a cell opened in place of a static program). */
  onclose?: () => void;
  /**
   * The program Reset goes back to, asked for when Reset is pressed: a cell opened in place of a
   * chapter cell's program passes the cell's current one, since its fields may change meanwhile.
   */
  current?: () => { readonly code: string; readonly output: RunOutput };
  /** Opened in place of a cell's program: no frame, badge or visible title of its own (the title still names it). */
  inPlace?: boolean;
}

/** The menu's entry for a program a link brought ("From the link"). */
export const LINKED = '#link';

/** What the reader sees under the editor. */
export type Status = 'idle' | 'running';

/** One program the cell knows: its original code and, if known, what it prints. */
interface Original {
  readonly code: string;
  readonly output: RunOutput | null;
}

export class PytorchCellState {
  readonly cellId: string;
  /** The program in the editor. */
  code = $state('');
  /** What the last run printed (or the built output), null when the program has not run yet. */
  output = $state<RunOutput | null>(null);
  status = $state<Status>('idle');
  /** A sentence for screen readers about the last action (role=status). */
  announcement = $state('');
  /** A problem the run itself could not report as Python output (a stopped or failed worker). */
  runProblem = $state<string | null>(null);
  /** What became of the last link: copied, restored, or why it was not applied. */
  linkNote = $state('');
  /** The program `output` came from (so the gutter marks its error line only while it is unchanged). */
  ranCode = $state('');
  /** What became of the last paste or typing at the length limit (nothing is cut silently). */
  editNote = $state('');
  /** The chosen example's id, '' for the cell's own program, LINKED for a linked one. */
  exampleId = $state('');
  /** Milliseconds the last run took in the worker. */
  runMs = $state<number | null>(null);

  private readonly runner: ProgramRunner;
  private readonly current: PytorchCellProps['current'];
  private readonly originals = new SvelteMap<string, Original>();
  /** The reader's edits to each example, kept when another is chosen so nothing typed is lost. */
  private readonly drafts = new SvelteMap<string, string>();

  constructor(props: PytorchCellProps, runner: ProgramRunner) {
    this.cellId = props.id;
    this.runner = runner;
    this.current = props.current;
    this.originals.set('', { code: props.code, output: props.output });
    for (const example of props.examples ?? []) {
      this.originals.set(example.id, { code: example.code, output: example.output ?? null });
    }
    this.code = props.code;
    this.ranCode = props.code;
    this.output = props.output;
    this.exampleId = props.examples?.find((e) => e.code === props.code)?.id ?? '';
    if (this.exampleId !== '')
      this.originals.set(this.exampleId, { code: props.code, output: props.output });
  }

  /** Whether the editor holds something other than the chosen program's original. */
  get edited(): boolean {
    return this.code !== this.original.code;
  }

  private get original(): Original {
    return this.originals.get(this.exampleId) ?? { code: '', output: null };
  }

  /** Run the editor's program and show what it prints. */
  async run(): Promise<void> {
    const code = this.code;
    this.status = 'running';
    this.runProblem = null;
    this.announcement = 'Running…';
    const outcome: RunOutcome = await this.runner.run(code);
    // A run replaced by a newer one leaves the newer one's state alone.
    if (outcome.kind === 'failed' && outcome.message.startsWith('This run was replaced')) return;
    this.status = 'idle';
    if (outcome.kind === 'failed') {
      this.runProblem = outcome.message;
      this.output = null;
      this.runMs = null;
      this.announcement = outcome.message;
      return;
    }
    this.output = outcome.output;
    this.ranCode = code;
    this.runMs = outcome.ms;
    this.announcement = describeRun(outcome.output);
  }

  /** Back to the chosen program as it was (or, opened on a cell, as the cell shows it now). */
  reset(): void {
    this.drafts.delete(this.exampleId);
    const now = this.current?.();
    if (now !== undefined) {
      this.exampleId = '';
      this.originals.set('', now);
    }
    this.code = this.original.code;
    this.ranCode = this.code;
    this.output = this.original.output;
    this.editNote = '';
    this.runProblem = null;
    this.runMs = null;
    this.announcement = 'Program reset.';
  }

  /** Load an example from the menu, keeping the current edits to come back to. */
  choose(exampleId: string): void {
    if (!this.originals.has(exampleId) || exampleId === this.exampleId) return;
    if (this.edited) this.drafts.set(this.exampleId, this.code);
    else this.drafts.delete(this.exampleId);
    this.exampleId = exampleId;
    const draft = this.drafts.get(exampleId);
    this.code = draft ?? this.original.code;
    this.ranCode = this.code;
    this.output = draft === undefined ? this.original.output : null;
    this.runProblem = null;
    this.runMs = null;
    this.announcement =
      draft === undefined ? 'Example loaded.' : 'Example loaded, with your earlier edits to it.';
  }

  /**
   * Put a linked program in the editor (the link was read and checked by share-link.ts); the
   * menu shows it as "From the link", and Reset comes back to it.
   */
  restore(code: string): void {
    if (this.edited) this.drafts.set(this.exampleId, this.code);
    this.originals.set(LINKED, { code, output: null });
    this.drafts.delete(LINKED);
    this.exampleId = LINKED;
    this.code = code;
    this.output = null;
    this.runProblem = null;
    this.runMs = null;
  }

  dispose(): void {
    this.runner.dispose();
  }
}

/** What a screen reader hears when a run finishes: the error line, or how much was printed. */
export function describeRun(output: RunOutput): string {
  const lines = output.stdout === '' ? 0 : output.stdout.replace(/\n$/, '').split('\n').length;
  const printed =
    lines === 0 ? 'printed nothing' : `printed ${lines} line${lines === 1 ? '' : 's'}`;
  return output.error === null
    ? `Run finished: ${printed}.`
    : `Run stopped with ${output.error} (${printed} before it).`;
}
