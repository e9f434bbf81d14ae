// Font preloads for the math on each page. KaTeX's faces are declared in its CSS, so a browser
// finds out which it needs only after the CSS is parsed and the page laid out; until they arrive
// the formulas are invisible (font-display: block) and, when they do, the lines around them
// reflow. A <link rel="preload"> per face the page really draws starts those downloads while the
// HTML is still arriving. Which faces a page draws is read off the built page itself: KaTeX's
// classes on each element with text, run through KaTeX's own font rules (`.katex .mathnormal`,
// `.katex .delimsizing.size2`, …) from the page's CSS, the way the browser's cascade would; the
// URLs are the hashed woff2 files the same CSS's @font-face rules point at. Pages without math
// get no preload.
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Element, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import type { BuiltSite } from './index';

/** One @font-face of the page's CSS: what it matches and where its woff2 file is. */
export interface FontFaceRule {
  readonly family: string;
  readonly weight: number;
  readonly style: 'normal' | 'italic';
  /** The woff2 source's URL as the CSS writes it (absolute, with the site's base). */
  readonly woff2: string;
}

/** One compound selector (`span`, `.delimsizing.mult`) and how it joins the one to its left. */
interface Compound {
  readonly tag: string | undefined;
  readonly classes: readonly string[];
  /** How this compound relates to the next one leftwards: ' ' ancestor, '>' parent. */
  readonly combinator: ' ' | '>';
}

/** A style rule that sets a font property on KaTeX's elements. */
interface FontRule {
  /** Compounds from the subject (rightmost) leftwards. */
  readonly selector: readonly Compound[];
  readonly specificity: number;
  readonly order: number;
  readonly family?: string;
  readonly weight?: number;
  readonly style?: 'normal' | 'italic';
}

const stripComments = (css: string) => css.replace(/\/\*[\s\S]*?\*\//g, '');

const declarations = (block: string): Map<string, string> =>
  new Map(
    block
      .split(';')
      .map((declaration) => declaration.split(':'))
      .filter((parts) => parts.length >= 2)
      .map(([name = '', ...value]) => [name.trim().toLowerCase(), value.join(':').trim()]),
  );

const parseWeight = (value: string): number | undefined =>
  value === 'bold' || value === 'bolder'
    ? 700
    : value === 'normal' || value === 'lighter'
      ? 400
      : /^\d+$/.test(value)
        ? Number(value)
        : undefined;

const firstFamily = (value: string): string =>
  (value.split(',')[0] ?? '').trim().replace(/^['"]|['"]$/g, '');

/** The @font-face rules of a stylesheet that have a woff2 source (every modern browser's pick). */
export function parseFontFaces(css: string): FontFaceRule[] {
  const faces: FontFaceRule[] = [];
  for (const [, block = ''] of stripComments(css).matchAll(/@font-face\s*\{([^}]*)\}/g)) {
    const props = declarations(block);
    const woff2 = /url\(\s*(['"]?)([^'")]+)\1\s*\)\s*format\(\s*['"]?woff2['"]?\s*\)/.exec(
      props.get('src') ?? '',
    )?.[2];
    const family = firstFamily(props.get('font-family') ?? '');
    if (woff2 === undefined || family === '') continue;
    faces.push({
      family,
      weight: parseWeight(props.get('font-weight') ?? 'normal') ?? 400,
      style: props.get('font-style') === 'italic' ? 'italic' : 'normal',
      woff2,
    });
  }
  return faces;
}

/** Parse `.katex .delimsizing.mult .delim-size1>span` into compounds, rightmost first; undefined
 * for anything this small matcher does not model (pseudo-classes, attributes, siblings). */
function parseSelector(text: string): Compound[] | undefined {
  const tokens = text
    .trim()
    .replace(/\s*>\s*/g, ' > ')
    .split(/\s+/);
  const compounds: Compound[] = [];
  let combinator: ' ' | '>' = ' ';
  for (const token of tokens) {
    if (token === '>') {
      combinator = '>';
      continue;
    }
    const match = /^([a-z][a-z0-9]*)?((?:\.[\w-]+)*)$/i.exec(token);
    if (match === null || (match[1] === undefined && match[2] === '')) return undefined;
    compounds.unshift({
      tag: match[1]?.toLowerCase(),
      classes: (match[2] ?? '').split('.').filter(Boolean),
      combinator: ' ',
    });
    // The combinator read so far joins the previous compound (now second) to this one.
    if (compounds.length > 1) {
      const previous = compounds[1];
      if (previous !== undefined) compounds[1] = { ...previous, combinator };
    }
    combinator = ' ';
  }
  return compounds.length > 0 ? compounds : undefined;
}

/** The rules of a stylesheet that set KaTeX's font family, weight or style, in source order. */
export function parseKatexFontRules(css: string): FontRule[] {
  const rules: FontRule[] = [];
  const body = stripComments(css).replace(/@font-face\s*\{[^}]*\}/g, '');
  let order = 0;
  for (const [, selectors = '', block = ''] of body.matchAll(/([^{}@]+)\{([^{}]*)\}/g)) {
    if (!selectors.includes('.katex')) continue;
    const props = declarations(block);
    let family = props.has('font-family') ? firstFamily(props.get('font-family') ?? '') : undefined;
    let weight = parseWeight(props.get('font-weight') ?? '');
    let style: string | undefined = props.get('font-style');
    const shorthand = props.get('font');
    if (shorthand !== undefined) {
      // `font: normal 1.21em KaTeX_Main, …`: the family list follows the size.
      const [, prefix = '', families = ''] =
        /^(.*?)\s*[\d.]+[a-z%]*(?:\/\S+)?\s+(.+)$/.exec(shorthand) ?? [];
      family = firstFamily(families);
      weight =
        prefix
          .split(/\s+/)
          .map(parseWeight)
          .find((w) => w !== undefined && w !== 400) ?? 400;
      style = prefix.split(/\s+/).includes('italic') ? 'italic' : 'normal';
    }
    const fontStyle = style === 'italic' || style === 'normal' ? style : undefined;
    const sets: Pick<FontRule, 'family' | 'weight' | 'style'> = {
      ...(family !== undefined && family !== '' ? { family } : {}),
      ...(weight !== undefined ? { weight } : {}),
      ...(fontStyle !== undefined ? { style: fontStyle } : {}),
    };
    if (Object.keys(sets).length === 0) continue;
    for (const text of selectors.split(',')) {
      const selector = parseSelector(text);
      if (selector === undefined) continue;
      const specificity = selector.reduce(
        (sum, compound) => sum + compound.classes.length * 100 + (compound.tag ? 1 : 0),
        0,
      );
      order += 1;
      rules.push({ selector, specificity, order, ...sets });
    }
  }
  return rules;
}

const classesOf = (element: Element): string[] => {
  const value = element.properties['className'];
  return Array.isArray(value) ? value.map(String) : [];
};

const compoundMatches = (compound: Compound, element: Element) => {
  if (compound.tag !== undefined && compound.tag !== element.tagName) return false;
  const classes = classesOf(element);
  return compound.classes.every((name) => classes.includes(name));
};

/** Whether `selector` matches the element at the end of `chain` (root first). */
function matches(selector: readonly Compound[], chain: readonly Element[]): boolean {
  const match = (index: number, position: number): boolean => {
    const compound = selector[index];
    if (compound === undefined) return true;
    const element = chain[position];
    if (element === undefined || !compoundMatches(compound, element)) return false;
    if (index === selector.length - 1) return true;
    if (compound.combinator === '>') return match(index + 1, position - 1);
    for (let ancestor = position - 1; ancestor >= 0; ancestor -= 1)
      if (match(index + 1, ancestor)) return true;
    return false;
  };
  return match(0, chain.length - 1);
}

interface Computed {
  readonly family: string | undefined;
  readonly weight: number;
  readonly style: 'normal' | 'italic';
}

/** The face a browser picks for a family, weight and style (CSS Fonts' matching, simplified to
 * what KaTeX declares: the same style first, then the nearest weight). */
function pickFace(faces: readonly FontFaceRule[], wanted: Computed): FontFaceRule | undefined {
  const family = faces.filter((face) => face.family === wanted.family);
  const styled = family.filter((face) => face.style === wanted.style);
  const pool = styled.length > 0 ? styled : family;
  return [...pool].sort(
    (a, b) => Math.abs(a.weight - wanted.weight) - Math.abs(b.weight - wanted.weight),
  )[0];
}

/** The woff2 URLs of the faces a page's KaTeX output draws text in, in the order first drawn. */
export function facesUsed(tree: Root, css: string): string[] {
  const faces = parseFontFaces(css);
  const rules = parseKatexFontRules(css);
  if (faces.length === 0 || rules.length === 0) return [];
  const used = new Set<string>();
  const chain: Element[] = [];
  const visit = (node: RootContent | Root, inherited: Computed, inMath: boolean) => {
    if (node.type !== 'element' && node.type !== 'root') return;
    let computed = inherited;
    let math = inMath;
    if (node.type === 'element') {
      chain.push(node);
      const classes = classesOf(node);
      // KaTeX's MathML copy is drawn by the browser's math font, never KaTeX's faces.
      if (classes.includes('katex-mathml') || node.tagName === 'math') {
        chain.pop();
        return;
      }
      math ||= classes.includes('katex');
      if (math) {
        const winners = rules
          .filter((rule) => matches(rule.selector, chain))
          .sort((a, b) => a.specificity - b.specificity || a.order - b.order);
        for (const rule of winners)
          computed = {
            family: rule.family ?? computed.family,
            weight: rule.weight ?? computed.weight,
            style: rule.style ?? computed.style,
          };
        const drawsText = node.children.some(
          (child) => child.type === 'text' && /\S/.test(child.value),
        );
        const face = drawsText ? pickFace(faces, computed) : undefined;
        if (face !== undefined) used.add(face.woff2);
      }
    }
    for (const child of node.children) visit(child, computed, math);
    if (node.type === 'element') chain.pop();
  };
  visit(tree, { family: undefined, weight: 400, style: 'normal' }, false);
  return [...used];
}

/** The CSS a page applies: its <style> elements and the stylesheets it links, read from `root`. */
async function pageCss(tree: Root, site: BuiltSite, page: string): Promise<string> {
  const parts: string[] = [];
  const walk = async (node: RootContent | Root) => {
    if (node.type !== 'element' && node.type !== 'root') return;
    if (node.type === 'element' && node.tagName === 'style') {
      for (const child of node.children) if (child.type === 'text') parts.push(child.value);
      return;
    }
    if (node.type === 'element' && node.tagName === 'link') {
      const rel = node.properties['rel'];
      const href = node.properties['href'];
      if (Array.isArray(rel) && rel.includes('stylesheet') && typeof href === 'string') {
        const file = fileFor(href, site);
        if (file === undefined)
          throw new Error(`${page} links the stylesheet ${href}, which is not in ${site.root}.`);
        parts.push(await readFile(file, 'utf8'));
      }
      return;
    }
    for (const child of node.children) await walk(child);
  };
  await walk(tree);
  return parts.join('\n');
}

/** The built file a site URL (`/notebook/_astro/x.woff2`) names, when it exists. */
function fileFor(url: string, site: BuiltSite): string | undefined {
  if (!url.startsWith(site.base)) return undefined;
  const file = join(
    site.root,
    decodeURIComponent(url.slice(site.base.length).split(/[?#]/)[0] ?? ''),
  );
  return existsSync(file) ? file : undefined;
}

/** The <link> elements that preload `urls` as fonts (crossorigin: fonts are fetched in CORS mode,
 * and a preload without it would be fetched twice). */
export function preloadLinks(urls: readonly string[]): string {
  return urls
    .map((url) => `<link rel="preload" as="font" type="font/woff2" crossorigin href="${url}">`)
    .join('');
}

/** Insert preload links into a page's head, before its first stylesheet (so the downloads start
 * before the CSS is parsed), skipping any URL the page already preloads. */
export function insertPreloads(html: string, urls: readonly string[]): string {
  const missing = urls.filter(
    (url) => !html.includes(`rel="preload" as="font" type="font/woff2" crossorigin href="${url}"`),
  );
  if (missing.length === 0) return html;
  const headEnd = html.indexOf('</head>');
  if (headEnd === -1) throw new Error('a page without </head>');
  const head = html.slice(0, headEnd);
  const firstStyle = head.search(/<style[\s>]|<link[^>]*rel="?stylesheet/);
  const at = firstStyle === -1 ? headEnd : firstStyle;
  return html.slice(0, at) + preloadLinks(missing) + html.slice(at);
}

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Preload, on every page with math, exactly the KaTeX faces its formulas draw text in. */
export async function preloadFonts(site: BuiltSite): Promise<void> {
  let pages = 0;
  let links = 0;
  for (const file of await htmlFiles(site.root)) {
    const page = relative(site.root, file);
    const html = await readFile(file, 'utf8');
    if (!html.includes('class="katex"')) continue;
    const tree = fromHtml(html);
    const urls = facesUsed(tree, await pageCss(tree, site, page));
    for (const url of urls)
      if (fileFor(url, site) === undefined)
        throw new Error(`${page}: the font ${url} its CSS names is not in ${site.root}.`);
    if (urls.length === 0) continue;
    await writeFile(file, insertPreloads(html, urls));
    pages += 1;
    links += urls.length;
  }
  site.log(`font preloads: ${links} on ${pages} page(s) with math`);
}
