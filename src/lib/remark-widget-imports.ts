// Chapters import their widgets from one barrel (`import { StabilityLab } from
// '~/components/widgets'`), but Astro hydrates a cell from the module its import names: left
// alone, every page would load the barrel and with it every widget. This plugin rewrites such an
// import into one import per widget folder, read from the barrel's own
// `export { Name } from './folder'` lines, so a page ships only the cells it uses.
import { readFileSync } from 'node:fs';
import type { ImportDeclaration } from 'estree';
import type { Root } from 'mdast';
import type { MdxjsEsm } from 'mdast-util-mdxjs-esm';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

export interface WidgetImportsOptions {
  /** The specifier chapters import from, e.g. "~/components/widgets". */
  readonly specifier: string;
  /** The barrel file on disk: a path or file URL, e.g. new URL('./components/widgets/index.ts', import.meta.url). */
  readonly barrel: string | URL;
}

/**
 * Folders of components/widgets that are not cells a chapter places, so the barrel leaves them
 * out: `shared` is the cells' common code, and `pytorch-cell` is the PyTorch cell, a page-level
 * component. Chapters never place it: every cell's "Edit and run" mounts it in place from that
 * cell's program and printed output, and /pytorch-cell/ renders it with outputs its page computes
 * at build time, so no author ever types what a program prints.
 */
export const NOT_CHAPTER_CELLS: ReadonlySet<string> = new Set(['shared', 'pytorch-cell']);

/** `export { A, B as C } from './folder'` (either quote, optional semicolon); not `export type`. */
const REEXPORT = /^export\s*\{([^}]*)\}\s*from\s*['"]\.\/([\w-]+)['"];?\s*$/gm;

/** The folder each name of the barrel comes from, read from its `export { … } from` lines. */
export function barrelFolders(source: string): Map<string, string> {
  return new Map(
    [...source.matchAll(REEXPORT)].flatMap((m) =>
      (m[1] as string)
        .split(',')
        .map(
          (name) =>
            name
              .trim()
              .split(/\s+as\s+/)
              .pop() as string,
        )
        .filter((name) => name !== '')
        .map((name) => [name, m[2] as string] as const),
    ),
  );
}

/** Split each import from the barrel into one import per widget folder (see the file comment). */
export default function remarkWidgetImports(options: WidgetImportsOptions) {
  return function transform(tree: Root, file: VFile): void {
    // Read for every chapter, so the dev server sees a widget added to the barrel at once.
    const folders = barrelFolders(readFileSync(options.barrel, 'utf8'));
    // MDX compiles imports from the ESTree (node.value keeps the author's text, unused).
    visit(tree, 'mdxjsEsm', (node: MdxjsEsm) => {
      const program = node.data?.estree;
      if (program == null) return;
      program.body = program.body.flatMap((statement) => {
        if (statement.type !== 'ImportDeclaration' || statement.source.value !== options.specifier)
          return [statement];
        return statement.specifiers.map((imported): ImportDeclaration => {
          const name = imported.type === 'ImportSpecifier' ? imported.imported : undefined;
          const folder = name?.type === 'Identifier' ? folders.get(name.name) : undefined;
          if (folder === undefined) {
            const asked = name?.type === 'Identifier' ? name.name : imported.local.name;
            const kebab = asked.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
            throw new Error(
              NOT_CHAPTER_CELLS.has(kebab)
                ? `${file.path}: "${asked}" is not a cell chapters place: ` +
                    `every cell's program already opens in it with "Edit and run"`
                : `${file.path}: import widgets by name from '${options.specifier}'; ` +
                    `"${imported.local.name}" is not one of ${[...folders.keys()].join(', ')}`,
            );
          }
          const source = `${options.specifier}/${folder}`;
          return {
            type: 'ImportDeclaration',
            specifiers: [imported],
            source: { type: 'Literal', value: source, raw: `'${source}'` },
            attributes: [],
          };
        });
      });
    });
  };
}
