// Reading a built site from disk: its pages, their parsed HTML, and where a URL lands.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Element, Root } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';

export interface BuiltPage {
  /** Path of the HTML file relative to the output folder, e.g. "cross-entropy-as-loss/index.html". */
  readonly file: string;
  /** The URL a static host serves it at, including the base, e.g. "/notebook/cross-entropy-as-loss/". */
  readonly url: string;
  readonly html: string;
  readonly tree: Root;
}

/** Every file below a folder, as paths relative to it. */
export function listFiles(root: string, folder = root): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    return statSync(full).isDirectory() ? listFiles(root, full) : [relative(root, full)];
  });
}

/** Every HTML page of a build, parsed. */
export function readPages(root: string, base: string): BuiltPage[] {
  return listFiles(root)
    .filter((f) => f.endsWith('.html'))
    .sort()
    .map((file) => {
      const html = readFileSync(join(root, file), 'utf8');
      const url = base + file.replace(/index\.html$/, '');
      return { file, url, html, tree: fromHtml(html) };
    });
}

/** All elements of a tree matching a predicate. */
export function findElements(tree: Root, test: (node: Element) => boolean): Element[] {
  const found: Element[] = [];
  visit(tree, 'element', (node: Element) => {
    if (test(node)) found.push(node);
  });
  return found;
}

/** The ids present on a page, for checking #fragment links. */
export function idsOf(tree: Root): Set<string> {
  return new Set(
    findElements(tree, (n) => typeof n.properties['id'] === 'string').map((n) =>
      String(n.properties['id']),
    ),
  );
}

/** The output file a root-relative URL lands on (under `base`), or undefined when it would 404. */
export function fileForUrl(
  files: ReadonlySet<string>,
  base: string,
  pathname: string,
): string | undefined {
  if (!pathname.startsWith(base)) return undefined;
  const inside = decodeURIComponent(pathname.slice(base.length));
  for (const candidate of [inside, `${inside}index.html`, `${inside}/index.html`]) {
    if (files.has(candidate.replace(/^\/+/, ''))) return candidate.replace(/^\/+/, '');
  }
  return undefined;
}

const URL_ATTRIBUTES: Record<string, string[]> = {
  a: ['href'],
  link: ['href'],
  script: ['src'],
  img: ['src'],
  'astro-island': ['component-url', 'renderer-url', 'before-hydration-url'],
};

/** Every link, asset and island URL on a page that a static host would answer with 404. */
export function brokenLinks(
  page: BuiltPage,
  pages: readonly BuiltPage[],
  files: ReadonlySet<string>,
  base: string,
): string[] {
  const broken: string[] = [];
  for (const [tag, attributes] of Object.entries(URL_ATTRIBUTES)) {
    for (const node of findElements(page.tree, (n) => n.tagName === tag)) {
      for (const attribute of attributes) {
        const raw =
          node.properties[attribute] ??
          node.properties[attribute.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())];
        if (typeof raw !== 'string' || raw === '') continue;
        const target = new URL(raw, `http://site.test${page.url}`);
        if (target.host !== 'site.test') continue; // external links are not ours to check
        const file = fileForUrl(files, base, target.pathname);
        if (file === undefined) {
          broken.push(`${tag}[${attribute}]=${raw}`);
          continue;
        }
        if (target.hash !== '' && file.endsWith('.html')) {
          const targetPage = pages.find((p) => p.file === file);
          const id = decodeURIComponent(target.hash.slice(1));
          if (targetPage !== undefined && !idsOf(targetPage.tree).has(id))
            broken.push(`${raw} (no #${id})`);
        }
      }
    }
  }
  return broken;
}
