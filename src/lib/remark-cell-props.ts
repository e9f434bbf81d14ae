// A chapter places a cell with one line of MDX (`<SoftmaxExplorer client:visible logits={[2, 1]} />`),
// and MDX passes whatever it is given: a misspelt prop used to vanish silently, a string where a
// number belongs reached the cell as a string. This plugin checks every element named as a barrel
// widget against the cell's props type (read by ./widget-props.ts) and fails the build on an
// unknown prop, a missing required one, or a literal of the wrong type, naming the chapter's file,
// line and column and the fix.
import { readFileSync } from 'node:fs';
import type { Expression, Node as EstreeNode } from 'estree';
import type { Root } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { displayPath } from './authoring-error';
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

/** A place in the chapter's source. */
interface Point {
  readonly line: number;
  readonly column: number;
}

/** A node of the chapter's tree, which knows where in the source it was written. */
interface Positioned {
  readonly position?: { readonly start: Point } | undefined;
}

/** A literal read from MDX: what a prop's value is when the build can tell. */
type Literal = string | number | boolean | readonly Literal[];

/** Marks a value the build cannot tell (a variable, a call): it is left to the cell's own checks. */
const UNKNOWN = Symbol('not a literal');

/** The value of an attribute: a quoted string, a bare name (true), or a literal in braces. */
function attributeValue(attribute: MdxJsxAttribute): Literal | typeof UNKNOWN {
  const { value } = attribute;
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value;
  const statement = value.data?.estree?.body[0];
  if (statement?.type !== 'ExpressionStatement') return UNKNOWN;
  return literalOf(statement.expression);
}

/** A literal expression's value: numbers (signed), strings, booleans and arrays of them. */
function literalOf(node: Expression | EstreeNode): Literal | typeof UNKNOWN {
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ||
        typeof node.value === 'number' ||
        typeof node.value === 'boolean'
        ? node.value
        : UNKNOWN;
    case 'UnaryExpression': {
      const operand = literalOf(node.argument);
      if (typeof operand !== 'number') return UNKNOWN;
      return node.operator === '-' ? -operand : node.operator === '+' ? operand : UNKNOWN;
    }
    case 'ArrayExpression': {
      const items = node.elements.map((e) => (e === null ? UNKNOWN : literalOf(e)));
      return items.includes(UNKNOWN) ? UNKNOWN : (items as Literal[]);
    }
    case 'TemplateLiteral':
      return node.expressions.length === 0
        ? node.quasis.map((q) => q.value.cooked).join('')
        : UNKNOWN;
    case 'Identifier':
      return node.name === 'Infinity' ? Infinity : node.name === 'NaN' ? NaN : UNKNOWN;
    default:
      return UNKNOWN;
  }
}

/** A value as MDX would write it in braces. */
function written(value: Literal): string {
  if (Array.isArray(value)) return `[${value.map(written).join(', ')}]`;
  return typeof value === 'string' ? `'${value}'` : String(value);
}

/** A value as a message names it. */
function described(value: Literal): string {
  if (Array.isArray(value)) return `the array ${written(value)}`;
  if (typeof value === 'string') return `the string "${value}"`;
  return typeof value === 'boolean' ? `${value}` : `the number ${written(value)}`;
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

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost);
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The candidate nearest `name` (ignoring case first), if it is near enough to be a slip. */
export function nearest(name: string, candidates: readonly string[]): string | undefined {
  const folded = candidates.find((c) => c.toLowerCase() === name.toLowerCase());
  if (folded !== undefined) return folded;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
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
    const cells: (MdxJsxFlowElement | MdxJsxTextElement)[] = [];
    visit(tree, ['mdxJsxFlowElement', 'mdxJsxTextElement'], (node) => {
      const element = node as MdxJsxFlowElement | MdxJsxTextElement;
      if (element.name !== null && names.has(element.name)) cells.push(element);
    });
    if (cells.length === 0) return;
    const widgets = new Map(readWidgetProps(options.barrel).map((w) => [w.name, w]));
    const problems: { readonly at: Point | undefined; readonly text: string }[] = [];
    const where = (node: Positioned) =>
      `${displayPath(file.path)}:${node.position?.start.line ?? '?'}:${node.position?.start.column ?? '?'}`;
    const report = (node: Positioned, text: string) =>
      problems.push({ at: node.position?.start, text: `${where(node)}: ${text}` });

    // Links name a cell by its id, so two cells of a page must not share one (see url-state.ts).
    const cellIds = new Map<string, string>();
    for (const cell of cells) {
      const widget = widgets.get(cell.name ?? '');
      if (widget === undefined) continue;
      const idAttribute = cell.attributes.find(
        (a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === 'cellId',
      );
      const id = idAttribute === undefined ? widget.folder : attributeValue(idAttribute);
      if (typeof id === 'string') {
        const first = cellIds.get(id);
        if (first === undefined) cellIds.set(id, where(cell));
        else {
          report(
            cell,
            `this ${widget.name} has the cell id "${id}", as the cell at ${first} does, so a link could not tell them apart. Fix: give it cellId="${id}-2" (lower-case words joined by hyphens).`,
          );
        }
      }
      const known = widget.props.map((p) => p.name);
      const listed = `its props are ${known.join(', ')} and the client:${directives.join('|')} directives, all described at ${gallery}`;
      const given = new Set<string>();
      for (const attribute of cell.attributes) {
        // A spread ({...props}) cannot be read at build time; the cell's own checks see it.
        if (attribute.type !== 'mdxJsxAttribute') continue;
        const name = attribute.name;
        given.add(name);
        if (name.startsWith('client:')) {
          const directive = name.slice('client:'.length);
          if (!directives.includes(directive)) {
            const guess = nearest(directive, directives);
            report(
              attribute,
              `${widget.name} has no directive ${name}` +
                (guess === undefined ? '' : `; did you mean client:${guess}?`) +
                ` Fix: use one of ${directives.map((d) => `client:${d}`).join(', ')}.`,
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
              `; ${listed}. Fix: ${guess === undefined ? `remove ${name}` : `rename ${name} to ${guess}`}.`,
          );
          continue;
        }
        const value = attributeValue(attribute);
        if (value === UNKNOWN) continue;
        const problem = mismatch(prop.kind, value, name);
        if (problem !== null) {
          report(
            attribute,
            `${widget.name}'s ${name} must be ${expected(prop.kind)} (${shownType(prop)}), but ${problem}. Fix: ${fixFor(prop, value)}.`,
          );
        }
      }
      for (const prop of widget.props) {
        if (prop.required && !given.has(prop.name)) {
          report(
            cell,
            `${widget.name} needs the prop ${prop.name}, ${expected(prop.kind)} (${prop.description}). Fix: add ${prop.name}=… to the tag.`,
          );
        }
      }
    }
    const [first] = problems;
    if (first !== undefined) {
      const count = problems.length === 1 ? 'One problem' : `${problems.length} problems`;
      const error = new Error(
        `${count} with the cells this chapter places:\n${problems.map((p) => `  ${p.text}`).join('\n')}`,
      );
      // Astro's MDX plugin reports the error at these, as it does MDX's own syntax errors.
      throw Object.assign(error, { line: first.at?.line, column: first.at?.column });
    }
  };
}
