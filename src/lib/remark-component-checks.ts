// The frame's own components check their props when a page renders, but a component cannot
// know the line it was written on. This plugin checks the same props in the chapter's source,
// so the build stops at the line with a fix: a Figure of an unknown width, a CoreNumber the core
// cannot compute (an unknown quantity, missing or bad props), a CoreSource without a summary or
// pointing at a file or region that is not there. (Cells are checked by remark-cell-props.ts,
// chapter references by remark-link-check.ts.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Expression, Program } from 'estree';
import type { Root } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import type { Node } from 'unist';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import {
  CORE_QUANTITIES,
  coreValue,
  formatCoreValue,
  type CoreQuantity,
} from '../../components/ui/core-number';
import { FIGURE_WIDTHS } from '../../components/widgets/shared/props';
import { failAt, suggestion } from './authoring-error';
import { extractRegion } from './source-regions';

export interface ComponentChecksOptions {
  /** The loss core's folder, whose files CoreSource shows. @default <cwd>/src/loss */
  readonly core?: string | URL;
}

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/** A value written literally in MDX: a string, number, boolean or an array of them. */
type Literal = string | number | boolean | null | Literal[];

/** Marks a prop whose value is computed (a variable, a call), which only the page can know. */
const COMPUTED = Symbol('computed');

/** Evaluate an expression made of literals only; anything else is COMPUTED. */
function literal(expression: Expression): Literal | typeof COMPUTED {
  switch (expression.type) {
    case 'Literal':
      return typeof expression.value === 'string' ||
        typeof expression.value === 'number' ||
        typeof expression.value === 'boolean' ||
        expression.value === null
        ? expression.value
        : COMPUTED;
    case 'UnaryExpression': {
      const value = literal(expression.argument);
      if (typeof value !== 'number') return COMPUTED;
      if (expression.operator === '-') return -value;
      return expression.operator === '+' ? value : COMPUTED;
    }
    case 'ArrayExpression': {
      const values: Literal[] = [];
      for (const element of expression.elements) {
        if (element === null || element.type === 'SpreadElement') return COMPUTED;
        const value = literal(element);
        if (value === COMPUTED) return COMPUTED;
        values.push(value);
      }
      return values;
    }
    default:
      return COMPUTED;
  }
}

/** An element's props: literal values, COMPUTED ones, or COMPUTED for the lot when spread. */
function propsOf(element: JsxElement): Record<string, Literal | typeof COMPUTED> | typeof COMPUTED {
  const props: Record<string, Literal | typeof COMPUTED> = {};
  for (const attribute of element.attributes) {
    if (attribute.type !== 'mdxJsxAttribute') return COMPUTED;
    const { value } = attribute;
    if (value === null || value === undefined) props[attribute.name] = true;
    else if (typeof value === 'string') props[attribute.name] = value;
    else {
      const program = value.data?.estree as Program | undefined;
      const statement = program?.body[0];
      props[attribute.name] =
        statement?.type === 'ExpressionStatement' ? literal(statement.expression) : COMPUTED;
    }
  }
  return props;
}

/** The region names a core file marks with `// #region name`. */
function regionsOf(source: string): string[] {
  return [...source.matchAll(/^\s*\/\/\s*#region\s+([\w-]+)\s*$/gm)].map((m) => m[1] as string);
}

/** Check the literal props of Figure, CoreNumber and CoreSource where they are written. */
export default function remarkComponentChecks(options: ComponentChecksOptions = {}) {
  const core =
    options.core === undefined
      ? join(process.cwd(), 'src', 'loss')
      : typeof options.core === 'string'
        ? options.core
        : fileURLToPath(options.core);
  return function transform(tree: Root, file: VFile): void {
    function fail(node: Node, problem: string, fix: string): never {
      failAt(file, node.position, problem, fix);
    }

    const checkFigure = (element: JsxElement, props: Record<string, unknown>): void => {
      const { width } = props;
      if (width === undefined || width === COMPUTED) return;
      if (typeof width !== 'string' || !(FIGURE_WIDTHS as readonly string[]).includes(width)) {
        const near = typeof width === 'string' ? suggestion(width, FIGURE_WIDTHS, 'width') : '';
        fail(
          element,
          `<Figure width=${JSON.stringify(width)}> is not a figure width`,
          `write width="body" (the text column, the default), "page" or "screen"${
            near.startsWith('did you mean') ? `; ${near}` : ''
          }`,
        );
      }
    };

    const checkCoreNumber = (element: JsxElement, props: Record<string, unknown>): void => {
      const { digits = 2, ...spec } = props;
      if (Object.values(props).includes(COMPUTED)) return;
      const quantity = spec['quantity'];
      if (
        typeof quantity !== 'string' ||
        !(CORE_QUANTITIES as readonly string[]).includes(quantity)
      ) {
        fail(
          element,
          `<CoreNumber quantity=${JSON.stringify(quantity ?? null)}> is not a quantity the core computes`,
          `${typeof quantity === 'string' ? suggestion(quantity, CORE_QUANTITIES, 'quantity', 'quantities') : `write quantity="…", one of ${CORE_QUANTITIES.join(', ')}`} (each quantity's props are listed in components/ui/core-number.ts)`,
        );
      }
      try {
        if (typeof digits !== 'number')
          throw new Error(`digits must be a number, got ${JSON.stringify(digits)}`);
        formatCoreValue(coreValue(spec as unknown as CoreQuantity), digits);
      } catch (error) {
        fail(
          element,
          `<CoreNumber quantity="${quantity}"> cannot be computed from ${JSON.stringify(spec)}: ${(error as Error).message}`,
          `give the props components/ui/core-number.ts lists for "${quantity}" (distributions as arrays of weights, indices from 0)`,
        );
      }
    };

    const checkCoreSource = (element: JsxElement, props: Record<string, unknown>): void => {
      const { file: name, region, summary } = props;
      if (summary !== COMPUTED && (typeof summary !== 'string' || summary.trim() === '')) {
        fail(
          element,
          '<CoreSource> has no summary',
          'add summary="…": one line saying what the code does, shown while the listing is folded',
        );
      }
      if (typeof name !== 'string') return;
      const files = existsSync(core) ? readdirSync(core).filter((f) => f.endsWith('.ts')) : [];
      if (!files.includes(name)) {
        fail(
          element,
          `<CoreSource file="${name}"> names no file of src/loss/`,
          `write a file name of src/loss/: ${suggestion(name, files, 'file')}`,
        );
      }
      if (typeof region !== 'string') return;
      const source = readFileSync(join(core, name), 'utf8');
      try {
        extractRegion(source, region, `src/loss/${name}`);
      } catch (error) {
        fail(
          element,
          `<CoreSource region="${region}">: ${(error as Error).message}`,
          `mark the code with // #region ${region} … // #endregion ${region}, or show a region the file has: ${suggestion(region, regionsOf(source), 'region')}`,
        );
      }
    };

    visit(tree, (node: Node) => {
      if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
      const element = node as JsxElement;
      const check =
        element.name === 'Figure'
          ? checkFigure
          : element.name === 'CoreNumber'
            ? checkCoreNumber
            : element.name === 'CoreSource'
              ? checkCoreSource
              : undefined;
      if (check === undefined) return;
      const props = propsOf(element);
      if (props !== COMPUTED) check(element, props);
    });
  };
}
