// On paper a link is only as good as the address written after it (src/styles/print.css prints
// `data-print-href`): the full URL when the site's public address is known (SITE_URL at build
// time, as the canonical link in src/layouts/BaseLayout.astro), else the path with the base, and
// relative hrefs resolved against the chapter's own URL. In-page links ("#…") get none, since
// their target is on the page, nor do references that are numbers in the text (an equation
// reference "(4.2)", in this chapter or another, and a footnote mark), whose address after them
// would only stutter; and a link whose text already is its target (a bare URL in the
// references) is marked so it is not written twice.
import { basename, dirname } from 'node:path';
import type { Element, ElementContent, Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import { DEFAULT_LOCALE, LOCALES } from './i18n';
import { withBase } from './paths';

/** The attribute print.css reads: the link's text already shows where it goes. */
export const SHOWS_TARGET = 'dataPrintShowsTarget';
/** The attribute print.css writes after a link: where it goes, readable on paper. */
export const PRINT_HREF = 'dataPrintHref';

/**
 * Whether a link is a numbered reference, whose number already says where to look: an equation
 * reference (remark-equation-labels gives it the class `eqref`, also across chapters) or a
 * footnote mark or back-link (GFM's data-footnote-ref / data-footnote-backref).
 */
export function isNumberedReference(node: Element): boolean {
  const className = node.properties['className'];
  const classes: readonly unknown[] = Array.isArray(className) ? className : [className];
  return (
    classes.includes('eqref') ||
    node.properties['dataFootnoteRef'] !== undefined ||
    node.properties['dataFootnoteBackref'] !== undefined
  );
}

export interface PrintLinkOptions {
  /** The site's base path, as in astro.config.mjs. @default '/' */
  readonly base?: string;
  /** The site's public address (SITE_URL), if known: printed targets are then full URLs. */
  readonly site?: string | undefined;
}

/** A node's text, as a reader sees it. */
function textOf(node: ElementContent): string {
  if (node.type === 'text') return node.value;
  return node.type === 'element' ? node.children.map(textOf).join('') : '';
}

/** Without the scheme, "www." and a trailing slash: how a URL is often written as link text. */
const loose = (url: string) =>
  url
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/\/$/, '');

/** A stand-in origin to resolve paths with when the site's own is not known. */
const NO_ORIGIN = 'https://site.invalid';

/**
 * What paper shows for a link to `href` on the page at `page` (a path with the base): the full
 * URL if `site` is known, else the path; undefined where nothing is worth printing (an in-page
 * link, a mailto:, a relative href with no page to resolve it against). Used by ChapterRef too.
 */
export function printedTarget(
  href: string,
  { site, page }: { readonly site?: string | undefined; readonly page?: string | undefined } = {},
): string | undefined {
  const trimmed = href.trim();
  if (trimmed === '' || trimmed.startsWith('#')) return undefined;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme !== undefined) return scheme === 'http' || scheme === 'https' ? trimmed : undefined;
  const isPath = trimmed.startsWith('/') && !trimmed.startsWith('//');
  if (!isPath && !trimmed.startsWith('//') && page === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(trimmed, new URL(page ?? '/', site || NO_ORIGIN));
  } catch {
    return undefined;
  }
  if (site) return url.href;
  return url.origin === NO_ORIGIN ? url.pathname + url.search + url.hash : url.href;
}

/** The URL path of the chapter a Markdown file renders (`<locale>/<slug>.mdx`), with the base. */
function pageOf(file: VFile | undefined, base: string): string | undefined {
  const path = file?.path;
  if (path === undefined) return undefined;
  const locale = basename(dirname(path));
  if (!(LOCALES as readonly string[]).includes(locale)) return undefined;
  const slug = basename(path).replace(/\.mdx?$/, '');
  return withBase(locale === DEFAULT_LOCALE ? `/${slug}/` : `/${locale}/${slug}/`, base);
}

/** Give every link the target paper prints after it, or mark it as showing its target already. */
export default function rehypePrintLinks(options: PrintLinkOptions = {}) {
  const base = options.base ?? '/';
  return function transform(tree: Root, file?: VFile): void {
    const page = pageOf(file, base);
    visit(tree, 'element', (node: Element) => {
      const href = node.properties['href'];
      if (node.tagName !== 'a' || typeof href !== 'string' || isNumberedReference(node)) return;
      const target = printedTarget(href, { site: options.site, page });
      if (target === undefined) return;
      const text = node.children.map(textOf).join('');
      if (text.trim() !== '' && loose(text) === loose(href)) node.properties[SHOWS_TARGET] = '';
      else node.properties[PRINT_HREF] = target;
    });
  };
}
