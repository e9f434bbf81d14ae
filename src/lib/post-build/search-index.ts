// The search index: Pagefind reads the finished pages and writes `<root>/pagefind/`, which the
// search dialog (components/frame/search-dialog.ts) loads only when a reader opens it.
// Only chapters are indexed: ChapterLayout marks its article `data-pagefind-body`, so every
// other page (home, 404, the cell gallery) is left out; cells mark their chrome
// `data-pagefind-ignore` and keep their one-sentence summary in the index.
import { readFile, readdir, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { close, createIndex, type PagefindServiceConfig } from 'pagefind';
import type { BuiltSite } from './index';
import { formulasForSearch } from './search-formulas';

/** Where the index goes inside the built site (the dialog loads `<base>pagefind/pagefind.js`). */
export const SEARCH_FOLDER = 'pagefind';

/**
 * What Pagefind leaves out of every indexed page: of a formula, KaTeX's copy for the eye and the
 * TeX source in its MathML; by then a formula's MathML is a lone symbol or skipped for a gap
 * (search-formulas.ts), a displayed one with its equation number.
 */
export const SEARCH_EXCLUDE: readonly string[] = ['.katex-html', '.katex-mathml annotation'];

/** Pagefind's settings for this site; exported so a test can index a page the same way. */
export const SEARCH_CONFIG: PagefindServiceConfig = {
  excludeSelectors: [...SEARCH_EXCLUDE],
};

/**
 * Pagefind also writes its ready-made search interfaces; the notebook has its own dialog
 * (a strict CSP blocks the inline styles those inject), so they would only be dead weight for
 * the service worker to cache.
 */
const UNUSED_FILES = [
  'pagefind-ui.js',
  'pagefind-ui.css',
  'pagefind-modular-ui.js',
  'pagefind-modular-ui.css',
  'pagefind-component-ui.js',
  'pagefind-component-ui.css',
  'pagefind-highlight.js',
];

/**
 * The built pages to index, relative to the site's root: those with a `data-pagefind-body`
 * (ChapterLayout's article), as Pagefind itself would choose when reading the folder.
 */
async function chapterFiles(root: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const path = join(entry.parentPath, entry.name);
    if ((await readFile(path, 'utf8')).includes('data-pagefind-body')) {
      files.push(relative(root, path).split(sep).join('/'));
    }
  }
  return files.sort();
}

/** Files and bytes under a folder, to report the index's size with the build. */
async function folderSize(folder: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files += 1;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return { files, bytes };
}

/** How many pages Pagefind indexed, per language, from the entry file it writes. */
async function indexedPages(outputPath: string): Promise<number> {
  const entry = JSON.parse(await readFile(join(outputPath, 'pagefind-entry.json'), 'utf8')) as {
    languages?: Record<string, { page_count?: number }>;
  };
  return Object.values(entry.languages ?? {}).reduce((sum, l) => sum + (l.page_count ?? 0), 0);
}

/**
 * Index the built chapters with Pagefind, so search needs no server; a failure fails the build.
 * Each page is handed over as text, formulas rewritten for reading (search-formulas.ts), so the
 * pages on disk stay as built.
 */
export async function buildSearchIndex(site: BuiltSite): Promise<void> {
  const outputPath = join(site.root, SEARCH_FOLDER);
  const failures: string[] = [];
  try {
    const { index, errors } = await createIndex(SEARCH_CONFIG);
    failures.push(...errors);
    if (index !== undefined) {
      for (const sourcePath of await chapterFiles(site.root)) {
        const html = await readFile(join(site.root, sourcePath), 'utf8');
        const added = await index.addHTMLFile({ sourcePath, content: formulasForSearch(html) });
        failures.push(...added.errors.map((error) => `${sourcePath}: ${error}`));
      }
      const written = await index.writeFiles({ outputPath });
      failures.push(...written.errors);
    }
  } finally {
    await close();
  }
  if (failures.length > 0) {
    throw new Error(`The search index could not be built:\n  ${failures.join('\n  ')}`);
  }
  await Promise.all(UNUSED_FILES.map((file) => rm(join(outputPath, file), { force: true })));
  const pages = await indexedPages(outputPath);
  const { files, bytes } = await folderSize(outputPath);
  site.log(
    `search index: ${pages} chapter(s), ${files} files (${Math.round(bytes / 1024)} KiB) in ${SEARCH_FOLDER}/`,
  );
}
