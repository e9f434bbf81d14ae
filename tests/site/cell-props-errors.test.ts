// A cell placed with a prop it does not have, a literal of the wrong type or a value the cell
// itself refuses, or without a client: directive, and a component placed without its import,
// stop the build with the chapter's file, line and column and how to fix it
// (src/lib/remark-cell-props.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWith } from '../support/build';

const out = mkdtempSync(join(tmpdir(), 'cen-cell-props-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('a build', () => {
  it('fails on an unknown cell prop, naming file:line:column, the nearest prop and the known ones', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-cell-prop', out);
    expect(status).not.toBe(0);
    expect(output).toContain(
      'tests/fixtures/bad-cell-prop/en/misspelt-prop.mdx:11:33: SoftmaxExplorer has no prop "logit" (did you mean "logits"?); its props are logits, labels, temperature, width, cellId and the client:',
    );
    expect(output).toContain('all described at /widgets/. Fix: rename logit to logits');
  }, 120_000);

  it('fails on ill-typed cell props, naming each one’s file:line:column and the fix', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-cell-prop-type', out);
    expect(status).not.toBe(0);
    expect(output).toContain(
      `tests/fixtures/bad-cell-prop-type/en/ill-typed-prop.mdx:11:30: StabilityLab's exponent must be a number (number), but exponent is the string "2". Fix: write exponent={2} (braces, no quotes)`,
    );
    expect(output).toContain(
      `tests/fixtures/bad-cell-prop-type/en/ill-typed-prop.mdx:15:33: BatchPlayground's reduction must be one of 'none', 'sum', 'mean'`,
    );
  }, 120_000);

  it('fails on a cell without a directive, values the cell refuses and a missing import, each at its line', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-cell-placement', out);
    expect(status).not.toBe(0);
    const file = 'tests/fixtures/bad-cell-placement/en/dead-cells.mdx';
    const lines = output.split('\n').filter((l) => l.startsWith(`${file}:`));
    expect(lines).toEqual([
      `${file}:11:1: SoftmaxExplorer has no client: directive, so it would ship without its script: its controls would show but do nothing. Fix: add client:visible (or client:interaction for a heavy cell, which loads on first touch; the gallery shows each cell’s usual one)`,
      `${file}:15:72: SoftmaxExplorer's labels must have 3 entries, one per entry of logits, got 2. Fix: give labels 3 entries, one per entry of logits, or leave labels out`,
      `${file}:19:49: SoftmaxExplorer's logits must have 2–8 entries, got 1. Fix: give logits 2 to 8 entries`,
      `${file}:21:21: <ChapterRef> is placed but never imported, so the page cannot render it. Fix: add import ChapterRef from '~/components/ui/ChapterRef.astro'; at the top of the file, below the frontmatter`,
    ]);
    // Reported before any page renders: no stack trace from the cell, no hint about MDX.
    expect(output).not.toContain('props.ts');
    expect(output).not.toContain('Expected component');
  }, 120_000);
});
