// Size budgets the built site must keep.
import type { BuiltPage } from '../support/built-site.ts';

/** JavaScript one chapter may ship before interaction, gzipped: the Svelte runtime, its cells and the loss core. */
export const JS_BUDGET_GZIP = 35_000;

/** JavaScript a page without cells may ship, gzipped: the frame's own scripts (theme, search opener, offline worker's registration). */
export const FRAME_JS_BUDGET_GZIP = 6_000;

/** The cell gallery's address: its cells load one by one as they scroll into view, so it is held to the frame budget before any cell loads instead. */
export const GALLERY_PATH = '/widgets/';

/** The PyTorch cell's page ("Try it"): one cell, held to a chapter's budget before interaction; its interpreter loads in a worker on the first Run. */
export const PYTORCH_CELL_PATH = '/pytorch-cell/';

export type PageKind = 'frame' | 'chapter' | 'gallery' | 'pytorch-cell';

/** Which budget a page answers to: a page without cells, a chapter with cells, the gallery, or the PyTorch cell's page. */
export function pageKind(page: BuiltPage, base = '/'): PageKind {
  if (page.url === `${base}${GALLERY_PATH.slice(1)}`) return 'gallery';
  if (page.url === `${base}${PYTORCH_CELL_PATH.slice(1)}`) return 'pytorch-cell';
  return page.html.includes('<astro-island') ? 'chapter' : 'frame';
}

/** The gzip budget of a page's JavaScript before interaction, by its kind (the gallery's excludes its cells). */
export function budgetOf(kind: PageKind): number {
  return kind === 'chapter' || kind === 'pytorch-cell' ? JS_BUDGET_GZIP : FRAME_JS_BUDGET_GZIP;
}
