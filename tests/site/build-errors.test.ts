// Authoring mistakes must stop the build with a message that says where they are.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildWith as buildInto } from '../support/build';

const out = mkdtempSync(join(tmpdir(), 'cen-build-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const buildWith = (content: string) => buildInto(content, out);

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

  it('fails on a reference to another chapter’s equation that does not exist, naming file and label', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-chapter-eqref');
    expect(status).not.toBe(0);
    expect(output).toContain(
      'Unknown equation label "eq:missing" of chapter "cited" in $\\eqref{cited:eq:missing}$',
    );
    expect(output).toContain('broken-cross-reference.mdx');
  }, 120_000);

  it('fails on a formula KaTeX cannot parse, naming the file and the formula', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-katex');
    expect(status).not.toBe(0);
    expect(output).toContain('broken-formula.mdx');
    expect(output).toContain('formula: \\frac{1}{');
  }, 120_000);

  it('fails on a Figure of an unknown width, naming the file and the widths it takes', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-figure-width');
    expect(status).not.toBe(0);
    expect(output).toContain(
      'Figure: width must be one of body, page, screen, got "wide" (in tests/fixtures/bad-figure-width/en/broken-figure.mdx)',
    );
  }, 120_000);

  it('fails on a reference to a chapter that does not exist, naming the file and the slug', () => {
    const { status, output } = buildWith('./tests/fixtures/bad-chapter-ref');
    expect(status).not.toBe(0);
    expect(output).toContain(
      'ChapterRef: no published chapter "squared-error" (in tests/fixtures/bad-chapter-ref/en/broken-chapter-ref.mdx)',
    );
  }, 120_000);
});
