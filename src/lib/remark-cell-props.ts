// A chapter places a cell with one line of MDX (`<SoftmaxExplorer client:visible logits={[2, 1]} />`),
// and MDX passes whatever it is given: a misspelt prop used to vanish silently, a string where a
// number belongs reached the cell as a string. This plugin checks every element named as a barrel
// widget against the cell's props type (read by ./widget-props.ts) and fails the build on an
// unknown prop, a missing required one, or a literal of the wrong type, naming the chapter's file,
// line and column and the fix.
import { readFileSync } from 'node:fs';
import type { Root } from 'mdast';
import type { Point } from 'unist';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { authoringMessage, nearest, problemsError } from './authoring-error';
import {
  attributeValue,
  COMPUTED,
  hasSpread,
  stringProp,
  type JsxElement,
  type Literal,
} from './mdx-literal';
import { barrelFolders } from './remark-widget-imports';
import { readWidgetProps, shownType, type PropInfo, type PropKind } from './widget-props';

export interface CellPropsOptions {
  /** The widgets barrel on disk: a path or file URL. */
  readonly barrel: string | URL;
  /** The `client:` directives a cell may carry. @default Astro's five and `interaction` */
  readonly directives?: readonly string[];
  /** Where authors can read every cell's props, named in each message. @default '/widgets/' */
  readonly gallery?: string;
}

const DIRECTIVES = ['load', 'idle', 'visible', 'media', 'only', 'interaction'];

/**
 * Astro's other directives, which Astro checks itself: `set:html`, `set:text`, `class:list`,
 * `is:raw`, `server:defer` and the `transition:` ones.
 */
const ASTRO_DIRECTIVE = /^(?:(?:set|is|server|transition):[\w-]+|class:list)$/;

/** A value as MDX would write it in braces. */
function written(value: Literal): string {
  if (Array.isArray(value)) return `[${value.map(written).join(', ')}]`;
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** A value as a message names it. */
function described(value: Literal): string {
  if (Array.isArray(value)) return `the array ${written(value)}`;
  if (typeof value === 'string') return `the string "${value}"`;
  return typeof value === 'number' ? `the number ${written(value)}` : String(value);
}

/** What a kind accepts, in words. */
function expected(kind: PropKind): string {
  switch (kind.kind) {
    case 'number':
      return 'a number';
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'literal':
      return kind.values.length === 1
        ? written(kind.values[0] as Literal)
        : `one of ${kind.values.map((v) => written(v)).join(', ')}`;
    case 'array':
      return `an array of ${plural(kind.element)}`;
    case 'union':
      return kind.members.map(expected).join(' or ');
    case 'other':
      return 'a value of its type';
  }
}

function plural(kind: PropKind): string {
  const one = expected(kind);
  if (kind.kind === 'number') return 'numbers';
  if (kind.kind === 'string') return 'strings';
  if (kind.kind === 'array') return one.replace(/^an array/, 'arrays');
  return `values each ${one}`;
}

/** Why `value` does not fit `kind` (what it got, at which index), or null when it fits. */
function mismatch(kind: PropKind, value: Literal, at: string): string | null {
  switch (kind.kind) {
    case 'number':
      return typeof value === 'number' ? null : `${at} is ${described(value)}`;
    case 'string':
      return typeof value === 'string' ? null : `${at} is ${described(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? null : `${at} is ${described(value)}`;
    case 'literal':
      return kind.values.some((v) => v === value) ? null : `${at} is ${described(value)}`;
    case 'array': {
      if (!Array.isArray(value)) return `${at} is ${described(value)}`;
      for (const [i, item] of (value as readonly Literal[]).entries()) {
        const problem = mismatch(kind.element, item, `${at}[${i}]`);
        if (problem !== null) return problem;
      }
      return null;
    }
    case 'union':
      return kind.members.some((m) => mismatch(m, value, at) === null)
        ? null
        : `${at} is ${described(value)}`;
    case 'other':
      return null;
  }
}

/** How to write `value` so it fits `kind`, when the build can see what the author meant. */
function fixFor(prop: PropInfo, value: Literal): string {
  const { name, kind } = prop;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (kind.kind === 'number' && trimmed !== '' && Number.isFinite(Number(trimmed))) {
      return `write ${name}={${trimmed}} (braces, no quotes)`;
    }
    if (kind.kind === 'boolean' && (trimmed === 'true' || trimmed === 'false')) {
      return trimmed === 'true'
        ? `write ${name} alone (it means true)`
        : `write ${name}={false}, or leave it out`;
    }
    if (kind.kind === 'array' && trimmed.startsWith('[')) {
      return `write ${name}={${trimmed}} (braces, no quotes)`;
    }
    if (kind.kind === 'literal') {
      const options = kind.values.filter((v): v is string => typeof v === 'string');
      const guess = nearest(value, options);
      if (guess !== undefined) return `did you mean ${name}="${guess}"?`;
    }
  }
  if (kind.kind === 'string' && typeof value !== 'string') {
    return `write ${name}="${Array.isArray(value) ? value.join(', ') : String(value)}"`;
  }
  if (kind.kind === 'array' && !Array.isArray(value)) {
    return `write ${name}={[${typeof value === 'string' ? value : written(value)}]}`;
  }
  return `give ${name} ${expected(kind)}`;
}

/** Check every barrel cell a chapter places (see the file comment); throw once, listing every problem. */
export default function remarkCellProps(options: CellPropsOptions) {
  const directives = options.directives ?? DIRECTIVES;
  const gallery = options.gallery ?? '/widgets/';
  return function check(tree: Root, file: VFile): void {
    // Read for every chapter, so the dev server sees a widget added to the barrel at once.
    const names = barrelFolders(readFileSync(options.barrel, 'utf8'));
    const cells: JsxElement[] = [];
    visit(tree, ['mdxJsxFlowElement', 'mdxJsxTextElement'], (node) => {
      const element = node as JsxElement;
      if (element.name !== null && names.has(element.name)) cells.push(element);
    });
    if (cells.length === 0) return;
    const widgets = new Map(readWidgetProps(options.barrel).map((w) => [w.name, w]));
    const problems: { readonly at: Point | undefined; readonly message: string }[] = [];
    const report = (
      node: { readonly position?: { readonly start: Point } | undefined },
      problem: string,
      fix: string,
    ) => {
      const at = node.position?.start;
      problems.push({ at, message: authoringMessage(file.path, at, problem, fix) });
    };

    // Links name a cell by its id, so two cells of a page must not share one (see url-state.ts).
    const cellIds = new Map<string, Point | undefined>();
    for (const cell of cells) {
      const widget = widgets.get(cell.name ?? '');
      if (widget === undefined) continue;
      const given = cell.attributes.some(
        (a) => a.type === 'mdxJsxAttribute' && a.name === 'cellId',
      );
      // A spread may set the id, so a tag with one and no cellId has an id the build cannot see.
      const id = given ? stringProp(cell, 'cellId') : hasSpread(cell) ? undefined : widget.folder;
      if (id !== undefined) {
        if (!cellIds.has(id)) cellIds.set(id, cell.position?.start);
        else {
          const first = cellIds.get(id);
          report(
            cell,
            `this ${widget.name} has the cell id "${id}", as the cell on line ${first?.line ?? 1} does, so a link could not tell them apart`,
            `give it cellId="${id}-2" (lower-case words joined by hyphens)`,
          );
        }
      }
      const known = widget.props.map((p) => p.name);
      const listed = `its props are ${known.join(', ')} and the client:${directives.join('|')} directives, all described at ${gallery}`;
      const named = new Set<string>();
      for (const attribute of cell.attributes) {
        // A spread ({...props}) cannot be read at build time; the cell's own checks see it.
        if (attribute.type !== 'mdxJsxAttribute') continue;
        const name = attribute.name;
        named.add(name);
        if (ASTRO_DIRECTIVE.test(name)) continue;
        if (name.startsWith('client:')) {
          const directive = name.slice('client:'.length);
          if (!directives.includes(directive)) {
            const guess = nearest(directive, directives);
            report(
              attribute,
              `${widget.name} has no directive ${name}` +
                (guess === undefined ? '' : `; did you mean client:${guess}?`),
              `use one of ${directives.map((d) => `client:${d}`).join(', ')}`,
            );
          }
          continue;
        }
        const prop = widget.props.find((p) => p.name === name);
        if (prop === undefined) {
          const guess = nearest(name, known);
          report(
            attribute,
            `${widget.name} has no prop "${name}"` +
              (guess === undefined ? '' : ` (did you mean "${guess}"?)`) +
              `; ${listed}`,
            guess === undefined ? `remove ${name}` : `rename ${name} to ${guess}`,
          );
          continue;
        }
        const value = attributeValue(attribute);
        if (value === COMPUTED) continue;
        const problem = mismatch(prop.kind, value, name);
        if (problem !== null) {
          report(
            attribute,
            `${widget.name}'s ${name} must be ${expected(prop.kind)} (${shownType(prop)}), but ${problem}`,
            fixFor(prop, value),
          );
        }
      }
      // A spread may supply any prop, so only a tag without one can be missing a prop.
      if (hasSpread(cell)) continue;
      for (const prop of widget.props) {
        if (prop.required && !named.has(prop.name)) {
          report(
            cell,
            `${widget.name} needs the prop ${prop.name}, ${expected(prop.kind)} (${prop.description})`,
            `add ${prop.name}=… to the tag`,
          );
        }
      }
    }
    if (problems.length > 0) throw problemsError(file.path, problems);
  };
}
