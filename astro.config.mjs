// Build configuration: Markdown goes through unified() with remark-math + a strict rehype-katex,
// so every formula is rendered (or rejected) at build time and no script is needed to read math.
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import svelte from '@astrojs/svelte';
import sitemap from '@astrojs/sitemap';
import { unified, rehypeHeadingIds } from '@astrojs/markdown-remark';
import remarkMath from 'remark-math';
import remarkEquationLabels from './src/lib/remark-equation-labels.ts';
import remarkWidgetImports from './src/lib/remark-widget-imports.ts';
import remarkLinkCheck from './src/lib/remark-link-check.ts';
import remarkComponentChecks from './src/lib/remark-component-checks.ts';
import remarkCellProps from './src/lib/remark-cell-props.ts';
import rehypeKatexStrict from './src/lib/rehype-katex-strict.ts';
import rehypeKatexPunctuation from './src/lib/rehype-katex-punctuation.ts';
import rehypeHeadingAnchors from './src/lib/rehype-heading-anchors.ts';
import rehypeFootnotes from './src/lib/rehype-footnotes.ts';
import rehypeBaseLinks from './src/lib/rehype-base-links.ts';
import rehypePrintLinks from './src/lib/rehype-print-links.ts';
import directCoreImports from './src/lib/vite-direct-core-imports.ts';
import svelteStyles from './src/lib/vite-svelte-styles.ts';
import postBuild from './src/lib/post-build/index.ts';
import { normalizeBase } from './src/lib/paths.ts';
import { DEFAULT_LOCALE, LOCALES } from './src/lib/i18n.ts';

// SITE_BASE serves the notebook under a sub-path (GitHub Pages project sites, for example).
const base = normalizeBase(process.env.SITE_BASE);

// Vite wraps every import() of the client build in a helper that preloads the lazy chunk's own
// imports and stylesheets: ~1.5 KB on every cell page for the one lazy chunk we have (the cell
// links' reader, components/widgets/shared/state-link.ts). The import itself fetches the chunk's
// modules, so this helper only adds a lazy chunk's stylesheets, if it ever has any, before
// running it (a missing stylesheet rejects, as Vite's own helper does).
const PRELOAD_HELPER = '\0vite/preload-helper.js';
const lazyChunkHelper = {
  name: 'notebook:lazy-chunk-helper',
  enforce: 'pre',
  resolveId: (id) => (id === PRELOAD_HELPER ? id : undefined),
  load: (id) =>
    id === PRELOAD_HELPER
      ? `export const __vitePreload = (load, deps) =>
  Promise.all(
    (deps || [])
      .filter((dep) => dep.endsWith('.css') && !document.querySelector(\`link[href="${base}\${dep}"]\`))
      .map(
        (dep) =>
          new Promise((resolve, reject) => {
            const link = document.createElement('link');
            link.rel = 'stylesheet';
            link.href = '${base}' + dep;
            link.onload = resolve;
            link.onerror = reject;
            document.head.append(link);
          }),
      ),
  ).then(load);`
      : undefined,
};

// KaTeX declares its faces `font-display: block`: formulas stay invisible until the fonts arrive,
// yet they are laid out (invisibly) in the fallback font meanwhile, so the lines around them reflow
// all the same when the fonts land. `swap` shows them at once; the post-build step preloads the
// faces each page draws (src/lib/post-build/fonts.ts), so the swap comes early or not at all.
const katexFontDisplay = {
  name: 'notebook:katex-font-display',
  enforce: 'pre',
  transform: (code, id) =>
    /[\\/]katex[\\/]dist[\\/]katex(\.min)?\.css$/.test(id)
      ? code
          .replaceAll('font-display:block', 'font-display:swap')
          .replaceAll('font-display: block', 'font-display: swap')
      : undefined,
};

// `client:interaction` (components/frame/interaction-directive.ts): a heavy cell loads its code
// when the reader first touches it, rather than when it scrolls into view.
const interactionDirective = {
  name: 'notebook:interaction-directive',
  hooks: {
    'astro:config:setup': ({ addClientDirective }) =>
      addClientDirective({
        name: 'interaction',
        entrypoint: fileURLToPath(
          new URL('./components/frame/interaction-directive.ts', import.meta.url),
        ),
      }),
  },
};

export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  base,
  outDir: process.env.SITE_OUT ?? './dist',
  // A build of another content folder (a test fixture) keeps its content cache apart from the
  // real one and from other fixtures', so the site tests can build fixtures in parallel.
  cacheDir: process.env.NOTEBOOK_CONTENT
    ? `./node_modules/.astro-content-${basename(process.env.NOTEBOOK_CONTENT)}`
    : './node_modules/.astro',
  trailingSlash: 'always',
  // One stylesheet blocks the first paint: the frame's and KaTeX's CSS (36 KB, shared by every
  // page, so cached after the first); each page's own small styles (cells, figures) go inline
  // (see assetsInlineLimit below) instead of five more round trips on a phone. Inlining the big
  // one too was measured and lost: a math chapter then paints while its 500 KB of KaTeX markup is
  // still arriving and lays out again and again (Lighthouse mobile: 89–91 against 99–100).
  build: { format: 'directory', inlineStylesheets: 'auto' },
  // English at the root, other locales under /<locale>/; links come from astro:i18n's helpers.
  i18n: {
    locales: [...LOCALES],
    defaultLocale: DEFAULT_LOCALE,
    routing: { prefixDefaultLocale: false },
  },
  // Svelte's version stamp (`window.__svelte.v`) is for devtools; the pages do not need it.
  integrations: [
    svelte({ compilerOptions: { discloseVersion: false } }),
    mdx(),
    sitemap(),
    interactionDirective,
    // Fonts, CSP, search index and service worker, over the written pages (src/lib/post-build/).
    postBuild(),
  ],
  markdown: {
    processor: unified({
      remarkPlugins: [
        remarkMath,
        // Before the equation labels turn \eqref into links (that plugin checks those itself).
        [remarkLinkCheck, { pages: new URL('./src/pages/', import.meta.url) }],
        // Figure, CoreNumber and CoreSource props, checked at the line they are written on.
        [remarkComponentChecks, { core: new URL('./src/loss/', import.meta.url) }],
        remarkEquationLabels,
        // Chapters import widgets from the barrel; each page still loads only its own cells.
        [
          remarkWidgetImports,
          {
            specifier: '~/components/widgets',
            barrel: new URL('./components/widgets/index.ts', import.meta.url),
          },
        ],
        // A cell placed with an unknown or ill-typed prop fails the build at its line.
        [remarkCellProps, { barrel: new URL('./components/widgets/index.ts', import.meta.url) }],
      ],
      rehypePlugins: [
        [rehypeKatexStrict, { output: 'htmlAndMathml' }],
        // A comma or full stop after an inline formula stays on the formula's line.
        rehypeKatexPunctuation,
        // Before the heading ids, so the contents list sees the notes where the page has them.
        rehypeFootnotes,
        rehypeHeadingIds,
        rehypeHeadingAnchors,
        [rehypeBaseLinks, { base }],
        // Paper writes each link's full address after it, a bare URL's only once (print.css).
        [rehypePrintLinks, { base, site: process.env.SITE_URL }],
      ],
    }),
    shikiConfig: {
      themes: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
    },
  },
  devToolbar: { enabled: false },
  // Hidden source maps (no sourceMappingURL comment, so no bytes added to a page) let the budget
  // tests see which source files each shipped module was built from.
  vite: {
    plugins: [
      lazyChunkHelper,
      katexFontDisplay,
      directCoreImports(fileURLToPath(new URL('.', import.meta.url))),
      svelteStyles(),
    ],
    // Stylesheets under 8 KB go inline (build.inlineStylesheets 'auto' asks this); no other asset
    // ever becomes a data: URL (fonts stay files the CSP's font-src and the service worker know).
    build: {
      assetsInlineLimit: (file, content) => (file.endsWith('.css') ? content.length < 8192 : false),
      sourcemap: 'hidden',
      // Astro marks each MDX page's asset module with its own "use astro:head-inject" directive,
      // which the bundler warns about once per chapter (about ten lines each). It is Astro's own
      // marker, handled by Astro; every other warning still shows.
      rollupOptions: {
        onwarn(warning, warn) {
          if (
            warning.code === 'MODULE_LEVEL_DIRECTIVE' &&
            warning.message.includes('astro:head-inject')
          )
            return;
          warn(warning);
        },
      },
    },
  },
});
