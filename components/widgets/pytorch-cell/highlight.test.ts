import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineCount, tokenize, type TokenKind } from './highlight';

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
