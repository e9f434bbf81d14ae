// A chapter's checks read other chapters' files (is it a draft, what is its number, which
// anchors and labels does it have), and so does `npm run new:chapter`. They all read them here,
// the way the build reads them: the frontmatter with Astro's own parser (YAML, so
// `draft: true # wip` is a draft), the body with the MDX and math parser the build uses.
// No relative imports: scripts/new-chapter.ts runs this file under plain Node.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { extractFrontmatter, parseFrontmatter } from '@astrojs/markdown-remark';
import { createProcessor } from '@mdx-js/mdx';
import type { Root } from 'mdast';
import remarkMath from 'remark-math';

/** What another chapter's file says about it, read as its own build reads it. */
export interface ChapterFile {
  readonly path: string;
  /** The file name without .mdx/.md: the chapter's URL segment and its ChapterRef slug. */
  readonly slug: string;
  readonly source: string;
  /** The frontmatter's fields; empty when there is none, it is not a mapping or YAML cannot parse it. */
  readonly data: Readonly<Record<string, unknown>>;
  /** The text after the frontmatter, which stands as blank lines so line numbers hold. */
  readonly body: string;
  /** The title when it is a string, else ''. */
  readonly title: string;
  /** The order when it is a whole number 1 or more, else undefined. */
  readonly order: number | undefined;
  /** Whether the frontmatter says `draft: true` (a YAML true, whatever follows it). */
  readonly draft: boolean;
}

/** Parse a chapter's source: frontmatter fields and the body, without throwing. */
export function parseChapter(path: string, source: string): ChapterFile {
  let data: Record<string, unknown> = {};
  let body: string;
  try {
    const parsed = parseFrontmatter(source, { frontmatter: 'empty-with-lines' });
    data = isMapping(parsed.frontmatter) ? parsed.frontmatter : {};
    body = parsed.content;
  } catch {
    // YAML that does not parse: the chapter's own build reports it at its line.
    const raw = extractFrontmatter(source) ?? '';
    body = source.replace(`---${raw}---`, raw.replace(/[^\r\n]/g, ''));
  }
  const { title, order, draft } = data;
  return {
    path,
    slug: basename(path).replace(/\.mdx?$/, ''),
    source,
    data,
    body,
    title: typeof title === 'string' ? title : '',
    order: typeof order === 'number' && Number.isInteger(order) && order > 0 ? order : undefined,
    draft: draft === true,
  };
}

/** Rewrite a chapter's frontmatter text, leaving every byte outside it as it was. */
export function editFrontmatter(source: string, edit: (yaml: string) => string): string {
  const raw = extractFrontmatter(source);
  return raw === undefined ? source : source.replace(`---${raw}---`, `---${edit(raw)}---`);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const files = new Map<string, { stamp: string; chapter: ChapterFile }>();
const trees = new WeakMap<ChapterFile, Root | null>();

/** Read a chapter file (cached until it changes, so a dev server sees an edit at once). */
export function readChapterFile(path: string): ChapterFile {
  // Size as well as time: two writes within one tick of the file system's clock share a time.
  const { mtimeMs, size } = statSync(path);
  const stamp = `${mtimeMs} ${size}`;
  const cached = files.get(path);
  if (cached?.stamp === stamp) return cached.chapter;
  const chapter = parseChapter(path, readFileSync(path, 'utf8'));
  files.set(path, { stamp, chapter });
  return chapter;
}

/** A chapter's Markdown tree as the build parses it, or undefined when its MDX does not parse. */
export function chapterTree(chapter: ChapterFile): Root | undefined {
  if (!trees.has(chapter)) {
    let tree: Root | null;
    try {
      tree = createProcessor({ remarkPlugins: [remarkMath] }).parse(chapter.body);
    } catch {
      tree = null;
    }
    trees.set(chapter, tree);
  }
  return trees.get(chapter) ?? undefined;
}

/** The chapter files of one locale folder, slug → path, in file-name order. */
export function chapterFiles(folder: string): Map<string, string> {
  if (!existsSync(folder)) return new Map();
  return new Map(
    readdirSync(folder)
      .filter((name) => /\.mdx?$/.test(name))
      .sort()
      .map((name) => [name.replace(/\.mdx?$/, ''), join(folder, name)]),
  );
}
