// Size budgets the built site must keep.
import type { BuiltPage } from '../support/built-site.ts';

/** JavaScript one chapter may ship before interaction, gzipped: the Svelte runtime, its cells and the loss core. */
export const JS_BUDGET_GZIP = 35_000;

/** JavaScript a page without cells may ship, gzipped: the frame's own scripts (theme, search opener, offline worker's registration). */
export const FRAME_JS_BUDGET_GZIP = 6_000;

/** The cell gallery's address: its cells load one by one as they scroll into view, so it is held to the frame budget before any cell loads instead. */
export const GALLERY_PATH = '/widgets/';

export type PageKind = 'frame' | 'chapter' | 'gallery';

/** Which budget a page answers to: a page without cells, a chapter with cells, or the gallery. */
export function pageKind(page: BuiltPage, base = '/'): PageKind {
  if (page.url === `${base}${GALLERY_PATH.slice(1)}`) return 'gallery';
  return page.html.includes('<astro-island') ? 'chapter' : 'frame';
}

/** The gzip budget of a page's JavaScript before interaction, by its kind (the gallery's excludes its cells). */
export function budgetOf(kind: PageKind): number {
  return kind === 'chapter' ? JS_BUDGET_GZIP : FRAME_JS_BUDGET_GZIP;
}
