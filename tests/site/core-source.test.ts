// A CoreSource listing is folded behind a one-line summary, so a listing without one is an
// authoring mistake the build must stop on, naming the chapter file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWith } from '../support/build';

const out = mkdtempSync(join(tmpdir(), 'cen-core-source-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('a CoreSource listing', () => {
  it('without a summary fails the build, naming the file and the region', () => {
    const { status, output } = buildWith('./tests/fixtures/core-source-without-summary', out);
    expect(status).not.toBe(0);
    expect(output).toContain(
      'CoreSource: summary must say in one line what src/loss/log-sum-exp.ts (log-sum-exp) does (in tests/fixtures/core-source-without-summary/en/unsummarised-listing.mdx)',
    );
  }, 120_000);
});
