import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  parseStateFragment,
  restoreCell,
  STATE_LIMIT,
  stateFragment,
  StateReader,
} from './state-link';
import {
  CELL_LINK,
  encodeMatrix,
  encodeNumbers,
  isCellId,
  linkedCellId,
  type ShareableState,
} from './url-state';

/** The params of a fragment that must parse. */
function paramsOf(hash: string): ReadonlyMap<string, string> {
  const linked = parseStateFragment(hash);
  if (linked === null || 'error' in linked) throw new Error(`did not parse: ${hash}`);
  return linked.params;
}

describe('state fragments', () => {
  it('write the cell id and the state as a query after #cell/', () => {
    expect(stateFragment('batch-playground', { o: '1,2', r: 'mean' })).toBe(
      '#cell/batch-playground?o=1%2C2&r=mean',
    );
    expect(stateFragment('stability-lab', {})).toBe('#cell/stability-lab');
    expect(() => stateFragment('Bad Id', {})).toThrow(/kebab-case/);
  });

  it('read back exactly what they wrote, for any keys and values', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 30 }), {
          maxKeys: 6,
        }),
        (state) => {
          const linked = parseStateFragment(stateFragment('some-cell', state));
          expect(linked).toEqual({ cellId: 'some-cell', params: new Map(Object.entries(state)) });
        },
      ),
    );
  });

  it('ignore fragments that name no cell, such as heading anchors', () => {
    for (const hash of [
      '',
      '#',
      '#softmax',
      '#cell',
      '#cell/',
      '#cell/Bad_Id?x=1',
      '#cells/a?x=1',
    ]) {
      expect(parseStateFragment(hash), hash).toBeNull();
    }
    expect(isCellId('a'.repeat(49))).toBe(false);
  });

  it('refuse a broken escape, a repeated key and an oversize state, naming the problem', () => {
    expect(parseStateFragment('#cell/a?x=%E0%A4%A')).toEqual({
      cellId: 'a',
      error: 'it has a broken %-escape in “x=%E0%A4%A”',
    });
    expect(parseStateFragment('#cell/a?x=1&x=2')).toEqual({
      cellId: 'a',
      error: 'it gives “x” twice',
    });
    const long = `#cell/a?x=${'1'.repeat(STATE_LIMIT)}`;
    expect(parseStateFragment(long)).toEqual({
      cellId: 'a',
      error: `it is ${long.length} characters long, over the ${STATE_LIMIT} a cell reads`,
    });
  });

  it('never throw, whatever the fragment', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `#cell/a?${s}`),
        ),
        (hash) => {
          const linked = parseStateFragment(hash);
          if (linked !== null) expect(isCellId(linked.cellId)).toBe(true);
        },
      ),
    );
  });
});

describe('StateReader', () => {
  it('reads numbers, lists, matrices and choices within their rules', () => {
    const reader = new StateReader(
      paramsOf(
        `#cell/a?n=3&o=${encodeNumbers([1.5, -2, 1e-8])}&m=${encodeMatrix([
          [1, 2],
          [3, 4],
        ])}&r=sum`,
      ),
      ['n', 'o', 'm', 'r', 'optional'],
    );
    expect(reader.number('n', { min: 1, max: 16, integer: true })).toBe(3);
    expect(reader.numbers('o', { minLength: 2, maxLength: 8 })).toEqual([1.5, -2, 1e-8]);
    expect(
      reader.matrix('m', { minLength: 1, maxLength: 16 }, { minLength: 2, maxLength: 8 }),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(reader.choice('r', ['none', 'sum', 'mean'])).toBe('sum');
    expect(reader.text('optional', true)).toBeUndefined();
    expect(reader.error).toBeNull();
  });

  it.each([
    ['#cell/a?zzz=1', 'it has “zzz”, which this cell does not know'],
    ['#cell/a', 'it lacks “n”'],
    ['#cell/a?n=2.5', '“n” must be a whole number, got 2.5'],
    ['#cell/a?n=99', '“n” must be at most 16, got 99'],
    ['#cell/a?n=1e999', '“n”: “1e999” is beyond the largest float64 (±1.8e308)'],
    ['#cell/a?n=NaN', '“n”: “NaN” is not a number'],
    ['#cell/a?n=', '“n” is empty: type a number'],
  ])('explains %s as: %s', (hash, message) => {
    const reader = new StateReader(paramsOf(hash), ['n']);
    expect(reader.number('n', { min: 1, max: 16, integer: true })).toBeUndefined();
    expect(reader.error).toBe(message);
  });

  it('keeps the first problem and reads nothing after it', () => {
    const reader = new StateReader(paramsOf('#cell/a?o=1,x&m=1,2;3&r=max'), ['o', 'm', 'r']);
    expect(reader.numbers('o', { minLength: 1, maxLength: 3 })).toBeUndefined();
    expect(
      reader.matrix('m', { minLength: 1, maxLength: 4 }, { minLength: 1, maxLength: 4 }),
    ).toBeUndefined();
    expect(reader.choice('r', ['sum'])).toBeUndefined();
    expect(reader.error).toBe('“o”: “x” is not a number');
  });

  it('ends with done(): every value when all were read, else the first problem', () => {
    const read = new StateReader(paramsOf('#cell/a?n=3&r=sum'), ['n', 'r']);
    const n = read.number('n', { integer: true });
    const r = read.choice('r', ['sum', 'mean']);
    expect(read.done(n, r)).toEqual([3, 'sum']);
    const bad = new StateReader(paramsOf('#cell/a?n=3&r=max'), ['n', 'r']);
    expect(bad.done(bad.number('n'), bad.choice('r', ['sum']))).toBe(
      '“r” must be one of sum, got “max”',
    );
  });

  it('makes done() refuse a missing value even when no read recorded a problem', () => {
    const read = new StateReader(paramsOf('#cell/a?n=3'), ['n', 'o']);
    const optional = read.numbers('o', { minLength: 1, maxLength: 2 }, true);
    expect(read.error).toBeNull();
    expect(read.done(read.number('n'), optional)).toBe('it lacks part of the state');
    expect(read.error).toBe('it lacks part of the state');
  });

  it('refuses ragged matrices, lists of the wrong length and unknown choices', () => {
    const ragged = new StateReader(paramsOf('#cell/a?m=1,2;3'), ['m']);
    ragged.matrix('m', { minLength: 1, maxLength: 4 }, { minLength: 1, maxLength: 4 });
    expect(ragged.error).toBe('“m” must have rows of one length, got 2 and 1');
    const short = new StateReader(paramsOf('#cell/a?o=1'), ['o']);
    short.numbers('o', { minLength: 2, maxLength: 8 });
    expect(short.error).toBe('“o” must have 2–8 numbers, got 1');
    const rows = new StateReader(paramsOf('#cell/a?m=1;2;3'), ['m']);
    rows.matrix('m', { minLength: 1, maxLength: 2 }, { minLength: 1, maxLength: 4 });
    expect(rows.error).toBe('“m” must have 1–2 rows, got 3');
    const choice = new StateReader(paramsOf('#cell/a?r=%3Cscript%3E'), ['r']);
    choice.choice('r', ['none', 'sum']);
    expect(choice.error).toBe('“r” must be one of none, sum, got “<script>”');
  });
});

describe('restoreCell', () => {
  /** A one-number cell: `x` in [0, 10]. */
  function cell(): ShareableState & { x: number } {
    return {
      cellId: 'demo',
      x: 1,
      shareState() {
        return { x: String(this.x) };
      },
      restoreState(read) {
        const x = read.number('x', { min: 0, max: 10 });
        if (read.error !== null || x === undefined) return read.error;
        this.x = x;
        return null;
      },
    };
  }

  it('applies a link to its own cell and says so', () => {
    const state = cell();
    expect(restoreCell(state, '#cell/demo?x=4')).toBe('State restored from the link.');
    expect(state.x).toBe(4);
  });

  it('leaves a fragment for another cell, or no cell, alone', () => {
    const state = cell();
    expect(restoreCell(state, '#cell/other?x=4')).toBeNull();
    expect(restoreCell(state, '#notation')).toBeNull();
    expect(state.x).toBe(1);
  });

  it('explains a refused link and changes nothing', () => {
    const state = cell();
    expect(restoreCell(state, '#cell/demo?x=40')).toMatch(
      /^The link's state was not applied: .+\. The cell is unchanged\.$/,
    );
    expect(restoreCell(state, '#cell/demo?y=1')).toMatch(/^The link's state was not applied: /);
    expect(state.x).toBe(1);
  });
});

describe('the cell a fragment links to', () => {
  it('is the id after #cell/, followed by ? or nothing', () => {
    expect(linkedCellId('#cell/batch-playground?o=1')).toBe('batch-playground');
    expect(linkedCellId('#cell/kl-bce-lab-bce')).toBe('kl-bce-lab-bce');
    for (const hash of [
      '#cell/kl-bce-lab-bce&x',
      '#cell/Bad',
      '#cell/',
      '#softmax',
      '',
      `#cell/${'a'.repeat(49)}`,
    ]) {
      expect(linkedCellId(hash), hash).toBeNull();
    }
  });

  it('is matched by the inline scrolling script with the very same pattern', () => {
    const script = readFileSync(
      new URL('../../frame/cell-link.inline.js', import.meta.url),
      'utf8',
    );
    expect(script).toContain(`/${CELL_LINK.source}/`);
  });
});
