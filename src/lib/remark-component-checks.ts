// The frame's own components check their props when a page renders, but a component cannot
// know the line it was written on. This plugin checks the same props in the chapter's source,
// so the build stops at the line with a fix: a Figure of an unknown width, a CoreNumber the core
// cannot compute (an unknown quantity, missing or bad props), a CoreSource without a summary or
// pointing at a file or region that is not there. (Cells are checked by remark-cell-props.ts,
// chapter references by remark-link-check.ts.)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'mdast';
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
import { COMPUTED, propsOf, type JsxElement } from './mdx-literal';
import { extractRegion } from './source-regions';

export interface ComponentChecksOptions {
  /** The loss core's folder, whose files CoreSource shows. @default <cwd>/src/loss */
  readonly core?: string | URL;
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
