// A chapter places a cell with one line of MDX (`<SoftmaxExplorer client:visible logits={[2, 1]} />`),
// and MDX passes whatever it is given: a misspelt prop used to vanish silently, a string where a
// number belongs reached the cell as a string, a cell without a `client:` directive shipped as a
// picture whose controls do nothing, and a value the cell refuses (three logits, two labels)
// stopped the build only when the page rendered, with a stack trace and no line. This plugin
// checks every element named as a barrel widget against the cell's props type (read by
// ./widget-props.ts), requires one of the notebook's directives, and builds the cell's state
// from props written literally (./cell-states.ts) so the cell's own checks speak at the tag's
// line. It also catches a component the chapter places without importing it. Every problem
// names the chapter's file, line and column and the fix.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'mdast';
import type { MdxjsEsm } from 'mdast-util-mdxjs-esm';
import type { Point } from 'unist';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { authoringMessage, nearest, problemsError } from './authoring-error';
import { cellStates } from './cell-states';
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
  /** The `client:` directives a cell may carry. @default the notebook's two, `visible` and `interaction` */
  readonly directives?: readonly string[];
  /** Where authors can read every cell's props, named in each message. @default '/widgets/' */
  readonly gallery?: string;
  /** The components authors import by hand (`ChapterRef.astro`, …). @default components/ui beside the barrel's folder */
  readonly ui?: string | URL;
  /** Build each cell's state from literal props, so the cell's own checks run at the tag's line. @default true */
  readonly stateChecks?: boolean;
}

/** The directives the notebook places cells with (see CONTRIBUTING.md, "Cells"). */
const DIRECTIVES = ['visible', 'interaction'];

/**
 * Astro's other directives, which Astro checks itself: `set:html`, `set:text`, `class:list`,
 * `is:raw`, `server:defer` and the `transition:` ones.
 */
const ASTRO_DIRECTIVE = /^(?:(?:set|is|server|transition):[\w-]+|class:list)$/;

/** Astro's other hydration directives, each refused with the reason the notebook does not use it. */
const REFUSED: Readonly<Record<string, string>> = {
  load: 'loads its script with the page, before the reader reaches the cell, which spends the chapter’s 35 KB script budget up front',
  idle: 'loads its script as soon as the page is idle, whether or not the reader reaches the cell, which spends the chapter’s 35 KB script budget up front',
  media: 'loads its script by screen width, not when the reader reaches the cell',
  only: 'renders nothing at build time, so the page would show no first state without JavaScript, in print or to search',
};

/** The fix for a cell without a usable directive. */
const DIRECTIVE_FIX =
  'add client:visible (or client:interaction for a heavy cell, which loads on first touch; the gallery shows each cell’s usual one)';

/** The import line an author adds for a component, as the chapters write it. */
function importLine(name: string, file: string): string {
  return `import ${name} from '~/components/ui/${file}';`;
}

/** The component files of components/ui/ by component name (PascalCase files only). */
function uiComponents(folder: string): Map<string, string> {
  if (!existsSync(folder)) return new Map();
  return new Map(
    readdirSync(folder)
      .filter((f) => /^[A-Z]\w*\.(?:astro|svelte)$/.test(f))
      .map((f) => [f.replace(/\.\w+$/, ''), f]),
  );
}

/** The names a chapter's own ESM defines: its imports and top-level declarations. */
function definedNames(tree: Root): Set<string> {
  const names = new Set<string>();
  const declare = (node: unknown): void => {
    const n = node as { type?: string; declarations?: { id: unknown }[]; id?: { name?: string } };
    if (n.type === 'VariableDeclaration') {
      for (const d of n.declarations ?? []) {
        const id = d.id as { type?: string; name?: string };
        if (id.type === 'Identifier' && id.name !== undefined) names.add(id.name);
      }
    } else if (
      (n.type === 'FunctionDeclaration' || n.type === 'ClassDeclaration') &&
      n.id?.name !== undefined
    ) {
      names.add(n.id.name);
    }
  };
  visit(tree, 'mdxjsEsm', (node: MdxjsEsm) => {
    for (const statement of node.data?.estree?.body ?? []) {
      if (statement.type === 'ImportDeclaration') {
        for (const specifier of statement.specifiers) names.add(specifier.local.name);
      } else if (statement.type === 'ExportNamedDeclaration') {
        declare(statement.declaration);
      } else {
        declare(statement);
      }
    }
  });
  return names;
}

/** `SoftmaxExplorer: labels must have 3 entries, …, got 2`, as PropsCheck throws it. */
const CELL_MESSAGE = /^(\w+): ([\w$]+)((?:\[\d+\])*) must ([\s\S]+), got ([\s\S]+)$/;

/** What to do about a cell's own complaint, `<prop> must <requirement>`. */
function cellFix(prop: string, requirement: string, gallery: string): string {
  const range = /^have (\d+)–(\d+) entries$/.exec(requirement);
  if (range !== null) return `give ${prop} ${range[1]} to ${range[2]} entries`;
  const per = /^have (\d+) entries, one per entry of (\w+)$/.exec(requirement);
  if (per !== null) {
    return `give ${prop} ${per[1]} entries, one per entry of ${per[2]}, or leave ${prop} out`;
  }
  return `give ${prop} a value that does (the cell’s limits are in its props table at ${gallery})`;
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
  const barrelPath =
    typeof options.barrel === 'string' ? options.barrel : fileURLToPath(options.barrel);
  const uiFolder =
    options.ui === undefined
      ? join(dirname(barrelPath), '..', 'ui')
      : typeof options.ui === 'string'
        ? options.ui
        : fileURLToPath(options.ui);
  return async function check(tree: Root, file: VFile): Promise<void> {
    // Read for every chapter, so the dev server sees a widget added to the barrel at once.
    const names = barrelFolders(readFileSync(barrelPath, 'utf8'));
    const cells: JsxElement[] = [];
    const others: JsxElement[] = [];
    visit(tree, ['mdxJsxFlowElement', 'mdxJsxTextElement'], (node) => {
      const element = node as JsxElement;
      if (element.name !== null && names.has(element.name)) cells.push(element);
      else if (element.name !== null && /^[A-Z]/.test(element.name)) others.push(element);
    });
    if (cells.length === 0 && others.length === 0) return;
    const problems: { readonly at: Point | undefined; readonly message: string }[] = [];
    const report = (
      node: { readonly position?: { readonly start: Point } | undefined },
      problem: string,
      fix: string,
    ) => {
      const at = node.position?.start;
      problems.push({ at, message: authoringMessage(file.path, at, problem, fix) });
    };

    // MDX compiles a tag whose name the chapter never defines, and the page fails as it renders
    // ("Expected component `ChapterRef` to be defined"), naming no line.
    const defined = definedNames(tree);
    const ui = uiComponents(uiFolder);
    const reported = new Set<string>();
    for (const element of [...cells, ...others]) {
      const name = (element.name ?? '').split('.')[0] ?? '';
      if (defined.has(name) || reported.has(name)) continue;
      reported.add(name);
      const uiFile = ui.get(name);
      const fix = names.has(name)
        ? `add import { ${name} } from '~/components/widgets'; at the top of the file, below the frontmatter (or add ${name} to the braces of that import)`
        : uiFile !== undefined
          ? `add ${importLine(name, uiFile)} at the top of the file, below the frontmatter`
          : ((guess) =>
              guess === undefined
                ? 'import it at the top of the file, below the frontmatter, or correct the name'
                : `did you mean <${guess}>? (or import ${name} at the top of the file)`)(
              nearest(name, [...defined, ...ui.keys(), ...names.keys()]),
            );
      report(element, `<${name}> is placed but never imported, so the page cannot render it`, fix);
    }
    if (cells.length === 0) {
      if (problems.length > 0) throw problemsError(file.path, problems);
      return;
    }

    const widgets = new Map(readWidgetProps(options.barrel).map((w) => [w.name, w]));
    /** Cells whose props are all written literally and pass the type check, to build at the end. */
    const literal: { cell: JsxElement; props: Record<string, Literal> }[] = [];

    // Links name a cell by its id, so two cells of a page must not share one (see url-state.ts).
    const cellIds = new Map<string, Point | undefined>();
    for (const cell of cells) {
      const widget = widgets.get(cell.name ?? '');
      if (widget === undefined) continue;
      const before = problems.length;
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
      const props: Record<string, Literal> = {};
      let computed = false;
      const placed: string[] = [];
      for (const attribute of cell.attributes) {
        // A spread ({...props}) cannot be read at build time; the cell's own checks see it.
        if (attribute.type !== 'mdxJsxAttribute') continue;
        const name = attribute.name;
        named.add(name);
        if (ASTRO_DIRECTIVE.test(name)) continue;
        if (name.startsWith('client:')) {
          const directive = name.slice('client:'.length);
          placed.push(name);
          if (!directives.includes(directive)) {
            const reason = REFUSED[directive];
            const guess = nearest(directive, directives);
            report(
              attribute,
              reason !== undefined
                ? `${widget.name} is placed with ${name}, which the notebook does not use: it ${reason}`
                : `${widget.name} has no directive ${name}` +
                    (guess === undefined ? '' : `; did you mean client:${guess}?`),
              reason !== undefined
                ? `write client:visible instead (or client:interaction for a heavy cell)`
                : `use one of ${directives.map((d) => `client:${d}`).join(', ')}`,
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
        if (value === COMPUTED) {
          computed = true;
          continue;
        }
        props[name] = value;
        const problem = mismatch(prop.kind, value, name);
        if (problem !== null) {
          report(
            attribute,
            `${widget.name}'s ${name} must be ${expected(prop.kind)} (${shownType(prop)}), but ${problem}`,
            fixFor(prop, value),
          );
        }
      }
      // A spread may supply any prop or a directive, so only a tag without one can lack them.
      if (hasSpread(cell)) continue;
      if (placed.length === 0) {
        report(
          cell,
          `${widget.name} has no client: directive, so it would ship without its script: its controls would show but do nothing`,
          DIRECTIVE_FIX,
        );
      } else if (placed.length > 1) {
        report(
          cell,
          `${widget.name} has ${placed.length} client: directives (${placed.join(', ')}); a cell takes exactly one`,
          'keep one: client:visible, or client:interaction for a heavy cell',
        );
      }
      for (const prop of widget.props) {
        if (prop.required && !named.has(prop.name)) {
          report(
            cell,
            `${widget.name} needs the prop ${prop.name}, ${expected(prop.kind)} (${prop.description})`,
            `add ${prop.name}=… to the tag`,
          );
        }
      }
      if (!computed && problems.length === before) literal.push({ cell, props });
    }

    // The cell's own checks (ranges, lengths that must agree), as the page would run them.
    if (literal.length > 0 && (options.stateChecks ?? true)) {
      const states = await cellStates(barrelPath, names);
      for (const { cell, props } of literal) {
        const State = states.get(cell.name ?? '');
        if (State === undefined) continue;
        try {
          new State(props);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          const parts = CELL_MESSAGE.exec(message);
          if (parts === null) {
            report(
              cell,
              `${cell.name} cannot start from these props: ${message}`,
              `check them against its props table at ${gallery}`,
            );
            continue;
          }
          const [, widget, base = '', index = '', requirement = '', got = ''] = parts;
          const attribute = cell.attributes.find(
            (a) => a.type === 'mdxJsxAttribute' && a.name === base,
          );
          report(
            attribute ?? cell,
            `${widget}'s ${base}${index} must ${requirement}, got ${got}`,
            cellFix(`${base}${index}`, requirement, gallery),
          );
        }
      }
    }
    if (problems.length === 0) return;
    // In the file's order, so the author reads them top to bottom.
    const key = (p: (typeof problems)[number]) => (p.at?.line ?? 0) * 1e6 + (p.at?.column ?? 0);
    throw problemsError(
      file.path,
      problems.toSorted((a, b) => key(a) - key(b)),
    );
  };
}
