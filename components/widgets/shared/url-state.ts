// What a cell needs to be shared by link, kept small because every cell page loads it: the
// interface a cell's state class implements, the cell id rule, and how values are written into
// a link. Reading a link (./state-link.ts) is loaded only when a page has a link to read or a
// reader asks for one.
import type { StateReader } from './state-link';

/** A cell id: lower-case words joined by hyphens, as widget folders are named. */
const CELL_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const CELL_ID_LIMIT = 48;

/**
 * A fragment linking to a cell: `#cell/<id>`, then `?` and its state or the end. The one pattern
 * every reader of links uses (Cell, the interaction directive, and the inline script that scrolls
 * a linked cell into view, whose copy a test compares with this one).
 */
export const CELL_LINK = /^#cell\/([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?:\?|$)/;

/** What a cell implements to be shared by link. */
export interface ShareableState {
  /** The cell's id on its page: stable across builds, unique among the page's cells. */
  readonly cellId: string;
  /** The state a link reproduces, as short keys and text values: always every key the cell reads. */
  shareState(): Record<string, string>;
  /** Read a link's state and apply it, returning null; or return `read.error` and change nothing. */
  restoreState(read: StateReader): string | null;
}

/** Whether `id` can name a cell in a link. */
export function isCellId(id: string): boolean {
  return id.length <= CELL_ID_LIMIT && CELL_ID.test(id);
}

/** The id of the cell a fragment links to, or null when it links to none. */
export function linkedCellId(hash: string): string | null {
  const id = CELL_LINK.exec(hash)?.[1];
  return id !== undefined && isCellId(id) ? id : null;
}

/** The element id a cell's figure carries, so `#cell-<id>` alone scrolls to it. */
export function cellElementId(cellId: string): string {
  return `cell-${cellId}`;
}

/** Numbers as a link writes them: shortest round-trip text, comma-separated. */
export function encodeNumbers(values: readonly number[]): string {
  return values.map(String).join(',');
}

/** Rows of numbers as a link writes them: rows separated by `;`. */
export function encodeMatrix(rows: readonly (readonly number[])[]): string {
  return rows.map(encodeNumbers).join(';');
}
