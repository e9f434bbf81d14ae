import { describe, expect, it } from 'vitest';
import {
  describeRun,
  LINKED,
  PytorchCellState,
  type PytorchCellProps,
} from './pytorch-cell.svelte.ts';
import type { ProgramRunner, RunOutcome } from './runner';

/** A runner that answers each run with the next prepared outcome and records the code. */
function scripted(...outcomes: RunOutcome[]): ProgramRunner & { codes: string[] } {
  const codes: string[] = [];
  return {
    codes,
    run: (code) => {
      codes.push(code);
      return Promise.resolve(outcomes.shift() ?? { kind: 'failed', message: 'no outcome' });
    },
    dispose: () => undefined,
  };
}

const PROPS: PytorchCellProps = {
  id: 'scratch',
  code: 'print(1)',
  output: { stdout: '1\n', error: null, line: null },
  examples: [
    { id: 'one', title: 'One', code: 'print(1)' },
    {
      id: 'two',
      title: 'Two',
      code: 'print(2)',
      output: { stdout: '2\n', error: null, line: null },
    },
  ],
};

describe('PytorchCellState', () => {
  it('starts from the built program and output, with the matching example chosen', () => {
    const cell = new PytorchCellState(PROPS, scripted());
    expect([cell.code, cell.output, cell.exampleId, cell.edited]).toEqual([
      'print(1)',
      { stdout: '1\n', error: null, line: null },
      'one',
      false,
    ]);
  });

  it('runs the editor’s program and shows what it printed, announcing the result', async () => {
    const runner = scripted({
      kind: 'done',
      output: { stdout: 'a\nb\n', error: "NameError: name 'y' is not defined", line: 3 },
      ms: 3,
    });
    const cell = new PytorchCellState(PROPS, runner);
    cell.code = 'print("a")\nprint("b")\nprint(y)';
    const running = cell.run();
    expect([cell.status, cell.announcement]).toEqual(['running', 'Running…']);
    await running;
    expect(runner.codes).toEqual(['print("a")\nprint("b")\nprint(y)']);
    expect(cell.status).toBe('idle');
    expect(cell.output?.error).toBe("NameError: name 'y' is not defined");
    expect([cell.output?.line, cell.ranCode]).toEqual([3, 'print("a")\nprint("b")\nprint(y)']);
    expect(cell.announcement).toBe(
      "Run stopped with NameError: name 'y' is not defined (printed 2 lines before it).",
    );
    expect(cell.runMs).toBe(3);
  });

  it('shows a stopped or failed worker as a problem, not as program output', async () => {
    const cell = new PytorchCellState(PROPS, scripted({ kind: 'failed', message: 'Stopped: …' }));
    await cell.run();
    expect([cell.output, cell.runProblem, cell.announcement]).toEqual([
      null,
      'Stopped: …',
      'Stopped: …',
    ]);
  });

  it('keeps the edits to one example when another is chosen, and Reset drops them', () => {
    const cell = new PytorchCellState(PROPS, scripted());
    cell.code = 'print(10)';
    cell.choose('two');
    expect([cell.code, cell.output]).toEqual([
      'print(2)',
      { stdout: '2\n', error: null, line: null },
    ]);
    cell.choose('one');
    expect([cell.code, cell.output, cell.edited]).toEqual(['print(10)', null, true]);
    cell.reset();
    expect([cell.code, cell.output, cell.edited]).toEqual([
      'print(1)',
      { stdout: '1\n', error: null, line: null },
      false,
    ]);
    cell.choose('nonexistent');
    expect(cell.exampleId).toBe('one');
  });

  it('puts a linked program in the editor with no output until it runs, as the menu’s “From the link”', () => {
    const cell = new PytorchCellState(PROPS, scripted());
    cell.code = 'print(11)';
    cell.restore('print(3)');
    expect([cell.code, cell.output, cell.exampleId]).toEqual(['print(3)', null, LINKED]);
    cell.code = 'print(4)';
    cell.reset();
    expect(cell.code).toBe('print(3)');
    // The edits made before the link came are kept with the example they were made to.
    cell.choose('one');
    expect(cell.code).toBe('print(11)');
  });

  it('resets a cell opened in place to the cell’s program as it is now, not as it was opened', () => {
    let now = { code: 'print(5)', output: { stdout: '5\n', error: null, line: null } };
    const cell = new PytorchCellState(
      { id: 'c-code', code: now.code, output: now.output, current: () => now },
      scripted(),
    );
    cell.code = 'print(50)';
    now = { code: 'print(6)', output: { stdout: '6\n', error: null, line: null } };
    cell.reset();
    expect([cell.code, cell.output, cell.edited]).toEqual(['print(6)', now.output, false]);
  });
});

describe('describeRun', () => {
  it('says how much was printed, or the error line', () => {
    expect(describeRun({ stdout: '', error: null, line: null })).toBe(
      'Run finished: printed nothing.',
    );
    expect(describeRun({ stdout: 'x\n', error: null, line: null })).toBe(
      'Run finished: printed 1 line.',
    );
  });
});
