// Inline scripts ship in every page's HTML, so they are minified at build time; the readable
// source stays in the repository (components/frame/*.inline.js).
import { transformSync } from 'esbuild';

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
