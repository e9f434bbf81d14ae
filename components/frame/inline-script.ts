// Inline scripts ship in every page's HTML, so they are minified at build time; the readable
// source stays in the repository (components/frame/*.inline.js).
import { transformSync } from 'esbuild';

// Module state allowed here: a cache keyed by the whole source, so it never changes a result,
// only spares esbuild repeating the same minification for every page of the build.
const minified = new Map<string, string>();

/** `source` minified (whitespace, comments, local names), computed once per build. */
export function minifyScript(source: string): string {
  let code = minified.get(source);
  if (code === undefined) {
    code = transformSync(source, { minify: true, target: 'es2020' }).code.trim();
    minified.set(source, code);
  }
  return code;
}
