import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LazyRunner, type RunReply, type RunRequest, type WorkerLike } from './runner';

/** A worker stand-in that records what it is sent and answers when told to. */
class FakeWorker implements WorkerLike {
  sent: RunRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<RunReply>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;
  postMessage(message: RunRequest): void {
    this.sent.push(message);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(reply: Omit<RunReply, 'id'>, id = this.sent.at(-1)?.id ?? 0): void {
    this.onmessage?.({ data: { id, ...reply } } as MessageEvent<RunReply>);
  }
  fail(message: string): void {
    this.onerror?.({ message, preventDefault: () => undefined } as ErrorEvent);
  }
}

describe('LazyRunner', () => {
  let workers: FakeWorker[];
  const runner = (timeout = 1000) =>
    new LazyRunner(() => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker;
    }, timeout);

  beforeEach(() => {
    workers = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('starts no worker until the first run, then reuses it', async () => {
    const r = runner();
    expect(workers).toHaveLength(0);
    const first = r.run('print(1)');
    expect(workers).toHaveLength(1);
    expect(workers[0]?.sent).toEqual([{ id: 1, code: 'print(1)' }]);
    workers[0]?.reply({ stdout: '1\n', error: null, line: null, ms: 2 });
    expect(await first).toEqual({
      kind: 'done',
      output: { stdout: '1\n', error: null, line: null },
      ms: 2,
    });
    const second = r.run('x');
    workers[0]?.reply({ stdout: '', error: "NameError: name 'x' is not defined", line: 1, ms: 1 });
    expect(await second).toMatchObject({ output: { line: 1 } });
    expect(workers).toHaveLength(1);
  });

  it('stops a run that outlasts its time, ends the worker and starts a fresh one next time', async () => {
    const r = runner(1000);
    const stuck = r.run('for i in range(10**9): pass');
    vi.advanceTimersByTime(1001);
    expect(await stuck).toEqual({
      kind: 'failed',
      message: 'Stopped: the program ran for more than 1 seconds. Run starts afresh.',
    });
    expect(workers[0]?.terminated).toBe(true);
    const next = r.run('print(2)');
    expect(workers).toHaveLength(2);
    workers[1]?.reply({ stdout: '2\n', error: null, line: null, ms: 1 });
    expect((await next).kind).toBe('done');
  });

  it('ends a busy worker when a newer run replaces its run, and times each run on its own', async () => {
    const r = runner(1000);
    const runaway = r.run('for i in range(10**9): pass');
    vi.advanceTimersByTime(900);
    const newer = r.run('print(2)');
    expect(await runaway).toEqual({
      kind: 'failed',
      message: 'This run was replaced by a newer one.',
    });
    // The newer run does not wait behind the runaway one: a fresh worker has it at once.
    expect(workers[0]?.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(workers[1]?.sent).toEqual([{ id: 2, code: 'print(2)' }]);
    // The older run's timer is gone: past its 1000 ms, the newer run is still running.
    vi.advanceTimersByTime(500);
    workers[1]?.reply({ stdout: '2\n', error: null, line: null, ms: 1 });
    expect(await newer).toMatchObject({ kind: 'done', output: { stdout: '2\n' } });
    // A late answer from the ended worker is ignored.
    workers[0]?.reply({ stdout: 'late\n', error: null, line: null, ms: 1 }, 1);
    expect(workers).toHaveLength(2);
  });

  it('reports a replacing run that outlasts its own time as stopped, timed from its start', async () => {
    const r = runner(1000);
    void r.run('a');
    vi.advanceTimersByTime(600);
    const newer = r.run('for i in range(10**9): pass');
    vi.advanceTimersByTime(999);
    let settled = false;
    void newer.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    vi.advanceTimersByTime(2);
    const outcome = await newer;
    expect(outcome.kind === 'failed' && outcome.message).toMatch(/^Stopped/);
    expect(workers[1]?.terminated).toBe(true);
  });

  it('reports a worker that cannot load, and one that cannot be made', async () => {
    const r = runner();
    const run = r.run('print(1)');
    workers[0]?.fail('Failed to fetch');
    expect(await run).toEqual({
      kind: 'failed',
      message: 'The interpreter could not start (Failed to fetch). Reload the page to try again.',
    });
    const blocked = new LazyRunner(() => {
      throw new Error('blocked by the page’s policy');
    });
    expect(await blocked.run('x')).toEqual({
      kind: 'failed',
      message:
        'The interpreter could not start (blocked by the page’s policy). Reload the page to try again.',
    });
  });

  it('ends its worker when the cell is disposed', () => {
    const r = runner();
    void r.run('x');
    r.dispose();
    expect(workers[0]?.terminated).toBe(true);
  });
});
