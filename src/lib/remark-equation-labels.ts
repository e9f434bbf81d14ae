// KaTeX has no \label or \eqref. This plugin numbers the display equations that carry
// \label{eq:…} (rendering the number with KaTeX's \tag) and turns inline $\eqref{eq:…}$ into a
// link to the equation. An unknown or repeated label fails the build, naming file and label.
import type { Link, Root, RootContent } from 'mdast';
import type { InlineMath, Math } from 'mdast-util-math';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

const LABEL = /\\label\{([^}]*)\}/g;
const EQREF = /^\s*\\eqref\{([^}]*)\}\s*$/;
const VALID_LABEL = /^eq:[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The HTML id of a labelled equation: "eq:log-sum-exp" → "eq-log-sum-exp". */
export function equationId(label: string): string {
  return label.replace(':', '-');
}

/** Fail the build with the chapter's path in the message. */
function fail(file: VFile, message: string): never {
  throw new Error(`${message} in ${file.path}`);
}

/** Number labelled display equations in order and link every \eqref to its equation. */
export default function remarkEquationLabels() {
  return function transform(tree: Root, file: VFile): void {
    const numbers = new Map<string, number>();
    visit(tree, 'math', (node: Math, index, parent) => {
      const labels = [...node.value.matchAll(LABEL)].map((m) => m[1] as string);
      if (labels.length === 0) return;
      if (labels.length > 1)
        fail(file, `An equation has ${labels.length} \\label{}s (${labels.join(', ')})`);
      const label = labels[0] as string;
      if (!VALID_LABEL.test(label)) {
        fail(file, `Equation label "${label}" must look like eq:kebab-case-name`);
      }
      if (numbers.has(label)) fail(file, `Equation label "${label}" is used twice`);
      const number = numbers.size + 1;
      numbers.set(label, number);
      node.value = node.value.replace(LABEL, `\\tag{${number}}`);
      // remark-math also keeps the formula in the hast it prepared; keep both in step.
      visit(
        { type: 'root', children: node.data?.hChildren ?? [] } as never,
        'text',
        (text: { value: string }) => {
          text.value = node.value;
        },
      );
      // An anchor just before the equation: rehype-katex replaces the math element itself.
      const anchor = {
        type: 'equationAnchor',
        data: {
          hName: 'div',
          hProperties: { id: equationId(label), className: ['equation-anchor'] },
        },
      } as unknown as RootContent;
      if (parent !== undefined && index !== undefined)
        parent.children.splice(index, 0, anchor as never);
      return index === undefined ? undefined : index + 2;
    });
    visit(tree, 'inlineMath', (node: InlineMath, index, parent) => {
      if (!node.value.includes('\\eqref') && !node.value.includes('\\label')) return;
      const match = EQREF.exec(node.value);
      if (match === null)
        fail(
          file,
          `"$${node.value}$" must be a lone $\\eqref{eq:…}$ (and \\label only goes in display math)`,
        );
      const label = match[1] as string;
      const number = numbers.get(label);
      if (number === undefined)
        fail(file, `Unknown equation label "${label}" in $\\eqref{${label}}$`);
      const link: Link = {
        type: 'link',
        url: `#${equationId(label)}`,
        children: [{ type: 'text', value: `(${number})` }],
        data: { hProperties: { className: ['eqref'] } },
      };
      if (parent !== undefined && index !== undefined)
        parent.children.splice(index, 1, link as never);
    });
  };
}
