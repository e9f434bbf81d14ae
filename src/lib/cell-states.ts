// The cells check their props themselves (components/widgets/shared/props.ts, `PropsCheck`) when
// their state class is built, which is when the page renders: a bad value there stopped the build
// with a stack trace and no line. Their state classes use Svelte's runes, so they run only as
// Svelte compiles them; this loads them once through Vite with the Svelte plugin, so the build's
// prop check (./remark-cell-props.ts) can build a cell's state from the props a chapter writes
// and report the cell's own message at the tag's line.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { runnerImport, type Plugin } from 'vite';

/** Builds a cell's state from its props, throwing the cell's own message when one is bad. */
export type CellState = new (props: Record<string, unknown>) => unknown;

/** Every cell's state class by the cell's name, e.g. SoftmaxExplorer → SoftmaxExplorerState. */
export type CellStates = ReadonlyMap<string, CellState>;

const ENTRY = 'virtual:cell-states';
const RESOLVED = `\0${ENTRY}`;

/** The latest modification time under a folder (tests excluded): edits reload the classes. */
function stampOf(folder: string): number {
  let latest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) latest = Math.max(latest, stampOf(path));
    else if (!entry.name.endsWith('.test.ts')) latest = Math.max(latest, statSync(path).mtimeMs);
  }
  return latest;
}

const cache = new Map<string, { stamp: number; states: Promise<CellStates> }>();

/**
 * The state class of each cell of the barrel that has one (`<folder>/<folder>.svelte.ts`
 * exporting `<Name>State`), loaded once per build and again when a widget's file changes.
 */
export function cellStates(
  barrel: string | URL,
  cells: ReadonlyMap<string, string>,
): Promise<CellStates> {
  const path = resolve(typeof barrel === 'string' ? barrel : fileURLToPath(barrel));
  const root = dirname(path);
  const modules = [...cells]
    .map(([name, folder]) => ({ name, file: join(root, folder, `${folder}.svelte.ts`) }))
    .filter(({ file }) => existsSync(file));
  const key = `${path}|${modules.map((m) => m.name).join(',')}`;
  const stamp = stampOf(root);
  const cached = cache.get(key);
  if (cached !== undefined && cached.stamp === stamp) return cached.states;
  const states = load(root, modules);
  cache.set(key, { stamp, states });
  return states;
}

async function load(
  root: string,
  modules: readonly { readonly name: string; readonly file: string }[],
): Promise<CellStates> {
  if (modules.length === 0) return new Map();
  // One module re-exporting every state file: one Vite environment and one module graph for all.
  const entry: Plugin = {
    name: 'cell-states-entry',
    resolveId: (id) => (id === ENTRY ? RESOLVED : undefined),
    load: (id) =>
      id === RESOLVED
        ? modules
            .map(({ file }, i) => `export * as cell${i} from ${JSON.stringify(file)};`)
            .join('\n')
        : undefined,
  };
  // Imported statically: Astro loads this file with a module runner it closes after the config.
  const { module } = await runnerImport<Record<string, Record<string, unknown>>>(ENTRY, {
    configFile: false,
    root,
    logLevel: 'silent',
    plugins: [entry, svelte({ configFile: false, compilerOptions: { runes: true } })],
  });
  const states = new Map<string, CellState>();
  modules.forEach(({ name }, i) => {
    const state = module[`cell${i}`]?.[`${name}State`];
    if (typeof state === 'function') states.set(name, state as CellState);
  });
  return states;
}
