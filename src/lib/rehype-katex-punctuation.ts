// A browser may break a line between an inline formula and the comma or full stop after it
// (KaTeX's boxes are inline-blocks, which break like an object), leaving the punctuation alone
// at the start of the next line. This joins the formula and its trailing punctuation in a span
// that does not break. It also mends what smart quotes do to an apostrophe right after a formula
// ("sample $n$'s row"): with no letter before it, the ' was read as an opening quote, n‘s.
import type { Element, ElementContent, Root, Text } from 'hast';
import { CONTINUE, SKIP, visit } from 'unist-util-visit';

const TRAILING_PUNCTUATION = /^[.,;:!?)\]’”…]+/;
/** An opening quote glued to a formula and followed by a letter: an apostrophe, misread. */
const MISREAD_APOSTROPHE = /^‘(?=\p{L})/u;

const isInlineFormula = (node: ElementContent | undefined): node is Element =>
  node?.type === 'element' &&
  Array.isArray(node.properties['className']) &&
  node.properties['className'].includes('katex');

/** Keep punctuation that follows an inline formula on the formula's line. */
export default function rehypeKatexPunctuation() {
  return function transform(tree: Root): void {
    visit(tree, 'element', (parent: Element) => {
      // Nothing to join inside a formula, in display math (a block) or in a join already made.
      const classes = parent.properties['className'];
      const skipped = ['katex', 'katex-display', 'katex-punctuation'];
      if (Array.isArray(classes) && classes.some((c) => skipped.includes(c))) return SKIP;
      const children = parent.children;
      for (let i = 0; i < children.length - 1; i++) {
        const formula = children[i];
        const next = children[i + 1];
        if (!isInlineFormula(formula) || next?.type !== 'text') continue;
        next.value = next.value.replace(MISREAD_APOSTROPHE, '’');
        const punctuation = TRAILING_PUNCTUATION.exec(next.value)?.[0];
        if (punctuation === undefined) continue;
        // Chromium takes the break rule after an inline-block from the formula's side, so the
        // formula itself is held unbroken too; inline formulas that end a clause are short.
        const joined: Element = {
          type: 'element',
          tagName: 'span',
          properties: { className: ['katex-punctuation'], style: 'white-space: nowrap' },
          children: [formula, { type: 'text', value: punctuation } satisfies Text],
        };
        const rest = next.value.slice(punctuation.length);
        children.splice(
          i,
          2,
          joined,
          ...(rest === '' ? [] : [{ type: 'text', value: rest } as Text]),
        );
      }
      return CONTINUE;
    });
  };
}
