// The Content-Security-Policy over the built output (dist/, and dist-base/ when built): each page
// has one policy <meta>, before any script, that allows exactly the inline scripts the page has.
// Scripts are read here with a plain pattern over the file, apart from the build step's parser.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listFiles } from '../support/built-site';

const BUILDS = [
  { dir: 'dist', required: true },
  { dir: 'dist-base', required: false },
] as const;

// Inline script types a browser runs (or applies, under script-src), and the data blocks it never
// runs; any other type fails the test, so a new kind of script cannot slip past unhashed.
const CHECKED_TYPES = new Set(['', 'module', 'text/javascript', 'importmap', 'speculationrules']);
const DATA_TYPES = new Set(['application/json', 'application/ld+json']);

const POLICY_META = /<meta\s+http-equiv="content-security-policy"\s+content="([^"]*)"\s*\/?>/gi;

/** The hashes a browser needs for the page's inline scripts, in `sha256-…` form. */
function inlineScriptHashes(html: string, file: string): string[] {
  const hashes: string[] = [];
  for (const [, attributes = '', text = ''] of html.matchAll(
    /<script(\s[^>]*)?>([\s\S]*?)<\/script\s*>/gi,
  )) {
    if (/\ssrc\s*=/i.test(attributes)) continue;
    const type = /\stype\s*=\s*["']?([^"'\s>]*)/i.exec(attributes)?.[1]?.toLowerCase() ?? '';
    if (DATA_TYPES.has(type)) continue;
    if (!CHECKED_TYPES.has(type)) throw new Error(`${file}: <script type="${type}"> is unknown`);
    hashes.push(`sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`);
  }
  return hashes;
}

for (const build of BUILDS) {
  describe(`the Content-Security-Policy of ${build.dir}/`, () => {
    if (!existsSync(build.dir)) {
      if (build.required) {
        it('exists', () => {
          expect.fail(`${build.dir}/ is missing: run \`npm run build\` first`);
        });
      }
      return;
    }
    const pages = listFiles(build.dir)
      .filter((f) => f.endsWith('.html'))
      .sort()
      .map((file) => ({ file, html: readFileSync(join(build.dir, file), 'utf8') }));

    it('covers at least the home page and a chapter', () => {
      expect(pages.map((p) => p.file)).toEqual(
        expect.arrayContaining(['index.html', 'softmax-and-logits/index.html']),
      );
    });

    it.each(pages.map((p) => [p.file, p] as const))(
      '%s has one policy, before any script, allowing exactly its inline scripts',
      (file, { html }) => {
        const metas = [...html.matchAll(POLICY_META)];
        expect(metas, 'policy <meta> elements').toHaveLength(1);
        const [meta] = metas;
        const firstScript = html.search(/<script[\s>]/i);
        if (firstScript !== -1) expect(meta!.index).toBeLessThan(firstScript);
        // Only <meta charset> may come before the policy in <head>.
        expect(html.slice(0, meta!.index)).toMatch(/<head>\s*(<meta charset="utf-8">)?\s*$/);

        const directives = new Map(
          meta![1]!.split(';').map((d) => {
            const [name = '', ...sources] = d.trim().split(/\s+/);
            return [name, sources] as const;
          }),
        );
        // One script-src and nothing that would widen it for elements or attributes.
        expect([...directives.keys()].filter((name) => name.startsWith('script-src'))).toEqual([
          'script-src',
        ]);
        const scriptSrc = directives.get('script-src') ?? [];
        expect(scriptSrc).not.toContain("'unsafe-inline'");
        expect(scriptSrc).not.toContain("'unsafe-eval'");
        expect(scriptSrc.filter((s) => !s.startsWith("'sha256-"))).toEqual([
          "'self'",
          "'wasm-unsafe-eval'",
        ]);
        const listed = scriptSrc.filter((s) => s.startsWith("'sha256-")).map((s) => s.slice(1, -1));
        const needed = inlineScriptHashes(html, file);
        expect(listed.sort()).toEqual([...new Set(needed)].sort());

        expect(directives.get('default-src')).toEqual(["'self'"]);
        expect(directives.get('object-src')).toEqual(["'none'"]);
        expect(directives.get('base-uri')).toEqual(["'self'"]);
      },
    );
  });
}
