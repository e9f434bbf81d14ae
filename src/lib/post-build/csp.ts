// The Content-Security-Policy every page carries, as a <meta http-equiv> (static hosts cannot be
// relied on to send headers). script-src is 'self' plus the SHA-256 of each inline script the page
// really has: no 'unsafe-inline', no 'unsafe-eval'; 'wasm-unsafe-eval' lets Pagefind compile its
// WebAssembly and nothing else.
//
// Why a post-build step and not Astro 7's own `security.csp`: Astro hashes the scripts it bundles
// or injects (island loader, client directives) into one site-wide list, but not our `is:inline`
// scripts (theme, contents, cell links, search opener, service-worker registration), which we
// would have to hash by hand in the config and keep in step with their minified text; it renders
// its <meta> with the rest of the head's assets, after the theme script, so that script would run
// before the policy exists; and it sees nothing a later post-build step writes. Hashing the final
// HTML file, per page, lists exactly the scripts each page ships and nothing else, wherever they
// came from. Astro's island loader and directive scripts are plain inline <script> elements with
// no inline event handlers, eval or `new Function`, so their hashes cover them.
//
// Styles stay at 'self' 'unsafe-inline', on purpose: KaTeX writes a style attribute on almost
// every box (the gradient chapter has 219 distinct ones), Shiki colours each token with one, and
// Svelte renders style attributes into the built HTML. Hashes and nonces never apply to style
// attributes; 'unsafe-hashes' could list each value, at ~50 bytes a value (about 10 KB of
// incompressible base64 per math-heavy page) for little gain, since style injection needs HTML
// injection first and a static site with no user content offers none. Splitting style-src-elem
// (hashed) from style-src-attr ('unsafe-inline') would also break any library that adds a <style>
// at run time. frame-ancestors, report-uri and sandbox are ignored in a <meta>, so they are left
// out; framing can only be refused by a host's header.
//
// The build fails, naming file, line and fix, on what the policy would otherwise block without a
// word on the page: inline event handlers, javascript: URLs, and anything loaded from another
// origin (an image, frame, script, stylesheet, media, a srcset candidate), a plugin, or a form
// or <base> that points elsewhere. Links to other sites are navigation and stay allowed.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { BuiltSite } from './index';

/** Every directive but script-src's hashes, in the order the policy writes them. */
const POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
] as const;

/** The policy for a page whose inline scripts have these hashes (`sha256-…`, unquoted). */
export function contentSecurityPolicy(scriptHashes: readonly string[]): string {
  const unique = [...new Set(scriptHashes)].map((hash) => `'${hash}'`);
  return POLICY.map((directive) =>
    directive.startsWith('script-src ') ? [directive, ...unique].join(' ') : directive,
  ).join('; ');
}

/** The CSP source expression a browser compares an inline script's text with. */
export function scriptHash(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

// The HTML standard's JavaScript MIME type essence strings: a <script> whose type is one of these
// (or absent or empty) is a classic script; anything else that is not listed below is a data block
// the browser never runs (application/json, application/ld+json, text/template, …).
const JAVASCRIPT_TYPES = new Set([
  'application/ecmascript',
  'application/javascript',
  'application/x-ecmascript',
  'application/x-javascript',
  'text/ecmascript',
  'text/javascript',
  'text/javascript1.0',
  'text/javascript1.1',
  'text/javascript1.2',
  'text/javascript1.3',
  'text/javascript1.4',
  'text/javascript1.5',
  'text/jscript',
  'text/livescript',
  'text/x-ecmascript',
  'text/x-javascript',
]);
// Inline types script-src governs besides JavaScript: import maps and speculation rules.
const OTHER_CHECKED_TYPES = new Set(['module', 'importmap', 'speculationrules']);

/** Whether script-src decides over this inline <script> (the browser would run or apply it). */
export function isCheckedScript(node: Element): boolean {
  const type = node.properties['type'];
  if (type === undefined) {
    // No type: the obsolete language attribute may still name a non-JavaScript language.
    const language = node.properties['language'];
    return (
      typeof language !== 'string' ||
      language === '' ||
      JAVASCRIPT_TYPES.has(`text/${language.toLowerCase()}`)
    );
  }
  const essence = [type].flat().join(' ').trim().toLowerCase();
  return essence === '' || JAVASCRIPT_TYPES.has(essence) || OTHER_CHECKED_TYPES.has(essence);
}

/** Attributes whose value is a URL the browser may navigate to or load, by hast property name. */
const URL_PROPERTIES = [
  'href',
  'src',
  'action',
  'formAction',
  'xLinkHref',
  'poster',
  'data',
  'cite',
];

/** A URL the browser would run as script: `javascript:`, after its URL parser's clean-up. */
function isJavaScriptUrl(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  // The URL parser drops leading/trailing C0 controls and spaces and every tab and newline.
  // eslint-disable-next-line no-control-regex
  const cleaned = value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+/, '');
  return cleaned.toLowerCase().startsWith('javascript:');
}

/** Elements of a tree in document order, template contents included (they may be stamped out). */
function* elements(nodes: readonly (RootContent | ElementContent)[]): Generator<Element> {
  for (const node of nodes) {
    if (node.type !== 'element') continue;
    yield node;
    yield* elements(node.children);
    if (node.content !== undefined) yield* elements(node.content.children);
  }
}

/** The text a browser hashes: the script's raw text, as the parser left it (CR LF already LF). */
function scriptText(node: Element): string {
  return node.children.map((child) => (child.type === 'text' ? child.value : '')).join('');
}

/** Where in the file a node starts, for messages: `file:line:column`. */
function place(file: string, node: Element): string {
  const start = node.position?.start;
  return start === undefined ? file : `${file}:${start.line}:${start.column}`;
}

/** What the policy would silently break on this page: inline handlers and javascript: URLs. */
function blockedInlineCode(tree: Root, file: string): string[] {
  const problems: string[] = [];
  for (const node of elements(tree.children)) {
    for (const [name, value] of Object.entries(node.properties)) {
      if (/^on[a-z]/i.test(name)) {
        problems.push(
          `${place(file, node)}: <${node.tagName} ${name.toLowerCase()}="…"> is an inline event handler, which the Content-Security-Policy blocks (script-src has no 'unsafe-inline'); attach the listener from a script with addEventListener instead.`,
        );
      } else if (URL_PROPERTIES.includes(name) && isJavaScriptUrl(value)) {
        problems.push(
          `${place(file, node)}: <${node.tagName}> has a javascript: URL, which the Content-Security-Policy blocks; use a <button> with a listener added from a script instead.`,
        );
      }
    }
  }
  return problems;
}

/** A URL as the browser's URL parser reads it: outer C0 controls and spaces, tabs and newlines out. */
function cleanUrl(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

/** The URLs of a srcset: each candidate's URL, its width or density descriptor left out. */
export function srcsetUrls(srcset: string): string[] {
  const urls: string[] = [];
  let at = 0;
  while (at < srcset.length) {
    // Candidates are separated by commas; a URL runs to white space (a data: URL keeps its commas).
    while (at < srcset.length && /[\s,]/.test(srcset[at] ?? '')) at++;
    const start = at;
    while (at < srcset.length && !/\s/.test(srcset[at] ?? '')) at++;
    let url = srcset.slice(start, at);
    if (url.endsWith(',')) url = url.replace(/,+$/, '');
    else while (at < srcset.length && srcset[at] !== ',') at++;
    if (url !== '') urls.push(url);
  }
  return urls;
}

/** Where a URL may load from under the policy: the page's own origin, and data: where allowed. */
function loadsFromElsewhere(value: string, allowsData: boolean): boolean {
  const url = cleanUrl(value);
  // Protocol-relative (`//host/…`, and `\\host` as the parser reads backslashes) is another host.
  if (/^[/\\]{2}/.test(url)) return true;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return false; // a path of the site: 'self'
  if (scheme === 'data') return !allowsData;
  // about:blank and its kin load nothing; javascript: is reported by blockedInlineCode.
  return scheme !== 'about' && scheme !== 'javascript';
}

/** The policy directive that governs a loaded resource, and whether it lets data: URLs in. */
interface Load {
  readonly attribute: string;
  readonly urls: readonly string[];
  readonly directive: string;
  readonly allowsData: boolean;
}

const IMG = { directive: "img-src 'self' data:", allowsData: true } as const;
const MEDIA = { directive: "media-src (default-src 'self')", allowsData: false } as const;
const FRAME = { directive: "frame-src (default-src 'self')", allowsData: false } as const;
const SCRIPT = { directive: "script-src 'self'", allowsData: false } as const;
/** `<link rel>` values that make the browser fetch the href, with the directive over each. */
const LINK_LOADS: Readonly<Record<string, { directive: string; allowsData: boolean }>> = {
  stylesheet: { directive: "style-src 'self'", allowsData: false },
  icon: IMG,
  'apple-touch-icon': IMG,
  'mask-icon': IMG,
  manifest: { directive: "manifest-src 'self'", allowsData: false },
  modulepreload: SCRIPT,
  preload: { directive: "the directive of its `as` (default-src 'self')", allowsData: false },
  prefetch: { directive: "default-src 'self'", allowsData: false },
};

/** What an element makes the browser load (or send a form to), by attribute. */
function loadsOf(node: Element): Load[] {
  const p = node.properties;
  const text = (name: string): string[] => {
    const value = p[name];
    return typeof value === 'string' ? [value] : [];
  };
  const load = (
    attribute: string,
    urls: string[],
    kind: { directive: string; allowsData: boolean },
  ) => (urls.length === 0 ? [] : [{ attribute, urls, ...kind }]);
  const srcset = (kind: typeof IMG) => load('srcset', text('srcSet').flatMap(srcsetUrls), kind);
  switch (node.tagName) {
    case 'img':
      return [...load('src', text('src'), IMG), ...srcset(IMG)];
    case 'source':
      // In <picture> a source's srcset is an image; in <video>/<audio> its src is media.
      return [...load('src', text('src'), MEDIA), ...srcset(IMG)];
    case 'input':
      return String(p['type']).toLowerCase() === 'image' ? load('src', text('src'), IMG) : [];
    case 'video':
      return [...load('src', text('src'), MEDIA), ...load('poster', text('poster'), IMG)];
    case 'audio':
    case 'track':
      return load('src', text('src'), MEDIA);
    case 'iframe':
    case 'frame':
      return load('src', text('src'), FRAME);
    case 'script':
      return load('src', text('src'), SCRIPT);
    case 'image':
    case 'feImage':
      return [...load('href', text('href'), IMG), ...load('xlink:href', text('xLinkHref'), IMG)];
    case 'link': {
      const rels = [p['rel']].flat().map((rel) => String(rel).toLowerCase());
      const kind = rels.map((rel) => LINK_LOADS[rel]).find((k) => k !== undefined);
      if (kind === undefined) return [];
      const image = rels.includes('preload') && String(p['as']).toLowerCase() === 'image';
      return load('href', text('href'), image ? IMG : kind);
    }
    default:
      return [];
  }
}

/** Shown in messages: a URL, shortened if long (a data: URL can be kilobytes). */
const shortUrl = (url: string): string => (url.length > 60 ? `${url.slice(0, 57)}…` : url);

/**
 * What the policy would silently block on this page besides inline code: resources from other
 * origins (or data: URLs where only images may use them), plugins, and forms or a <base> that
 * point elsewhere. Plain links (<a href>) to other sites are navigation, which it leaves alone.
 */
function blockedResources(tree: Root, file: string): string[] {
  const problems: string[] = [];
  for (const node of elements(tree.children)) {
    const at = place(file, node);
    if (node.tagName === 'object' || node.tagName === 'embed') {
      const attribute = node.tagName === 'object' ? 'data' : 'src';
      if (typeof node.properties[attribute] === 'string') {
        problems.push(
          `${at}: <${node.tagName} ${attribute}="…"> is a plugin, which the Content-Security-Policy blocks whatever its source (object-src 'none'); show the file with <img>, <video> or <audio> instead.`,
        );
      }
      continue;
    }
    for (const { attribute, urls, directive, allowsData } of loadsOf(node)) {
      for (const url of urls.filter((u) => loadsFromElsewhere(u, allowsData))) {
        problems.push(
          `${at}: <${node.tagName} ${attribute}="${shortUrl(url)}"> loads from outside the site, which the Content-Security-Policy blocks (${directive}); ship the file with the site (in public/, or imported so the build copies it) and refer to it by its path.`,
        );
      }
    }
    const form =
      node.tagName === 'form'
        ? { attribute: 'action', value: node.properties['action'] }
        : { attribute: 'formaction', value: node.properties['formAction'] };
    if (typeof form.value === 'string' && loadsFromElsewhere(form.value, false)) {
      problems.push(
        `${at}: <${node.tagName} ${form.attribute}="${shortUrl(form.value)}"> sends the form outside the site, which the Content-Security-Policy blocks (form-action 'self'); link to that page with <a href> instead.`,
      );
    }
    const base = node.properties['href'];
    if (node.tagName === 'base' && typeof base === 'string' && loadsFromElsewhere(base, false)) {
      problems.push(
        `${at}: <base href="${shortUrl(base)}"> points outside the site, which the Content-Security-Policy blocks (base-uri 'self'); remove it and write links relative to the site.`,
      );
    }
  }
  return problems;
}

/** Thrown with every problem of a build at once, so an author fixes them in one go. */
export class ContentSecurityPolicyError extends Error {
  override name = 'ContentSecurityPolicyError';
}

/**
 * A page with its policy: the <meta> goes right after <meta charset> (or first in <head>), before
 * every script, since a <meta> policy governs only what the parser meets after it. Throws
 * ContentSecurityPolicyError when the policy would break the page or cannot be placed.
 */
export function secureHtml(html: string, file: string): { html: string; hashes: string[] } {
  const tree = fromHtml(html);
  const problems = [...blockedInlineCode(tree, file), ...blockedResources(tree, file)];
  const all = [...elements(tree.children)];
  const scripts = all.filter((node) => node.tagName === 'script');
  const hashes = scripts
    .filter((node) => node.properties['src'] === undefined && isCheckedScript(node))
    .map((node) => scriptHash(scriptText(node)));

  const existing = all.find(
    (node) =>
      node.tagName === 'meta' &&
      [node.properties['httpEquiv']].flat().join(' ').toLowerCase() === 'content-security-policy',
  );
  if (existing !== undefined) {
    problems.push(
      `${place(file, existing)}: the page already has a Content-Security-Policy <meta> (is Astro's security.csp on?); two policies would both apply, so only src/lib/post-build/csp.ts writes one.`,
    );
  }

  const head = all.find((node) => node.tagName === 'head');
  const charset = head?.children.find(
    (node): node is Element =>
      node.type === 'element' &&
      node.tagName === 'meta' &&
      node.properties['charSet'] !== undefined,
  );
  const firstScript = scripts[0]?.position?.start.offset;
  const afterCharset = charset?.position?.end.offset;
  const headStart = head?.children[0]?.position?.start.offset;
  const at =
    afterCharset !== undefined && (firstScript === undefined || afterCharset <= firstScript)
      ? afterCharset
      : headStart;
  if (at === undefined || (firstScript !== undefined && at > firstScript)) {
    problems.push(
      `${file}: no place before the first <script> to put the Content-Security-Policy <meta>; the page needs a <head> with a <meta charset> (or another element) before any script.`,
    );
  }
  if (problems.length > 0 || at === undefined) {
    throw new ContentSecurityPolicyError(problems.join('\n'));
  }

  const meta = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(hashes)}">`;
  return { html: html.slice(0, at) + meta + html.slice(at), hashes };
}

/** Every HTML file below the build's root, as paths relative to it. */
async function htmlFiles(root: string): Promise<string[]> {
  const files = await readdir(root, { recursive: true, encoding: 'utf8' });
  return files.filter((file) => file.endsWith('.html')).sort();
}

/** Give every built page its policy, or fail the build naming each page the policy would break. */
export async function applyContentSecurityPolicy(site: BuiltSite): Promise<void> {
  const problems: string[] = [];
  const scripts = new Set<string>();
  const files = await htmlFiles(site.root);
  for (const file of files) {
    const path = join(site.root, file);
    try {
      const secured = secureHtml(await readFile(path, 'utf8'), relative(process.cwd(), path));
      await writeFile(path, secured.html);
      for (const hash of secured.hashes) scripts.add(hash);
    } catch (error) {
      if (!(error instanceof ContentSecurityPolicyError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) {
    throw new ContentSecurityPolicyError(
      `The Content-Security-Policy would break ${problems.length} page(s):\n${problems.join('\n')}`,
    );
  }
  site.log(
    `Content-Security-Policy on ${files.length} page(s), ${scripts.size} distinct inline script(s) hashed`,
  );
}
