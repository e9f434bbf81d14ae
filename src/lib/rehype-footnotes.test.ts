import { createProcessor } from '@mdx-js/mdx';
import remarkGfm from 'remark-gfm';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import rehypeFootnotes, { checkFootnotes } from './rehype-footnotes';

/** Compile a chapter the way the site does (MDX, GFM, math) with the footnote plugin. */
function compile(markdown: string, path = 'content/en/notes.mdx'): string {
  return String(
    createProcessor({
      remarkPlugins: [remarkGfm, remarkMath],
      rehypePlugins: [rehypeFootnotes],
    }).processSync(new VFile({ path, value: markdown })),
  );
}

/** The message a chapter's build stops with, if any. */
function failureOf(markdown: string, path?: string): string | undefined {
  try {
    compile(markdown, path);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe('footnote checks', () => {
  it('passes a chapter whose every reference has its note and every note is cited', () => {
    const markdown = [
      'Cross-entropy[^core] and KL[^KL] are losses.',
      '',
      '## References',
      '',
      '[^core]: The core note.',
      '[^kl]: Kullback and Leibler (1951).',
    ].join('\n');
    const js = compile(markdown);
    expect(js).toContain('The core note.');
    expect(js).toContain('Kullback and Leibler');
  });

  it('fails at a misspelt reference, suggesting the note it was meant for', () => {
    const markdown = [
      'Intro.',
      '',
      'Cross-entropy is a loss[^cor] and KL another[^kl].',
      '',
      '[^core]: The core note.',
      '[^kl]: Kullback and Leibler (1951).',
    ].join('\n');
    // The note [^core] is then cited by nobody; it is the same slip, reported once.
    expect(failureOf(markdown)).toBe(
      'content/en/notes.mdx:3:24: Footnote [^cor] has no note, so the page would show the text "[^cor]". Fix: did you mean [^core]? The notes of this chapter are: [^core], [^kl]',
    );
  });

  it('lists the notes when nothing is near the reference', () => {
    const markdown = ['A claim[^zzzzzz].', '', 'Cited[^kl].', '', '[^kl]: A note.'].join('\n');
    expect(failureOf(markdown)).toBe(
      'content/en/notes.mdx:1:8: Footnote [^zzzzzz] has no note, so the page would show the text "[^zzzzzz]". Fix: cite one of the notes of this chapter ([^kl]), or add the note on a line of its own: [^zzzzzz]: <the note>',
    );
  });

  it('says so when the chapter has no notes at all', () => {
    expect(failureOf('A claim[^1].\n')).toBe(
      'content/en/notes.mdx:1:8: Footnote [^1] has no note, so the page would show the text "[^1]". Fix: this chapter has no notes yet; add one on a line of its own: [^1]: <the note>',
    );
  });

  it('fails at a note that nothing cites', () => {
    const markdown = ['Cited[^a].', '', '[^a]: One.', '', '[^orphan]: Two.'].join('\n');
    expect(failureOf(markdown)).toBe(
      'content/en/notes.mdx:5:1: Footnote [^orphan] is never cited, so the page would leave the note out. Fix: cite it with [^orphan] where it belongs, or delete the note',
    );
  });

  it('reports every problem of the chapter, one line each, in the order they appear', () => {
    const markdown = [
      'One[^x] and two[^note-two].',
      '',
      '[^unused]: Never cited.',
      '',
      '[^note-too]: Meant for two.',
    ].join('\n');
    expect(failureOf(markdown)?.split('\n')).toEqual([
      expect.stringMatching(/^content\/en\/notes\.mdx:1:4: Footnote \[\^x\] has no note/),
      expect.stringMatching(
        /^content\/en\/notes\.mdx:1:16: Footnote \[\^note-two\] has no note.*did you mean \[\^note-too\]\?/,
      ),
      expect.stringMatching(/^content\/en\/notes\.mdx:3:1: Footnote \[\^unused\] is never cited/),
    ]);
  });

  it('flags a label with a space, which GFM never takes for a reference', () => {
    expect(failureOf('A claim[^my note].\n\n[^kl]: x[^kl]\n')).toMatch(
      /^content\/en\/notes\.mdx:1:8: Footnote reference \[\^my note\] has a space in its label.*Fix: write the label without spaces, here and in its note, e\.g\. \[\^my-note\]/,
    );
  });

  it('leaves alone [^x] in code, in math and escaped', () => {
    const markdown = [
      'Code `a[^b]`, math $x[^2]$, escaped \\[^c] and a real one[^d].',
      '',
      '```',
      'y[^e]',
      '```',
      '',
      '[^d]: The note.',
    ].join('\n');
    expect(failureOf(markdown)).toBeUndefined();
  });

  it('checks text inside components too', () => {
    const markdown = ['<Aside>', '', 'See[^nope].', '', '</Aside>', ''].join('\n');
    expect(failureOf(markdown)).toMatch(/^content\/en\/notes\.mdx:3:4: Footnote \[\^nope\]/);
  });

  it('skips the check when there is no source at hand', () => {
    const path = 'content/en/notes.mdx';
    expect(() => checkFootnotes(new VFile({ path }))).not.toThrow();
    expect(() => checkFootnotes(new VFile({ path, value: 'A claim[^1].' }))).toThrow(
      /\[\^1\] has no note/,
    );
  });
});
