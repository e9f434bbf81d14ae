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
    workers[0]?.reply({ stdout: '1\n', error: null, ms: 2 });
    expect(await first).toEqual({
      kind: 'done',
      output: { stdout: '1\n', error: null },
      ms: 2,
    });
    const second = r.run('x');
    workers[0]?.reply({ stdout: '', error: "NameError: name 'x' is not defined", ms: 1 });
    expect((await second).kind).toBe('done');
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
    workers[1]?.reply({ stdout: '2\n', error: null, ms: 1 });
    expect((await next).kind).toBe('done');
  });

  it('ignores a late answer to a run that was replaced', async () => {
    const r = runner();
    const older = r.run('a');
    const newer = r.run('b');
    expect(await older).toEqual({
      kind: 'failed',
      message: 'This run was replaced by a newer one.',
    });
    workers[0]?.reply({ stdout: 'a\n', error: null, ms: 1 }, 1);
    workers[0]?.reply({ stdout: 'b\n', error: null, ms: 1 }, 2);
    expect(await newer).toMatchObject({ output: { stdout: 'b\n' } });
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
