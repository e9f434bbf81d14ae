// Every cell's props, read with the TypeScript compiler from the `<Name>Props` interface the
// widgets barrel exports beside each cell, doc comments included. The gallery's tables
// (src/pages/widgets/) and the build's prop check (./remark-cell-props.ts) both read this, so
// neither can drift from the types the cells are compiled against.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
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
