// Authoring mistakes must stop the build with a message that says where they are.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const out = mkdtempSync(join(tmpdir(), 'cen-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** Build the site from another content folder and return its exit status and output. */
function buildWith(content: string): { status: number | null; output: string } {
  // Ask for plain text. Some colour libraries treat any FORCE_COLOR as "on", so it is
  // dropped rather than set to 0, and the output is stripped anyway in case CI insists.
  const env = { ...process.env };
  delete env['FORCE_COLOR'];
  const result = spawnSync('npx', ['astro', 'build'], {
    encoding: 'utf8',
    env: {
      ...env,
      NO_COLOR: '1',
      NOTEBOOK_CONTENT: content,
      SITE_OUT: out,
      ASTRO_TELEMETRY_DISABLED: '1',
    },
    timeout: 120_000,
  });
  const output = stripVTControlCharacters(`${result.stdout}\n${result.stderr}`);
  return { status: result.status, output };
}

describe('a build', () => {
  it('fails on bad frontmatter, naming the file and the field', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-frontmatter');
    expect(status).not.toBe(0);
    expect(output).toContain('broken-order.mdx');
    expect(output).toContain('order: Expected type `"number"`, received `"string"`');
  }, 120_000);

  it('fails on a reference to an equation label that does not exist, naming file and label', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-eqref');
    expect(status).not.toBe(0);
    expect(output).toContain('Unknown equation label "eq:missing"');
    expect(output).toContain('broken-reference.mdx');
  }, 120_000);

  it('fails on a formula KaTeX cannot parse, naming the file and the formula', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-katex');
    expect(status).not.toBe(0);
    expect(output).toContain('broken-formula.mdx');
    expect(output).toContain('formula: \\frac{1}{');
  }, 120_000);
});
