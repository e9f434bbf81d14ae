// rehype-katex only paints a bad formula red and carries on; a published chapter must never
// show one, so this wrapper turns KaTeX's message into a build error naming file and formula.
import type { Element, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import rehypeKatex from 'rehype-katex';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

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
    const formula = element === undefined ? '(unknown formula)' : toText(element as never);
    const where = failure.place && 'line' in failure.place ? `:${failure.place.line}` : '';
    const reason = failure.cause instanceof Error ? failure.cause.message : failure.reason;
    throw new Error(
      `KaTeX could not render a formula in ${file.path}${where}\n  formula: ${formula}\n  ${reason}`,
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
