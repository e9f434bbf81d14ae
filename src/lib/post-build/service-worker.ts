// Offline reading: after the search index is written, list what a reader needs offline (every
// page, the 404 page, the stylesheets, scripts and woff2 fonts under _astro/, the search index)
// and write <site>/sw.js, a small service worker (sw.worker.js) whose cache is named after a
// hash of the whole build, so a new build's worker replaces the old cache when it activates
// (keeping only the replaced build's hashed _astro/ files the new one lacks, for its open tabs).
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { transformSync } from 'esbuild';
import type { BuiltSite } from './index';
import workerSource from './sw.worker.js?raw';

/** The worker's file name under the site's root; the registration script asks for it. */
export const WORKER_FILE = 'sw.js';

/** Above this many bytes the search index's chunks are cached as searches use them, not up front. */
export const SEARCH_PRECACHE_LIMIT = 1024 * 1024;

/** One built file: its path relative to the output folder (forward slashes) and its bytes. */
export interface BuiltFile {
  readonly path: string;
  readonly size: number;
}

/** What the worker caches when it installs, and what it leaves for first use. */
export interface PrecachePlan {
  /** URLs (with the base) fetched on install: pages as readers visit them, then files. */
  readonly urls: string[];
  /** Bytes of those files on disk (uncompressed). */
  readonly bytes: number;
  /** Search-index chunks left to be cached when a search first needs them (empty when small). */
  readonly deferred: string[];
}

// Pagefind's runtime and the files it reads before any search (its entry, metadata and
// WebAssembly); its bundled UIs and highlighter are cached only if a page refers to them.
const SEARCH_RUNTIME =
  /^pagefind\/(pagefind\.js|pagefind-worker\.js|pagefind-entry\.json|[^/]+\.pf_meta|wasm\.[^/]+\.pagefind)$/;
const SEARCH_CHUNK = /^pagefind\/(fragment|index|filter)\//;

/**
 * Whether a reader may need `path` offline, and how: a page, an asset, a search-index chunk, or
 * nothing (source maps, the sitemap, the worker itself, and the .woff/.ttf fonts a browser
 * that reads woff2 never asks for).
 */
export function kindOf(
  path: string,
  isReferenced: (name: string) => boolean = () => false,
): 'page' | 'asset' | 'search-chunk' | 'skip' {
  if (path === WORKER_FILE || path.endsWith('.map') || /(^|\/)sitemap[^/]*\.xml$/.test(path))
    return 'skip';
  if (/\.(woff|ttf|otf|eot)$/.test(path)) return 'skip';
  if (path.endsWith('.html')) return 'page';
  if (path.startsWith('pagefind/')) {
    if (SEARCH_RUNTIME.test(path)) return 'asset';
    if (SEARCH_CHUNK.test(path)) return 'search-chunk';
    return isReferenced(path.slice(path.lastIndexOf('/') + 1)) ? 'asset' : 'skip';
  }
  return 'asset';
}

/** The URL a reader visits for a built file: `a/index.html` is `<base>a/`, the rest as named. */
export function urlOf(path: string, base: string): string {
  return base + (path === 'index.html' || path.endsWith('/index.html') ? path.slice(0, -10) : path);
}

/**
 * Choose what the worker caches on install: every page and asset, and the search index's
 * chunks too unless together they exceed `searchLimit` bytes (then a search caches them as it
 * reads them). Pages come first, then files, each group sorted, so the list is deterministic.
 */
export function planPrecache(
  files: readonly BuiltFile[],
  base: string,
  isReferenced: (name: string) => boolean = () => false,
  searchLimit = SEARCH_PRECACHE_LIMIT,
): PrecachePlan {
  const pages: BuiltFile[] = [];
  const assets: BuiltFile[] = [];
  const chunks: BuiltFile[] = [];
  for (const file of files) {
    const kind = kindOf(file.path, isReferenced);
    if (kind === 'page') pages.push(file);
    else if (kind === 'asset') assets.push(file);
    else if (kind === 'search-chunk') chunks.push(file);
  }
  const total = (list: readonly BuiltFile[]) => list.reduce((sum, f) => sum + f.size, 0);
  const chunksFit = total(chunks) <= searchLimit;
  const chosen = [...pages, ...assets, ...(chunksFit ? chunks : [])];
  const byPath = (a: BuiltFile, b: BuiltFile) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return {
    urls: [...pages.sort(byPath), ...[...assets, ...(chunksFit ? chunks : [])].sort(byPath)].map(
      (f) => urlOf(f.path, base),
    ),
    bytes: total(chosen),
    deferred: chunksFit ? [] : chunks.map((f) => urlOf(f.path, base)).sort(),
  };
}

/**
 * A short id for a build that changes when any file's contents or name changes and never
 * otherwise: a hash over every (path, content hash) pair, in path order.
 */
export function buildId(
  files: readonly { readonly path: string; readonly sha256: string }[],
): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)))
    hash.update(`${file.path}\0${file.sha256}\n`);
  return hash.digest('hex').slice(0, 16);
}

/** The prefix every cache of the notebook served under `base` starts with (and no other's). */
export function cachePrefix(base: string): string {
  return `cen-notebook:${base}:`;
}

/** The worker's source for one build: sw.worker.js with its build record filled in, minified. */
export function workerScript(build: {
  readonly cache: string;
  readonly prefix: string;
  readonly base: string;
  readonly precache: readonly string[];
  readonly notFound: string;
}): string {
  return transformSync(workerSource, {
    define: { __BUILD__: JSON.stringify(build) },
    minify: true,
    target: 'es2020',
  }).code;
}

/** What writeServiceWorker wrote, for the build log and the tests. */
export interface WrittenWorker extends PrecachePlan {
  readonly cache: string;
  readonly file: string;
}

async function listBuilt(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** Write `<root>/sw.js` for the built site, so a reader who has visited once can read it offline. */
export async function writeServiceWorker(site: BuiltSite): Promise<WrittenWorker> {
  const root = site.root;
  const paths = (await listBuilt(root)).filter((path) => path !== WORKER_FILE);
  const files: (BuiltFile & { sha256: string; text?: string })[] = [];
  for (const path of paths) {
    const bytes = await readFile(join(root, path));
    const text = /\.(html|js|css)$/.test(path) ? bytes.toString('utf8') : undefined;
    files.push({
      path,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      ...(text === undefined ? {} : { text }),
    });
  }
  if (!files.some((f) => f.path === '404.html'))
    throw new Error(
      `service worker: ${root} has no 404.html, which an offline reader is shown for a page the cache lacks; add src/pages/404.astro.`,
    );
  // A Pagefind file the site's own pages or scripts name is one a reader's search will load.
  const siteText = files
    .filter((f) => f.text !== undefined && !f.path.startsWith('pagefind/'))
    .map((f) => f.text)
    .join('\n');
  const plan = planPrecache(files, site.base, (name) => siteText.includes(name));
  const prefix = cachePrefix(site.base);
  const cache = prefix + buildId(files);
  const file = join(root, WORKER_FILE);
  await writeFile(
    file,
    workerScript({
      cache,
      prefix,
      base: site.base,
      precache: plan.urls,
      notFound: urlOf('404.html', site.base),
    }),
  );
  site.log(
    `service worker: ${plan.urls.length} files (${(plan.bytes / 1024).toFixed(0)} KiB) precached in ${cache}` +
      (plan.deferred.length > 0
        ? `, ${plan.deferred.length} search chunks cached on first use`
        : ''),
  );
  return { ...plan, cache, file };
}
