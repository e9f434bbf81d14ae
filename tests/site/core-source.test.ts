// A CoreSource listing is folded behind a one-line summary, so a listing without one is an
// authoring mistake the build must stop on, at its line in the chapter file, with the fix.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWith } from '../support/build';

const out = mkdtempSync(join(tmpdir(), 'cen-core-source-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('a CoreSource listing', () => {
  it('without a summary fails the build at its line, saying what to add', () => {
    const { status, output } = buildWith('./tests/fixtures/core-source-without-summary', out);
    expect(status).not.toBe(0);
    expect(output).toContain(
      'tests/fixtures/core-source-without-summary/en/unsummarised-listing.mdx:9:1: <CoreSource> has no summary. Fix: add summary="…": one line saying what the code does, shown while the listing is folded',
    );
  }, 120_000);
});
