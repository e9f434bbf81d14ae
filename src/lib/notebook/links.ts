// Where a notebook's links point. A notebook is read away from the site, so a build that knows
// its address (SITE_URL) writes absolute links; otherwise they are root-relative under the base,
// which a notebook opened from the site's own folder still resolves.
import { withBase } from '../paths';

/**
 * A site path as a notebook links to it.
 * @example notebookLink('/entropy-and-kl/', '/notebook/', 'https://example.org') // 'https://example.org/notebook/entropy-and-kl/'
 */
export function notebookLink(path: string, base: string, site: string | undefined): string {
  const local = withBase(path, base);
  if (site === undefined || site.trim() === '') return local;
  return new URL(local, site).href;
}
