import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { authoringError, closest, displayPath, failAt, suggestion } from './authoring-error';

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

describe('closest and suggestion', () => {
  it('suggests a near name and lists the names when none is near', () => {
    expect(closest('entropy-and-kl-', ['entropy-and-kl', 'softmax-and-logits'])).toBe(
      'entropy-and-kl',
    );
    expect(closest('zzz', ['entropy-and-kl'])).toBeUndefined();
    expect(
      suggestion('sofmax-and-logits', ['entropy-and-kl', 'softmax-and-logits'], 'chapter'),
    ).toBe('did you mean "softmax-and-logits"?');
    expect(suggestion('zzz', ['a-b', 'c-d'], 'chapter')).toBe('the chapters are: a-b, c-d');
    expect(suggestion('zzz', [], 'label')).toBe('there are no labels yet');
  });
});
