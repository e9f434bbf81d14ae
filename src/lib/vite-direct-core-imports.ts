// Widgets import the loss core only through its one entry, src/loss/index.ts (ESLint enforces
// it). To the bundler that barrel is one module that depends on every op, so every page with a
// cell would load the whole core in one shared chunk, cross-entropy included on pages that never
// compute it. This build step rewrites each `import { … } from '…/src/loss/index'` into imports
// from the files that define those names (read from the barrel's own `export { … } from`
// lines), so each page ships only the ops its cells call. Sources keep the one entry.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';

/** `export { a, b as c, type D } from './x';` in the barrel, possibly over several lines. */
const RE_EXPORT = /export\s+(?:type\s+)?\{([^}]*)\}\s*from\s*['"]([^'"]+)['"]/g;
/** `import { … } from '…';` and `import type { … } from '…';` in a module that uses the core. */
const IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*(['"])([^'"]+)\3\s*;?/g;

/** Each name the barrel exports, and the file (without extension) that defines it. */
export function barrelSources(barrelFile: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const [, names = '', from = ''] of readFileSync(barrelFile, 'utf8').matchAll(RE_EXPORT)) {
    for (const spec of names.split(',')) {
      // `type X` and `X as Y`: the exported name is the last word.
      const exported = spec.trim().split(/\s+/).at(-1);
      if (exported) sources.set(exported, resolve(dirname(barrelFile), from));
    }
  }
  return sources;
}

/** Rewrite one module's imports from the barrel; null when it has none. */
export function rewriteCoreImports(
  code: string,
  importer: string,
  barrelFile: string,
  sources: ReadonlyMap<string, string>,
  root: string,
): string | null {
  const barrel = barrelFile.replace(/\.ts$/, '');
  let changed = false as boolean; // set inside the replacer, which narrowing cannot see
  const rewritten = code.replace(
    IMPORT,
    (statement, typeOnly: string | undefined, names: string, _q, from: string) => {
      const target = from.startsWith('~/')
        ? resolve(root, from.slice(2))
        : from.startsWith('.')
          ? resolve(dirname(importer), from)
          : from;
      if (target.replace(/\.ts$/, '') !== barrel) return statement;
      const byFile = new Map<string, string[]>();
      for (const spec of names
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)) {
        // `type X`, `X as Y`: the barrel's name is the first word after an optional `type`.
        const imported = spec.replace(/^type\s+/, '').split(/\s+/)[0] ?? '';
        const file = sources.get(imported);
        if (file === undefined) return statement; // an unknown name: leave it for the compiler to report
        byFile.set(file, [...(byFile.get(file) ?? []), spec]);
      }
      changed = true;
      return [...byFile]
        .map(([file, specs]) => `import ${typeOnly ?? ''}{ ${specs.join(', ')} } from '${file}';`)
        .join(' ');
    },
  );
  return changed ? rewritten : null;
}

/** The Vite plugin: every module outside the core gets direct imports. */
export default function directCoreImports(root: string): Plugin {
  const barrelFile = resolve(root, 'src/loss/index.ts');
  const coreDir = dirname(barrelFile);
  let sources: Map<string, string> | undefined;
  return {
    name: 'notebook:direct-core-imports',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0] ?? id;
      if (
        file.startsWith(`${coreDir}/`) ||
        !/\.(ts|js|svelte)$/.test(file) ||
        !code.includes('src/loss/index')
      ) {
        return null;
      }
      sources ??= barrelSources(barrelFile);
      const rewritten = rewriteCoreImports(code, file, barrelFile, sources, root);
      return rewritten === null ? null : { code: rewritten, map: null };
    },
  };
}
