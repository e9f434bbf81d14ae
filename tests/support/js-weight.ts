// What JavaScript a built page makes the browser download: its inline scripts, its module
// scripts and island entry points, and everything those import, measured gzipped.
import { existsSync, readFileSync } from 'node:fs';
import { join, posix, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { initSync, parse } from 'es-module-lexer';
import { findElements, type BuiltPage } from './built-site.ts';

export interface JsWeight {
  /** Output files of every module the page loads before interaction, relative to the build folder. */
  readonly modules: string[];
  /** Modules only a dynamic import() reaches, loaded when a reader asks (not counted below). */
  readonly lazyModules: string[];
  /** Bytes of inline <script> code. */
  readonly inlineBytes: number;
  /** Raw and gzipped bytes of modules plus inline code. */
  readonly rawBytes: number;
  readonly gzipBytes: number;
}

initSync();

/** Follow imports from a module's entry files through the build folder: static ones, and dynamic ones too when `lazy`. */
export function moduleClosure(dir: string, entries: readonly string[], lazy = true): string[] {
  const seen = new Set<string>();
  const queue = [...entries];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file) || !existsSync(join(dir, file))) continue;
    seen.add(file);
    // es-module-lexer (Vite's own) reads static and dynamic imports exactly, minified or not.
    const [imports] = parse(readFileSync(join(dir, file), 'utf8'), file);
    for (const { n: specifier, d: dynamicAt } of imports) {
      // es-module-lexer marks a static import with d = -1 and a dynamic import() with its offset.
      if (!lazy && dynamicAt > -1) continue;
      if (specifier?.startsWith('.') === true)
        queue.push(posix.normalize(posix.join(posix.dirname(file), specifier)));
    }
  }
  return [...seen].sort();
}

/** Measure the JavaScript one page ships before interaction (and list what it may load later). */
export function jsWeight(
  dir: string,
  base: string,
  page: BuiltPage,
  options: { readonly islands?: boolean } = {},
): JsWeight {
  const toFile = (url: string) => url.slice(base.length);
  const entries: string[] = [];
  let inline = '';
  for (const script of findElements(page.tree, (n) => n.tagName === 'script')) {
    const src = script.properties['src'];
    if (typeof src === 'string') entries.push(toFile(src));
    else inline += script.children.map((c) => ('value' in c ? c.value : '')).join('');
  }
  // A `client:interaction` island (components/frame/interaction-directive.ts) loads its code
  // only when the reader touches it: its entries count as lazy, like an import().
  // With `islands: false` only the frame's own scripts count (the gallery's cells load as they
  // scroll into view, one at a time).
  const onInteraction: string[] = [];
  const islands = options.islands ?? true;
  for (const island of findElements(page.tree, (n) => islands && n.tagName === 'astro-island')) {
    const list = island.properties['client'] === 'interaction' ? onInteraction : entries;
    for (const key of ['component-url', 'renderer-url', 'before-hydration-url']) {
      const url = island.properties[key];
      if (typeof url === 'string') list.push(toFile(url));
    }
  }
  // An island's component is itself loaded by import() from Astro's loader: it is an entry.
  const modules = moduleClosure(dir, entries, false);
  const lazyModules = moduleClosure(dir, [...entries, ...onInteraction]).filter(
    (m) => !modules.includes(m),
  );
  const code = modules.map((m) => readFileSync(join(dir, m), 'utf8')).join('\n') + inline;
  return {
    modules,
    lazyModules,
    inlineBytes: Buffer.byteLength(inline),
    rawBytes: Buffer.byteLength(code),
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
  };
}

/**
 * JavaScript one widget adds on top of the shared Svelte runtime: the modules its island
 * loads that the renderer does not, gzipped together.
 */
export function widgetWeights(
  dir: string,
  base: string,
  pages: readonly BuiltPage[],
): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const page of pages) {
    for (const island of findElements(page.tree, (n) => n.tagName === 'astro-island')) {
      const component = String(island.properties['component-url'] ?? '').slice(base.length);
      const renderer = String(island.properties['renderer-url'] ?? '').slice(base.length);
      const name = String(island.properties['component-export'] ?? component);
      const shared = new Set(moduleClosure(dir, [renderer], false));
      const own = moduleClosure(dir, [component], false).filter((m) => !shared.has(m));
      const code = own.map((m) => readFileSync(join(dir, m), 'utf8')).join('\n');
      sizes.set(name, gzipSync(code, { level: 9 }).byteLength);
    }
  }
  return sizes;
}

/**
 * The source files (relative to the project root) a build's modules were made from, read from
 * their hidden source maps, so a test can say which widgets a page really ships.
 */
export function moduleSources(dir: string, modules: readonly string[]): string[] {
  const sources = new Set<string>();
  for (const module of modules) {
    const map = join(dir, `${module}.map`);
    // The lazy-chunk helper (astro.config.mjs) is code of the config alone, a virtual module the
    // bundler writes without a map: it comes from no source file.
    if (!existsSync(map) && /(^|\/)preload-helper\.[\w-]+\.js$/.test(module)) continue;
    // An island's entry that another chunk also imports (the PyTorch cell: its page's island and
    // the Edit and run loader) becomes a facade that only re-exports the shared chunk, written
    // without a map: its code comes from that chunk, whose sources are read in turn.
    if (!existsSync(map) && isFacade(join(dir, module))) continue;
    if (!existsSync(map)) throw new Error(`${map} is missing: build with source maps`);
    const parsed = JSON.parse(readFileSync(map, 'utf8')) as { sources: string[] };
    for (const source of parsed.sources) {
      sources.add(relative(process.cwd(), resolve(dir, posix.dirname(module), source)));
    }
  }
  return [...sources].sort();
}

/** Whether a built module only re-exports another (`export{t as X}from"./chunk.js";`). */
function isFacade(file: string): boolean {
  return /^export\s*\{[\w\s,$]*\}\s*from\s*"\.\/[\w.-]+\.js";?\s*$/.test(
    readFileSync(file, 'utf8'),
  );
}

/** The widget folders (components/widgets/<name>/, not shared/) that some source belongs to. */
export function widgetFolders(sources: readonly string[]): string[] {
  const folders = sources.flatMap((s) => /^components\/widgets\/([\w-]+)\//.exec(s)?.[1] ?? []);
  return [...new Set(folders)].filter((f) => f !== 'shared').sort();
}

/** The widget folders a page's cells come from: `<StabilityLab client:…>` → "stability-lab". */
export function widgetsUsed(page: BuiltPage): string[] {
  const names = findElements(page.tree, (n) => n.tagName === 'astro-island').map((island) =>
    String(island.properties['component-export'] ?? ''),
  );
  const kebab = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
  return [...new Set(names.map(kebab))].sort();
}
