import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SOURCE_LENGTH } from '../../../src/pycell/limits';
import {
  copyTokens,
  EDITOR_LIMIT,
  HIGHLIGHT_LIMIT,
  kilobytes,
  lineCount,
  lineStart,
  tokenize,
  type TokenKind,
} from './highlight';

/** The non-plain runs of a source, as [kind, text] pairs. */
const coloured = (source: string): [TokenKind, string][] =>
  tokenize(source)
    .filter((t) => t.kind !== 'plain')
    .map((t) => [t.kind, t.text]);

describe('tokenize', () => {
  it('colours keywords, builtins, numbers, strings and comments of a cell program', () => {
    expect(
      coloured('import torch\nfor i in range(3):\n    print(f"{x:.4f}", 1e-8, 0x1F)  # done'),
    ).toEqual([
      ['keyword', 'import'],
      ['keyword', 'for'],
      ['keyword', 'in'],
      ['builtin', 'range'],
      ['number', '3'],
      ['builtin', 'print'],
      ['string', 'f"{x:.4f}"'],
      ['number', '1e-8'],
      ['number', '0x1F'],
      ['comment', '# done'],
    ]);
  });

  it('leaves attributes with keyword or builtin names plain (x.sum, F.max, torch.float)', () => {
    expect(coloured('x.sum() + F.max(y) + torch . float')).toEqual([]);
  });

  it('reads triple-quoted strings across lines and stops an unterminated string at its line', () => {
    expect(coloured('s = """a\nb"""\nt = \'open\nu = 1')).toEqual([
      ['string', '"""a\nb"""'],
      ['string', "'open"],
      ['number', '1'],
    ]);
  });

  it('does not take a name ending in a string prefix letter for a string', () => {
    expect(coloured("surf'x' rb'y'")).toEqual([
      ['string', "'x'"],
      ['string', "rb'y'"],
    ]);
  });

  it('joins back to exactly the source, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (source) => {
        expect(
          tokenize(source)
            .map((t) => t.text)
            .join(''),
        ).toBe(source);
      }),
    );
  });

  it('tokenizes 100 KB of source in linear time', () => {
    const source = 'loss = F.cross_entropy(x, torch.tensor([1, 2]), reduction="sum")  # c\n'.repeat(
      1500,
    );
    const started = performance.now();
    tokenize(source);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('lineCount', () => {
  it('counts the lines a textarea shows, a trailing newline opening one more', () => {
    expect([lineCount(''), lineCount('a'), lineCount('a\n'), lineCount('a\nb\n\nc')]).toEqual([
      1, 1, 2, 4,
    ]);
  });
});

describe('the editor’s limits and helpers', () => {
  it('takes as many characters as the interpreter runs', () => {
    expect(EDITOR_LIMIT).toBe(MAX_SOURCE_LENGTH);
  });

  it('colours a program up to HIGHLIGHT_LIMIT characters and draws a longer one as one run', () => {
    const long = 'x = 1\n'.repeat(Math.ceil(HIGHLIGHT_LIMIT / 6) + 1);
    expect(copyTokens(long)).toEqual([{ kind: 'plain', text: long }]);
    expect(copyTokens('x = 1\n')).toEqual(tokenize('x = 1\n'));
  });

  it('finds a line’s first character past its indentation, clamping to the last line', () => {
    const source = 'a = 1\nfor i in range(2):\n    print(i)\n';
    expect(lineStart(source, 1)).toBe(0);
    expect(source.slice(lineStart(source, 3))).toBe('print(i)\n');
    expect(lineStart(source, 99)).toBe(source.length);
  });

  it('writes sizes in KB, never rounding a size over a limit down to it', () => {
    expect([kilobytes(8192), kilobytes(8193), kilobytes(100_000), kilobytes(12)]).toEqual([
      '8 KB',
      '8.1 KB',
      '97.7 KB',
      '0.1 KB',
    ]);
  });
});
