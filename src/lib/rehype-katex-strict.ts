// rehype-katex only paints a bad formula red and carries on; a published chapter must never
// show one, so this wrapper turns KaTeX's message into a build error naming file, line and formula.
// A display ($$ … $$) is reported at the line of the mistake inside it, quoting the TeX as the
// author typed it: the \tag{…} that remark-equation-labels.ts puts in for a \label is not theirs.
import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import katex from 'katex';
import rehypeKatex from 'rehype-katex';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { Node, Point, Position } from 'unist';
import { authoringError } from './authoring-error';

type KatexOptions = Parameters<typeof rehypeKatex>[0];

const FIX =
  'correct the TeX; KaTeX knows a subset of LaTeX, listed at https://katex.org/docs/supported.html (a literal $ in prose is written \\$)';

/** Render math like rehype-katex, but fail the build on the first formula KaTeX rejects. */
export default function rehypeKatexStrict(options?: KatexOptions) {
  const render = rehypeKatex(options);
  return function transform(tree: Root, file: VFile): void {
    const before = file.messages.length;
    render(tree, file);
    const failure = file.messages.slice(before).find((m) => m.source === 'rehype-katex');
    if (failure === undefined) {
      makeDisplayMathFocusable(tree);
      return;
    }
    const ancestors: Node[] = failure.ancestors ?? [];
    const element = ancestors.at(-1) as Element | undefined;
    const reason = failure.cause instanceof Error ? failure.cause.message : failure.reason;
    if (element !== undefined && isDisplay(element)) {
      const display = displayFailure(file, ancestors, options);
      if (display !== undefined) {
        throw authoringError(
          file.path,
          display.at,
          `KaTeX cannot render the formula "${oneLine(display.tex)}": ${oneLine(display.reason)}`,
          FIX,
        );
      }
    }
    // Without the source to read the display back from, at least leave out the generated \tag.
    const formula =
      element === undefined
        ? '(unknown formula)'
        : oneLine(toText(element).replace(/\\tag\{\d+\.\d+\}/g, ''));
    throw authoringError(
      file.path,
      startOf(failure.place) ?? positionedStart(ancestors),
      `KaTeX cannot render the formula "${formula}": ${oneLine(reason)}`,
      FIX,
    );
  };
}

/** Whether rehype-katex rendered this element as display math (remark-math's `$$` or ```math). */
function isDisplay(element: Element): boolean {
  const classes = element.properties['className'];
  if (!Array.isArray(classes) || classes.includes('math-inline')) return false;
  return classes.includes('math-display') || classes.includes('language-math');
}

/**
 * Where in a display the mistake is and what the author wrote there. remark-math hangs the
 * formula's element under a <pre> carrying the display's position (the element has none), so
 * the author's lines are read back from the source and given to KaTeX again, with each \label{}
 * blanked rather than turned into a \tag: KaTeX's offset then falls on the author's own text.
 */
function displayFailure(
  file: VFile,
  ancestors: readonly Node[],
  options: KatexOptions,
): { at: Point | undefined; tex: string; reason: string } | undefined {
  const start = positionedStart(ancestors);
  const positioned = [...ancestors].reverse().find((node) => node.position !== undefined);
  const source = typeof file.value === 'string' ? file.value : undefined;
  const display =
    source === undefined || positioned?.position === undefined
      ? undefined
      : displayLines(source, positioned.position);
  if (display === undefined) return undefined;
  const tex = display.lines.join('\n');
  const blanked = tex.replace(/\\label\{[^}]*\}/g, (label) => ' '.repeat(label.length));
  try {
    katex.renderToString(blanked, {
      ...options,
      displayMode: true,
      throwOnError: true,
    });
  } catch (error) {
    // KaTeX leaves `position` out when it cannot tell where: then the display as a whole.
    const offset: number | undefined =
      error instanceof katex.ParseError ? error.position : undefined;
    if (error instanceof katex.ParseError && offset !== undefined) {
      const before = blanked.slice(0, offset).split('\n');
      const index = before.length - 1;
      const column = (before.at(-1)?.length ?? 0) + (display.columns[index] ?? 1);
      return {
        at: { line: display.firstLine + index, column },
        tex,
        reason: `KaTeX parse error: ${error.rawMessage}`,
      };
    }
    if (error instanceof katex.ParseError) {
      return { at: start, tex, reason: `KaTeX parse error: ${error.rawMessage}` };
    }
    if (error instanceof Error) return { at: start, tex, reason: error.message };
  }
  // Only the generated \tag fails (a \tag inside an environment, say): the display as a whole.
  return { at: start, tex, reason: 'KaTeX cannot number this display with \\label{}' };
}

/**
 * The lines between a display's `$$` fences as the author typed them, the file line of the
 * first, and the file column each starts at (a display in a list or a quote is indented).
 */
function displayLines(
  source: string,
  position: Position,
): { lines: string[]; firstLine: number; columns: number[] } | undefined {
  const { start, end } = position;
  if (start.offset === undefined || end.offset === undefined) return undefined;
  const raw = source.slice(start.offset, end.offset).split(/\r?\n/);
  const indent = start.column - 1;
  const lines: string[] = [];
  const columns: number[] = [];
  for (const line of raw.slice(1)) {
    const prefix = /^[ \t>]*/.exec(line.slice(0, indent))?.[0].length ?? 0;
    lines.push(line.slice(prefix));
    columns.push(prefix + 1);
  }
  // An unclosed display runs to the end of its container: no closing fence to drop.
  if (lines.length > 0 && /^\s*(?:\$\$+|`{3,}|~{3,})\s*$/.test(lines.at(-1) ?? '')) {
    lines.pop();
    columns.pop();
  }
  return { lines, firstLine: start.line + 1, columns };
}

/** The start of the innermost node on the way to the formula that knows where it is. */
function positionedStart(ancestors: readonly Node[]): Point | undefined {
  return [...ancestors].reverse().find((node) => node.position !== undefined)?.position?.start;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Wide display math scrolls sideways (on phones, most of it does); a scrollable region must be
 * reachable by keyboard, so each display gets a tab stop and a name for screen readers.
 */
function makeDisplayMathFocusable(tree: Root): void {
  visit(tree, 'element', (node: Element) => {
    const classes = node.properties['className'];
    if (Array.isArray(classes) && classes.includes('katex-display')) {
      node.properties['tabIndex'] = 0;
      node.properties['role'] = 'group';
      node.properties['ariaLabel'] = 'Equation';
    }
  });
}

/** rehype-katex reports the formula's whole position; the error points at where it starts. */
function startOf(place: Point | Position | undefined): Point | undefined {
  if (place === undefined) return undefined;
  return 'start' in place ? place.start : place;
}
