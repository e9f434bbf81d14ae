// rehype-katex only paints a bad formula red and carries on; a published chapter must never
// show one, so this wrapper turns KaTeX's message into a build error naming file, line and formula.
import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import rehypeKatex from 'rehype-katex';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { Point, Position } from 'unist';
import { authoringError } from './authoring-error';

type KatexOptions = Parameters<typeof rehypeKatex>[0];

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
    const element = failure.ancestors?.at(-1);
    const formula =
      element === undefined
        ? '(unknown formula)'
        : toText(element as never)
            .replace(/\s+/g, ' ')
            .trim();
    const reason = failure.cause instanceof Error ? failure.cause.message : failure.reason;
    throw authoringError(
      file.path,
      startOf(failure.place),
      `KaTeX cannot render the formula "${formula}": ${reason.replace(/\s+/g, ' ')}`,
      'correct the TeX; KaTeX knows a subset of LaTeX, listed at https://katex.org/docs/supported.html (a literal $ in prose is written \\$)',
    );
  };
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
