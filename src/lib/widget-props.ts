// Every cell's props, read with the TypeScript compiler from the `<Name>Props` interface the
// widgets barrel exports beside each cell, doc comments included. The gallery's tables
// (src/pages/widgets/) and the build's prop check (./remark-cell-props.ts) both read this, so
// neither can drift from the types the cells are compiled against.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'mdast';
import ts from 'typescript';
import { visit } from 'unist-util-visit';
import { chapterFiles, chapterTree, readChapterFile } from './chapter-file';
import { barrelFolders } from './remark-widget-imports';

/** What a prop accepts, reduced to what an MDX attribute can be checked against. */
export type PropKind =
  | { readonly kind: 'number' }
  | { readonly kind: 'string' }
  | { readonly kind: 'boolean' }
  /** One of a few literal values: `'mean' | 'sum'`. */
  | { readonly kind: 'literal'; readonly values: readonly (string | number | boolean)[] }
  | { readonly kind: 'array'; readonly element: PropKind }
  | { readonly kind: 'union'; readonly members: readonly PropKind[] }
  /** Anything else (an object, a function): the build check leaves it alone. */
  | { readonly kind: 'other' };

/** One row of a cell's props table. */
export interface PropInfo {
  readonly name: string;
  /** The type as its declaration writes it: `readonly number[]`, `BatchReduction`. */
  readonly type: string;
  /** The literal values the type allows, when it is a union of literals (an alias spelled out). */
  readonly values?: readonly (string | number | boolean)[];
  readonly kind: PropKind;
  /** The doc comment's `@default`, as written; undefined when it has none. */
  readonly default?: string;
  /** The doc comment's text, without its tags. */
  readonly description: string;
  readonly required: boolean;
  /** Whether every cell takes it (declared on the shared frame props, not the cell's own). */
  readonly common: boolean;
}

/** A cell as the barrel exports it, with its props. */
export interface WidgetInfo {
  /** The component's name, as chapters write it: `SoftmaxExplorer`. */
  readonly name: string;
  /** Its folder under components/widgets/: `softmax-explorer`. */
  readonly folder: string;
  /** The props interface's doc comment: one line saying what the cell is for. */
  readonly description: string;
  readonly props: readonly PropInfo[];
}

/**
 * The barrel of the real site, from the project root where every build and test runs (a page's
 * own `import.meta.url` points into the build's output, not at its source).
 */
export const WIDGETS_BARREL = join(process.cwd(), 'components', 'widgets', 'index.ts');

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: [],
  // Arrays and literals need only the ES library; the DOM's declarations would triple the work.
  lib: ['lib.es2022.d.ts'],
};

/** One parse per set of unchanged source files: the dev server sees an edited props type at once. */
const cache = new Map<
  string,
  { files: readonly string[]; stamp: string; widgets: readonly WidgetInfo[] }
>();

/** The modification times of a program's own files, as one string. */
function stampOf(files: readonly string[]): string {
  return files
    .map((file) => {
      try {
        return `${file}@${statSync(file).mtimeMs}`;
      } catch {
        return `${file}@gone`;
      }
    })
    .join('|');
}

/**
 * The props of every cell the barrel exports, in the barrel's order. Throws, naming the cell,
 * when a cell has no exported `<Name>Props` interface or a prop has no doc comment, so a new cell
 * cannot reach the gallery without its documentation.
 */
export function readWidgetProps(barrel: string | URL = WIDGETS_BARREL): readonly WidgetInfo[] {
  const path = typeof barrel === 'string' ? barrel : fileURLToPath(barrel);
  const cached = cache.get(path);
  if (cached !== undefined && stampOf(cached.files) === cached.stamp) {
    return cached.widgets;
  }
  const program = ts.createProgram([path], COMPILER_OPTIONS);
  const widgets = widgetsOf(program, path);
  const files = program
    .getSourceFiles()
    .filter((file) => !program.isSourceFileDefaultLibrary(file))
    .map((file) => file.fileName);
  cache.set(path, { files, stamp: stampOf(files), widgets });
  return widgets;
}

/** The barrel's cells and their props interfaces (see readWidgetProps). */
function widgetsOf(program: ts.Program, path: string): WidgetInfo[] {
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path);
  if (source === undefined) throw new Error(`widget props: cannot read the barrel ${path}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`widget props: ${path} exports nothing`);
  const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.name, s]));
  return [...barrelFolders(source.text)].map(([name, folder]) => {
    const alias = exported.get(`${name}Props`);
    if (alias === undefined) {
      throw new Error(
        `widget props: ${path} exports ${name} but no ${name}Props; export its props interface beside it (export type { ${name}Props } from './${folder}')`,
      );
    }
    const symbol = alias.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(alias) : alias;
    const declaration = symbol.declarations?.find(ts.isInterfaceDeclaration);
    if (declaration === undefined) {
      throw new Error(`widget props: ${name}Props must be an interface`);
    }
    const description = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
    if (description === '') {
      throw new Error(
        `widget props: ${name}Props needs a doc comment saying what the cell is for (${declaration.getSourceFile().fileName})`,
      );
    }
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    // A prop every cell takes is declared on a base interface (a cell may restate it to give its own default).
    const shared = new Set(
      (type.isClassOrInterface() ? checker.getBaseTypes(type) : [])
        .flatMap((base) => checker.getPropertiesOfType(base))
        .map((prop) => prop.name),
    );
    // The cell's own props first, in declaration order, then the ones every cell takes.
    const props = checker
      .getPropertiesOfType(type)
      .map((prop) => propInfo(checker, prop, shared.has(prop.name), name))
      .sort((a, b) => Number(a.common) - Number(b.common));
    return { name, folder, description, props };
  });
}

/** One prop's row (see PropInfo). */
function propInfo(
  checker: ts.TypeChecker,
  prop: ts.Symbol,
  common: boolean,
  widget: string,
): PropInfo {
  const declaration = prop.declarations?.find(ts.isPropertySignature);
  if (declaration === undefined) {
    throw new Error(`widget props: ${widget}Props.${prop.name} must be a property signature`);
  }
  const description = ts.displayPartsToString(prop.getDocumentationComment(checker)).trim();
  if (description === '') {
    throw new Error(
      `widget props: ${widget}Props.${prop.name} needs a doc comment (${declaration.getSourceFile().fileName})`,
    );
  }
  const defaultTag = prop.getJsDocTags(checker).find((tag) => tag.name === 'default');
  const type = checker.getNonNullableType(checker.getTypeOfSymbol(prop));
  const kind = kindOf(checker, type);
  const written = declaration.type?.getText() ?? checker.typeToString(type);
  const info: PropInfo = {
    name: prop.name,
    type: written,
    kind,
    description,
    required: (prop.flags & ts.SymbolFlags.Optional) === 0,
    common,
  };
  return {
    ...info,
    ...(kind.kind === 'literal' ? { values: kind.values } : {}),
    ...(defaultTag === undefined
      ? {}
      : { default: ts.displayPartsToString(defaultTag.text ?? []).trim() }),
  };
}

/** What a type accepts, in the terms an MDX attribute is checked in. */
function kindOf(checker: ts.TypeChecker, type: ts.Type): PropKind {
  if (type.flags & ts.TypeFlags.Boolean) return { kind: 'boolean' };
  if (type.flags & ts.TypeFlags.Number) return { kind: 'number' };
  if (type.flags & ts.TypeFlags.String) return { kind: 'string' };
  if (type.isStringLiteral() || type.isNumberLiteral())
    return { kind: 'literal', values: [type.value] };
  if (type.flags & ts.TypeFlags.BooleanLiteral) {
    return { kind: 'literal', values: [checker.typeToString(type) === 'true'] };
  }
  if (checker.isArrayType(type)) {
    const [element] = checker.getTypeArguments(type as ts.TypeReference);
    return {
      kind: 'array',
      element: element === undefined ? { kind: 'other' } : kindOf(checker, element),
    };
  }
  if (type.isUnion()) {
    // `boolean` inside a union arrives as its two literals: put it back together.
    const members = type.types.map((member) => kindOf(checker, member));
    if (members.every((m) => m.kind === 'literal')) {
      return { kind: 'literal', values: members.flatMap((m) => m.values) };
    }
    return { kind: 'union', members };
  }
  return { kind: 'other' };
}

/** A type a reader can act on: the written type, spelled out when it is an alias of literals. */
export function shownType(prop: PropInfo): string {
  const values = prop.values?.map((v) => (typeof v === 'string' ? `'${v}'` : String(v)));
  if (values === undefined) return prop.type;
  const spelled = values.join(' | ');
  return spelled === prop.type ? prop.type : `${prop.type} (${spelled})`;
}

/** A run of doc-comment text: as written, or the inside of a code span. */
export interface TextRun {
  readonly code: boolean;
  readonly text: string;
}

/**
 * Doc comments are written in Markdown, but the gallery renders only their code spans (`x`, or
 * ``x`y`` around a backtick), so every other character, `*` and `<` included, shows as written.
 * An opening run of backticks with no closing run of the same length is text, as in CommonMark.
 */
export function inlineCodeRuns(text: string): TextRun[] {
  const runs: TextRun[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const char = text.charAt(i);
    if (char !== '`') {
      plain += char;
      i += 1;
      continue;
    }
    const fence = /^`+/.exec(text.slice(i))?.[0] ?? '`';
    const start = i + fence.length;
    // The closing run: the same number of backticks, not part of a longer run.
    const closing = new RegExp(`(?<!\`)${fence}(?!\`)`, 'g');
    closing.lastIndex = start;
    const match = closing.exec(text);
    if (match === null) {
      plain += fence;
      i = start;
      continue;
    }
    let inside = text.slice(start, match.index).replace(/\n/g, ' ');
    // One space each side is padding (it lets a span start or end with a backtick).
    if (/^ [^]*[^ ][^]* $/.test(inside)) inside = inside.slice(1, -1);
    if (plain !== '') runs.push({ code: false, text: plain });
    runs.push({ code: true, text: inside });
    plain = '';
    i = match.index + fence.length;
  }
  if (plain !== '') runs.push({ code: false, text: plain });
  return runs;
}

/** Hydrates a cell as it scrolls into view: for a light cell high on its page. */
export const VISIBLE = 'client:visible';
/** Loads a cell's code on the reader's first touch or focus: for a heavy cell. */
export const INTERACTION = 'client:interaction';

/** One place a chapter puts a cell, with the `client:` directive it gives it. */
export interface Placement {
  /** The chapter's file, relative to the project: `content/en/softmax-and-logits.mdx`. */
  readonly file: string;
  readonly line: number;
  /** `client:visible`, or undefined when the tag has no `client:` directive. */
  readonly directive: string | undefined;
}

/** Where the published chapters of one locale folder place each named cell, in file order. */
export function cellPlacements(
  names: readonly string[],
  folder = join('content', 'en'),
): Map<string, Placement[]> {
  const placements = new Map(names.map((name) => [name, [] as Placement[]]));
  for (const path of chapterFiles(folder).values()) {
    const chapter = readChapterFile(path);
    // A draft is not built, so its placements decide nothing; an MDX error is its build's to report.
    if (chapter.draft) continue;
    const tree: Root | undefined = chapterTree(chapter);
    if (tree === undefined) continue;
    visit(tree, (node) => {
      if (node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') return;
      const found = node.name === null ? undefined : placements.get(node.name);
      if (found === undefined) return;
      const directive = node.attributes.find(
        (a) => a.type === 'mdxJsxAttribute' && a.name.startsWith('client:'),
      );
      found.push({
        file: path,
        line: node.position?.start.line ?? 0,
        directive: directive?.type === 'mdxJsxAttribute' ? directive.name : undefined,
      });
    });
  }
  return placements;
}

/** The directive a gallery line suggests for a cell, and why. */
export interface DirectiveAdvice {
  readonly directive: string;
  /**
   * `chapters`: every chapter that places it agrees; `disagree`: they differ, and the suggestion
   * is the one that keeps a chapter within its script budget; `unused`: no chapter places it yet.
   */
  readonly basis: 'chapters' | 'disagree' | 'unused';
  /** Each directive the chapters use, with the files that use it, most used first. */
  readonly uses: readonly { readonly directive: string; readonly files: readonly string[] }[];
}

/**
 * The directive the gallery's line of MDX should carry: the chapters' own choice, so an author
 * copying the line keeps a chapter as light as the chapters that already hold the cell. Where
 * they disagree, or none places it, client:interaction: a heavy cell loaded on first touch never
 * breaks a chapter's script budget, and a light one loses little by it.
 */
export function adviseDirective(placements: readonly Placement[]): DirectiveAdvice {
  const byDirective = new Map<string, string[]>();
  for (const { file, directive } of placements) {
    if (directive === undefined) continue;
    const files = byDirective.get(directive) ?? [];
    if (!files.includes(file)) files.push(file);
    byDirective.set(directive, files);
  }
  const uses = [...byDirective]
    .map(([directive, files]) => ({ directive, files }))
    .sort((a, b) => b.files.length - a.files.length);
  const [only, ...others] = uses;
  if (only === undefined) return { directive: INTERACTION, basis: 'unused', uses };
  if (others.length === 0) return { directive: only.directive, basis: 'chapters', uses };
  return {
    directive: byDirective.has(INTERACTION) ? INTERACTION : only.directive,
    basis: 'disagree',
    uses,
  };
}
