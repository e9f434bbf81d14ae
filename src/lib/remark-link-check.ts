// A broken internal link is a mistake the author can fix in seconds if the build says where it
// is. This plugin checks, in each chapter, every Markdown link and <a href> to a page of the
// site (a chapter, a home, a page of src/pages) and its #anchor (a heading, a numbered equation,
// a footnote, an element's id), and every <ChapterRef slug="…" />, and fails the build with the
// file, line and a "did you mean" fix. The anchors of another chapter are read from its file.
import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rehypeHeadingIds } from '@astrojs/markdown-remark';
import type { Element, Root as HastRoot, Text as HastText } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import katex from 'katex';
import type { Definition, Heading, Link, Root } from 'mdast';
import type { Math } from 'mdast-util-math';
import type { Node } from 'unist';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { failAt, nearest, suggestion } from './authoring-error';
import { chapterFiles, chapterTree, readChapterFile, type ChapterFile } from './chapter-file';
import { stringProp, type JsxElement } from './mdx-literal';
import { DEFAULT_LOCALE, LOCALES } from './i18n';

export interface LinkCheckOptions {
  /** The routes folder (src/pages), whose static pages links may point at. */
  readonly pages?: string | URL;
  /** The folder of files served as they are (public/), which links may point at. */
  readonly public?: string | URL;
}

const LABEL = /\\label\{(eq:[^}]*)\}/g;
/** Ids every chapter page has outside its text: the skip link's target. */
const LAYOUT_IDS = ['content'];

/** The text Astro's heading ids are made from: every text value, math as KaTeX renders it. */
function headingText(node: Node): string {
  if (node.type === 'inlineMath') {
    const html = katex.renderToString((node as unknown as { value: string }).value, {
      output: 'htmlAndMathml',
      throwOnError: false,
    });
    let text = '';
    visit(fromHtml(html, { fragment: true }), 'text', (t: HastText) => {
      text += t.value;
    });
    return text;
  }
  if (['text', 'inlineCode', 'mdxTextExpression'].includes(node.type)) {
    return (node as unknown as { value: string }).value;
  }
  const children = (node as unknown as { children?: Node[] }).children ?? [];
  return children.map(headingText).join('');
}

/**
 * Every id a chapter's page will carry, from its Markdown tree: headings slugged as Astro
 * slugs them (its own rehypeHeadingIds, in order, so repeats get -1, -2), numbered equations,
 * footnotes and explicit id attributes.
 */
export function anchorsOf(tree: Root, source = ''): Set<string> {
  const ids = new Set(LAYOUT_IDS);
  const headings: Element[] = [];
  visit(tree, (node: Node) => {
    if (node.type === 'heading') {
      const depth = (node as Heading).depth;
      headings.push({
        type: 'element',
        tagName: `h${depth}`,
        properties: {},
        children: [{ type: 'text', value: headingText(node) }],
      });
    } else if (node.type === 'math') {
      for (const match of (node as Math).value.matchAll(LABEL)) {
        ids.add((match[1] as string).replace(':', '-'));
      }
    } else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
      const id = stringProp(node as JsxElement, 'id');
      if (id !== undefined) ids.add(id);
    } else if (node.type === 'footnoteDefinition' || node.type === 'footnoteReference') {
      const id = (node as unknown as { identifier: string }).identifier.toLowerCase();
      ids.add(`user-content-${node.type === 'footnoteDefinition' ? 'fn' : 'fnref'}-${id}`);
      ids.add('footnote-label');
    }
  });
  // Footnotes in a file read from disk (parsed without GFM) are found in its source.
  for (const match of source.matchAll(/^\[\^([^\]\s]+)\]:/gm)) {
    ids.add(`user-content-fn-${(match[1] as string).toLowerCase()}`);
    ids.add(`user-content-fnref-${(match[1] as string).toLowerCase()}`);
    ids.add('footnote-label');
  }
  const hast: HastRoot = { type: 'root', children: headings };
  // Astro's own slugger, run synchronously over headings holding only their text.
  const slugHeadings = rehypeHeadingIds() as (tree: HastRoot, file: VFile) => void;
  slugHeadings(hast, new VFile({ path: 'chapter.mdx' }));
  for (const heading of headings) ids.add(String(heading.properties['id']));
  return ids;
}

const anchorCache = new WeakMap<ChapterFile, Set<string> | undefined>();

/** Another chapter's anchors; undefined when it does not parse (its own build reports that). */
function anchorsOfFile(path: string): Set<string> | undefined {
  const chapter = readChapterFile(path);
  if (!anchorCache.has(chapter)) {
    const tree = chapterTree(chapter);
    anchorCache.set(chapter, tree === undefined ? undefined : anchorsOf(tree, chapter.body));
  }
  return anchorCache.get(chapter);
}

const isDraft = (path: string): boolean => readChapterFile(path).draft;

/**
 * The URL paths of src/pages's static routes: pages ("/widgets/") and endpoints ("/feed.xml"),
 * leaving out dynamic ones ([param]) and the files Astro does not route (_name, .name).
 */
function staticPages(pages: string): string[] {
  if (!existsSync(pages)) return [];
  const found: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.name.includes('[') || /^[_.]/.test(entry.name)) continue;
      const route = relative(pages, path).split('\\').join('/');
      if (entry.isDirectory()) walk(path);
      else if (/\.(astro|md|mdx)$/.test(entry.name)) {
        const page = route.replace(/\.(astro|md|mdx)$/, '').replace(/(^|\/)index$/, '');
        found.push(page === '' ? '/' : `/${page}/`);
      } else if (/\.[a-z]+\.(ts|js)$/.test(entry.name)) {
        found.push(`/${route.replace(/\.(ts|js)$/, '')}`);
      }
    }
  };
  walk(pages);
  return found;
}

/** What a link checker knows about the site a chapter belongs to. */
interface Site {
  readonly pagePath: string;
  /** URL path → the chapter file behind it (undefined for pages that are not chapters). */
  readonly pages: Map<string, string | undefined>;
  readonly chapters: Map<string, string>;
}

/** The site as seen from one chapter file: its own URL, every page, its locale's chapters. */
function siteOf(path: string, pagesFolder: string, publicFolder: string): Site {
  const locale = basename(dirname(path));
  const root = dirname(dirname(path));
  const prefix = locale === DEFAULT_LOCALE ? '/' : `/${locale}/`;
  const pages = new Map<string, string | undefined>(
    staticPages(pagesFolder).map((p) => [p, undefined]),
  );
  pages.set('/', undefined);
  if (existsSync(publicFolder)) {
    for (const file of filesBelow(publicFolder)) pages.set(`/${file}`, undefined);
  }
  for (const other of LOCALES) {
    const otherPrefix = other === DEFAULT_LOCALE ? '/' : `/${other}/`;
    const files = chapterFiles(join(root, other));
    const published = [...files].filter(([, file]) => !isDraft(file));
    if (published.length > 0) pages.set(otherPrefix, undefined);
    for (const [slug, file] of published) pages.set(`${otherPrefix}${slug}/`, file);
  }
  const slug = basename(path).replace(/\.mdx?$/, '');
  return { pagePath: `${prefix}${slug}/`, pages, chapters: chapterFiles(join(root, locale)) };
}

/** Every file below a folder, as URL paths relative to it. */
function filesBelow(folder: string, prefix = ''): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesBelow(join(folder, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

/** A folder option as a path. */
function folderOf(option: string | URL | undefined, fallback: string): string {
  if (option === undefined) return join(process.cwd(), fallback);
  return typeof option === 'string' ? option : fileURLToPath(option);
}

/** A URL of the site (no scheme, not protocol-relative), as opposed to one elsewhere. */
function isInternal(url: string): boolean {
  return !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith('//') && url !== '';
}

/**
 * "Did you mean" for a missing anchor, written as the author would type the link: the page part
 * as they wrote it and the `#`, so the suggestion can be pasted over the link's target.
 */
function anchorSuggestion(url: string, id: string, anchors: ReadonlySet<string>): string {
  const page = url.replace(/#.*$/, '');
  const sorted = [...anchors].sort();
  const near = nearest(id, sorted);
  if (near !== undefined) return `did you mean "${page}#${near}"?`;
  return sorted.length === 0
    ? 'it has none yet'
    : `the anchors are: ${sorted.map((a) => `#${a}`).join(', ')}`;
}

/** Check every internal link and chapter reference of a chapter against the site's pages and anchors. */
export default function remarkLinkCheck(options: LinkCheckOptions = {}) {
  const pagesFolder = folderOf(options.pages, join('src', 'pages'));
  const publicFolder = folderOf(options.public, 'public');
  return function transform(tree: Root, file: VFile): void {
    const path = file.path.replace(/\?.*$/, '');
    if (!existsSync(path)) return;
    const site = siteOf(path, pagesFolder, publicFolder);
    const own = anchorsOf(tree, String(file.value));

    const checkLink = (url: string, node: Node): void => {
      if (!isInternal(url)) return;
      const where = `Link to "${url}"`;
      if (/\.mdx?(#|$)/.test(url)) {
        const slug = basename(url.replace(/#.*$/, '')).replace(/\.mdx?$/, '');
        failAt(
          file,
          node.position,
          `${where} points at a source file, not a page`,
          `link to the page: /${slug}/${url.includes('#') ? url.slice(url.indexOf('#')) : ''}`,
        );
      }
      const resolved = new URL(url, `https://notebook.invalid${site.pagePath}`);
      const [, fragment = ''] = /#(.*)$/.exec(url) ?? [];
      const target = resolved.pathname;
      let anchors: Set<string>;
      let what: string;
      if (url.startsWith('#') || target === site.pagePath) {
        anchors = own;
        what = 'this page';
      } else {
        if (!site.pages.has(target)) {
          const withSlash = `${target}/`;
          const fix = site.pages.has(withSlash)
            ? `end it with a slash: "${withSlash}${resolved.hash}" (every page’s URL does)`
            : `link to a page of the site: ${suggestion(target, [...site.pages.keys()], 'page')}`;
          failAt(file, node.position, `${where} points at no page`, fix);
        }
        const chapter = site.pages.get(target);
        const theirs = chapter === undefined ? undefined : anchorsOfFile(chapter);
        if (theirs === undefined || fragment === '') return;
        anchors = theirs;
        what = `the page ${target}`;
      }
      if (fragment === '' || /^cell[-/]/.test(fragment)) return;
      let id = fragment;
      try {
        id = decodeURIComponent(fragment);
      } catch {
        // A malformed escape is compared as written, and reported as missing below.
      }
      if (!anchors.has(id)) {
        failAt(
          file,
          node.position,
          `${where} points at no anchor "#${id}" on ${what}`,
          `link to a heading, equation or footnote it has: ${anchorSuggestion(url, id, anchors)}`,
        );
      }
    };

    visit(tree, (node: Node) => {
      if (node.type === 'link' || node.type === 'definition') {
        checkLink((node as Link | Definition).url, node);
      } else if (node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement') {
        const element = node as JsxElement;
        if (element.name === 'a') {
          const href = stringProp(element, 'href');
          if (href !== undefined) checkLink(href, node);
        } else if (element.name === 'ChapterRef') {
          checkChapterRef(element);
        }
      }
    });

    function checkChapterRef(element: JsxElement): void {
      const slug = stringProp(element, 'slug');
      if (slug === undefined) {
        failAt(
          file,
          element.position,
          '<ChapterRef> has no slug',
          'write <ChapterRef slug="<chapter-file-name>" />, e.g. slug="entropy-and-kl"',
        );
      }
      const chapter = site.chapters.get(slug);
      const published = [...site.chapters].filter(([, p]) => !isDraft(p)).map(([s]) => s);
      if (chapter === undefined) {
        failAt(
          file,
          element.position,
          `<ChapterRef slug="${slug}" /> names no chapter`,
          `write the file name of a chapter of this language without ".mdx": ${suggestion(slug, published, 'chapter')}`,
        );
      }
      if (isDraft(chapter)) {
        failAt(
          file,
          element.position,
          `<ChapterRef slug="${slug}" /> names a draft chapter`,
          `publish ${slug} (draft: false) or refer to a published chapter`,
        );
      }
    }
  };
}
