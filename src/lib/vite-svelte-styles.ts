// `import css from 'svelte-styles:./Component.svelte'` gives a Svelte component's compiled
// (scoped) styles as a string, for a module that mounts the component on a page that did not
// render it at build time (Astro ships a component's stylesheet only with such pages). Unlike
// vite-plugin-svelte's `?svelte&type=style` module, which reads styles cached when the component
// happened to be compiled first, this loads (compiles) the component before reading them.
import { dirname, resolve } from 'node:path';
import type { Plugin } from 'vite';

const PREFIX = 'svelte-styles:';
const RESOLVED = '\0svelte-styles:';

/** Vite plugin for `svelte-styles:<path to .svelte>` imports, relative to the importing file. */
export default function svelteStyles(): Plugin {
  return {
    name: 'cen:svelte-styles',
    resolveId(id, importer) {
      if (!id.startsWith(PREFIX) || importer === undefined) return null;
      // Encoded, and ending in .js, so that no plugin takes the module for the .svelte file itself.
      const file = resolve(dirname(importer), id.slice(PREFIX.length));
      return `${RESOLVED}${Buffer.from(file).toString('base64url')}.js`;
    },
    async load(id) {
      if (!id.startsWith(RESOLVED)) return null;
      const file = Buffer.from(id.slice(RESOLVED.length, -'.js'.length), 'base64url').toString();
      const info = await this.load({ id: file });
      const css = (info.meta as { svelte?: { css?: { code?: unknown } } }).svelte?.css?.code;
      if (typeof css !== 'string') this.error(`${file} has no compiled styles to import`);
      return `export default ${JSON.stringify(css)};`;
    },
  };
}
