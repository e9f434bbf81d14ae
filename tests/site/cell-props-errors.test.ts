// A cell placed with a prop it does not have, or a literal of the wrong type, stops the build
// with the chapter's file, line and column and how to fix it (src/lib/remark-cell-props.ts).
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
});
