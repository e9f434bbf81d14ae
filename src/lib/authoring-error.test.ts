import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import {
  authoringError,
  displayPath,
  editDistance,
  failAt,
  nearest,
  suggestion,
} from './authoring-error';

describe('authoringError', () => {
  it('writes file:line:column: problem. Fix: hint, and carries the place for Astro', () => {
    const error = authoringError(
      `${process.cwd()}/content/en/a.mdx?astroContentCollectionEntry=true`,
      { line: 3, column: 7 },
      'Something is wrong.',
      'do this',
    );
    expect(error.message).toBe('content/en/a.mdx:3:7: Something is wrong. Fix: do this');
    expect(error).toMatchObject({ line: 3, column: 7, file: `${process.cwd()}/content/en/a.mdx` });
  });

  it('keeps a path outside the project absolute, and starts at 1:1 without a place', () => {
    expect(displayPath('/elsewhere/x.mdx')).toBe('/elsewhere/x.mdx');
    expect(authoringError('/elsewhere/x.mdx', undefined, 'P', 'F').message).toBe(
      '/elsewhere/x.mdx:1:1: P. Fix: F',
    );
  });

  it('fails at a node’s start', () => {
    const file = new VFile({ path: 'content/en/b.mdx' });
    const position = { start: { line: 9, column: 2 }, end: { line: 9, column: 5 } };
    expect(() => failAt(file, position, 'Bad', 'good')).toThrow(
      'content/en/b.mdx:9:2: Bad. Fix: good',
    );
  });
});

describe('nearest and suggestion', () => {
  it('prefers a name that differs only in case, then the nearest within a slip, ignoring case', () => {
    expect(nearest('trueclass', ['trueClass', 'labels'])).toBe('trueClass');
    expect(nearest('Lables', ['logits', 'labels'])).toBe('labels');
    expect(nearest('SOFMAX', ['softmax', 'loss'])).toBe('softmax');
    expect(nearest('zzz', ['logits', 'labels'])).toBeUndefined();
    expect(nearest('x', [])).toBeUndefined();
  });

  it('allows two edits, or half a long name’s letters, and no more', () => {
    expect(nearest('the-setup', ['the-setting'])).toBe('the-setting');
    expect(nearest('the-set', ['the-setting'])).toBeUndefined();
    expect(nearest('abcd', ['wxcd'])).toBe('wxcd');
    expect(nearest('abcd', ['wxyd'])).toBeUndefined();
    expect(nearest('entropy-and-kl-', ['entropy-and-kl', 'softmax-and-logits'])).toBe(
      'entropy-and-kl',
    );
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('suggests a near name and lists the names when none is near', () => {
    expect(nearest('zzz', ['entropy-and-kl'])).toBeUndefined();
    expect(
      suggestion('sofmax-and-logits', ['entropy-and-kl', 'softmax-and-logits'], 'chapter'),
    ).toBe('did you mean "softmax-and-logits"?');
    expect(suggestion('zzz', ['a-b', 'c-d'], 'chapter')).toBe('the chapters are: a-b, c-d');
    expect(suggestion('zzz', [], 'label')).toBe('there are no labels yet');
  });
});
