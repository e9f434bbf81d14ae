// One place that knows how site paths combine with the configurable base (SITE_BASE).

/** Normalise a base path to start and end with exactly one slash ('' and '/' both mean root). */
export function normalizeBase(base: string | undefined): string {
  const trimmed = (base ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '/' : `/${trimmed}/`;
}

/** Join a root-relative path onto the base, so links work at / and under a sub-path alike. */
export function withBase(path: string, base: string): string {
  const root = normalizeBase(base);
  if (!path.startsWith('/')) return path;
  if (root !== '/' && (path === root.slice(0, -1) || path.startsWith(root))) return path;
  return root + path.slice(1);
}
