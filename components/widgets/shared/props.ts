// The one way a widget checks what a chapter passes it: each check throws, during the build,
// "<Widget>: <prop> must <requirement>, got <value>", so an authoring slip names the widget,
// the prop and what it should have been.
//
// Only the build checks. In the browser a widget gets the very props the build rendered it
// with, already checked, so every check is guarded by `import.meta.env.SSR`: Vite writes a
// literal `false` there in the client build and the checks (and their messages) compile away.
// Vitest runs as SSR, so the tests see every check.
import { isCellId } from './url-state';

/** The three figure widths a cell can take (Distill's l-body, l-page and l-screen). */
export const FIGURE_WIDTHS = ['body', 'page', 'screen'] as const;

/** A cell's width: the text column, the page, or the whole screen. */
export type FigureWidth = (typeof FIGURE_WIDTHS)[number];

/** What every widget takes besides its own props. */
export interface WidgetFrameProps {
  /** How wide the cell is. @default each widget's own choice */
  width?: FigureWidth;
  /** The cell's id in links to its state; needed only when a page has two cells of one kind. @default the widget's folder name */
  cellId?: string;
}

/** How many classes or outcomes a widget lays out well. */
export const VECTOR_LENGTH = { min: 2, max: 8 } as const;

/** Bounds a number prop must keep, either or both. */
interface Range {
  readonly min?: number;
  readonly max?: number;
}

/** A value as a message shows it: arrays in brackets, strings quoted. */
function show(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return typeof value === 'string' ? `'${value}'` : String(value);
}

export class PropsCheck {
  /** The component's name, as chapters write it: `SoftmaxExplorer`. */
  readonly widget: string;

  constructor(widget: string) {
    this.widget = widget;
  }

  /** Throw the one message style for bad props. */
  fail(prop: string, requirement: string, got: unknown): never {
    throw new Error(
      import.meta.env.SSR
        ? `${this.widget}: ${prop} must ${requirement}, got ${show(got)}`
        : `${this.widget}: ${prop}`,
    );
  }

  /** A vector of 2–8 finite numbers, each within [min, max] where given: logits, weights. */
  vector(prop: string, values: readonly number[], range: Range = {}): void {
    if (!import.meta.env.SSR) return;
    const { min: shortest, max: longest } = VECTOR_LENGTH;
    if (values.length < shortest || values.length > longest) {
      this.fail(prop, `have ${shortest}–${longest} entries`, values.length);
    }
    values.forEach((value, i) => this.number(`${prop}[${i}]`, value, range));
  }

  /** A finite number, within [min, max] where given. */
  number(prop: string, value: number, range: Range = {}): void {
    if (!import.meta.env.SSR) return;
    const { min, max } = range;
    const within =
      min !== undefined && max !== undefined
        ? ` in [${min}, ${max}]`
        : min !== undefined
          ? ` ≥ ${min}`
          : max !== undefined
            ? ` ≤ ${max}`
            : '';
    const ok =
      Number.isFinite(value) &&
      (min === undefined || value >= min) &&
      (max === undefined || value <= max);
    if (!ok) this.fail(prop, `be a finite number${within}`, value);
  }

  /** An index into `classes` classes, as the core's int64 targets take it. */
  classIndex(prop: string, value: number, classes: number): void {
    if (!import.meta.env.SSR) return;
    if (!Number.isInteger(value) || value < 0 || value >= classes) {
      this.fail(prop, `be a class index 0–${classes - 1}`, value);
    }
  }

  /** One entry per entry of `of` (labels per logit, q per p). */
  sameLength(
    prop: string,
    values: readonly unknown[] | undefined,
    of: string,
    length: number,
  ): void {
    if (!import.meta.env.SSR) return;
    if (values !== undefined && values.length !== length) {
      this.fail(prop, `have ${length} entries, one per entry of ${of}`, values.length);
    }
  }

  /** The cell's id for links to its state, or `fallback` (the widget's folder name). */
  cellId(value: string | undefined, fallback: string): string {
    const id = value ?? fallback;
    if (import.meta.env.SSR && !isCellId(id))
      this.fail('cellId', 'be lower-case words joined by hyphens, at most 48 characters', id);
    return id;
  }

  /** The cell's width, or `fallback` when the chapter gives none. */
  width(value: string | undefined, fallback: FigureWidth): FigureWidth {
    if (value === undefined) return fallback;
    if (import.meta.env.SSR && !(FIGURE_WIDTHS as readonly string[]).includes(value)) {
      this.fail('width', `be one of ${FIGURE_WIDTHS.map(show).join(', ')}`, value);
    }
    return value as FigureWidth;
  }
}
