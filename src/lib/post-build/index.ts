// After `astro build` writes the pages, these steps finish the static site, in this order:
// font preloads and other head fixes (they change HTML), the Content-Security-Policy (it hashes
// the final inline scripts, so it comes after every HTML change), the search index (it reads the
// final pages) and the service worker (it lists every file, the search index's included).
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { preloadFonts } from './fonts';
import { applyContentSecurityPolicy } from './csp';
import { buildSearchIndex } from './search-index';
import { writeServiceWorker } from './service-worker';

/** What every step is told: the built folder on disk and the base path the site is served under. */
export interface BuiltSite {
  /** Absolute path of the output folder (`dist/`, `dist-base/`, a fixture's folder). */
  readonly root: string;
  /** The site's base path, with leading and trailing slash (`/` or `/notebook/`). */
  readonly base: string;
  /** Progress and warnings go to Astro's logger, so they read like the rest of the build. */
  readonly log: (message: string) => void;
}

/** The notebook's post-build pipeline as an Astro integration, so every build runs it. */
export default function postBuild(): AstroIntegration {
  let base = '/';
  return {
    name: 'notebook:post-build',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const site: BuiltSite = {
          root: fileURLToPath(dir),
          base,
          log: (message) => logger.info(message),
        };
        await preloadFonts(site);
        await applyContentSecurityPolicy(site);
        await buildSearchIndex(site);
        await writeServiceWorker(site);
      },
    },
  };
}
