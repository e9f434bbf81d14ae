// One scheme for a cell's state in a link: the page URL's fragment (never its query string, so
// a page stays cacheable and the state never reaches a server) holds `#cell/<id>?<key>=<value>&…`,
// keyed by the cell's stable id. Everything read from a link is untrusted: it is parsed strictly,
// checked against the cell's own limits, and a problem becomes a sentence for the cell to show,
// never an exception and never a partial restore. Cell.svelte loads this module on demand.
import { parseNumberField } from './number-field';
import { isCellId, type ShareableState } from './url-state';

/** The longest fragment a cell reads, in characters; a longer one is refused whole. */
export const STATE_LIMIT = 2000;

/** The fragment's shape, before any value is trusted: `#cell/<id>` with an optional `?…`. */
const FRAGMENT = /^#?cell\/([^?]*)(?:\?(.*))?$/s;

/** A link's state, as untrusted key → text pairs. */
export type StateParams = ReadonlyMap<string, string>;

/** A fragment that names a cell: its params, or why they cannot be read. */
export type LinkedState =
  | { readonly cellId: string; readonly params: StateParams }
  | { readonly cellId: string; readonly error: string };

/** The fragment (with its `#`) that links to `cellId` in `state`. */
export function stateFragment(cellId: string, state: Readonly<Record<string, string>>): string {
  if (!isCellId(cellId)) throw new Error(`cell id must be kebab-case, got '${cellId}'`);
  const query = new URLSearchParams(Object.entries(state)).toString();
  return `#cell/${cellId}${query === '' ? '' : `?${query}`}`;
}

/** Read a page's fragment: null when it names no cell (a heading anchor, say), else the cell's state or the problem. */
export function parseStateFragment(hash: string): LinkedState | null {
  const match = FRAGMENT.exec(hash);
  if (match === null) return null;
  const cellId = match[1] ?? '';
  if (!isCellId(cellId)) return null;
  const fail = (error: string): LinkedState => ({ cellId, error });
  if (hash.length > STATE_LIMIT) {
    return fail(`it is ${hash.length} characters long, over the ${STATE_LIMIT} a cell reads`);
  }
  const query = match[2] ?? '';
  const params = new Map<string, string>();
  for (const pair of query === '' ? [] : query.split('&')) {
    const eq = pair.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
      value = eq < 0 ? '' : decodeURIComponent(pair.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      return fail(`it has a broken %-escape in “${pair.slice(0, 40)}”`);
    }
    if (params.has(key)) return fail(`it gives “${key.slice(0, 40)}” twice`);
    params.set(key, value);
  }
  return { cellId, params };
}

/** Limits for one number of a state. */
export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  /** Whole numbers only (class indices, counts). */
  readonly integer?: boolean;
}

/** Limits for a list of numbers. */
export interface ListRule extends NumberRule {
  readonly minLength: number;
  readonly maxLength: number;
}

/**
 * Reads a link's params for one cell (Cell.svelte makes one and hands it to the cell's
 * restoreState): each read checks one key against its rule, and the first problem is kept in
 * `error` (later reads then return undefined), so restoreState reads everything, ends with
 * `done(…values)` (every value, or the problem) and only then applies.
 */
export class StateReader {
  /** The first problem found, or null while every read has succeeded. */
  error: string | null = null;
  private readonly params: StateParams;

  /** Refuse keys the cell does not know, so a mistyped link is reported, not half-applied. */
  constructor(params: StateParams, known: readonly string[]) {
    this.params = params;
    const unknown = [...params.keys()].find((k) => !known.includes(k));
    if (unknown !== undefined) {
      this.error = `it has “${unknown.slice(0, 40)}”, which this cell does not know`;
    }
  }

  /** Keep the first problem. */
  private fail(message: string): void {
    this.error ??= message;
  }

  /** The raw text of `key`, or undefined (recording a problem unless `optional`). */
  text(key: string, optional = false): string | undefined {
    if (this.error !== null) return undefined;
    const value = this.params.get(key);
    if (value === undefined && !optional) {
      this.fail(`it lacks “${key}”`);
      return;
    }
    return value;
  }

  /** One number within its rule. */
  number(key: string, rule: NumberRule = {}, optional = false): number | undefined {
    const text = this.text(key, optional);
    return text === undefined ? undefined : this.parse(key, text, rule);
  }

  /** A comma-separated list of numbers within its rule. */
  numbers(key: string, rule: ListRule, optional = false): number[] | undefined {
    const text = this.text(key, optional);
    return text === undefined ? undefined : this.list(key, text, rule);
  }

  /** Rows of comma-separated numbers separated by `;`, each row of the same length. */
  matrix(key: string, rows: ListRule, columns: ListRule): number[][] | undefined {
    const text = this.text(key);
    if (text === undefined) return undefined;
    const lines = text.split(';');
    if (lines.length < rows.minLength || lines.length > rows.maxLength) {
      this.fail(`“${key}” must have ${rows.minLength}–${rows.maxLength} rows, got ${lines.length}`);
      return;
    }
    const matrix: number[][] = [];
    for (const line of lines) {
      const row = this.list(key, line, columns);
      if (row === undefined) return undefined;
      if (matrix.length > 0 && row.length !== matrix[0]?.length) {
        this.fail(
          `“${key}” must have rows of one length, got ${matrix[0]?.length} and ${row.length}`,
        );
        return;
      }
      matrix.push(row);
    }
    return matrix;
  }

  /** One of a fixed set of words. */
  choice<T extends string>(key: string, options: readonly T[], optional = false): T | undefined {
    const text = this.text(key, optional);
    if (text === undefined) return undefined;
    if (!(options as readonly string[]).includes(text)) {
      this.fail(`“${key}” must be one of ${options.join(', ')}, got “${text.slice(0, 40)}”`);
      return;
    }
    return text as T;
  }

  /**
   * How a restoreState ends its reads: every value, all defined, or the reason to apply none of
   * them (the first problem found, or, should a read have returned nothing without recording
   * one, that the link lacks part of the state). Never a partial restore.
   */
  done<const T extends readonly unknown[]>(
    ...values: T
  ): { readonly [K in keyof T]: Exclude<T[K], undefined> } | string {
    if (values.includes(undefined)) this.fail('it lacks part of the state');
    return this.error ?? (values as { readonly [K in keyof T]: Exclude<T[K], undefined> });
  }

  /** A list within its length limits, each entry within its rule. */
  private list(key: string, text: string, rule: ListRule): number[] | undefined {
    const parts = text === '' ? [] : text.split(',');
    if (parts.length < rule.minLength || parts.length > rule.maxLength) {
      this.fail(
        `“${key}” must have ${rule.minLength}–${rule.maxLength} numbers, got ${parts.length}`,
      );
      return;
    }
    const values: number[] = [];
    for (const part of parts) {
      const value = this.parse(key, part, rule);
      if (value === undefined) return undefined;
      values.push(value);
    }
    return values;
  }

  /** A number as a field would read it, within the rule. */
  private parse(key: string, text: string, rule: NumberRule): number | undefined {
    // A link carries the number's shortest text; commas and spaces have no place inside one.
    const parsed = parseNumberField(text, { ...rule, name: `“${key}”` });
    if (parsed.ok) return parsed.value;
    this.fail(parsed.message.replace(/\.$/, ''));
    return undefined;
  }
}

/** Write the cell's state into the page's fragment and copy the whole link; the note for the reader. */
export async function linkCell(state: ShareableState): Promise<string> {
  history.replaceState(history.state, '', stateFragment(state.cellId, state.shareState()));
  try {
    await navigator.clipboard.writeText(location.href);
    return 'Link to this state copied; it is also in the address bar.';
  } catch {
    return 'The link to this state is in the address bar.';
  }
}

/**
 * Apply `hash` to the cell if it links to it: the note for the reader (restored, or why the
 * state was not applied, leaving the cell unchanged), or null when the fragment is not this cell's.
 */
export function restoreCell(state: ShareableState, hash: string): string | null {
  const linked = parseStateFragment(hash);
  if (linked === null || linked.cellId !== state.cellId) return null;
  // The keys a cell shares are all the keys it reads; any other key in a link is refused.
  const problem =
    'error' in linked
      ? linked.error
      : state.restoreState(new StateReader(linked.params, Object.keys(state.shareState())));
  return problem === null
    ? 'State restored from the link.'
    : `The link's state was not applied: ${problem}. The cell is unchanged.`;
}
