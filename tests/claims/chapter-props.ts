// The props a chapter passes to a cell, read from its MDX, so a claims test checks the numbers
// the reader's cell really starts from rather than a copy that can drift.
import { readFileSync } from 'node:fs';
import type { CoreQuantity } from '../../components/ui/core-number';

/** A prop's value: a number array ({[1, 2]}), a string array, a number ({0}), a string ("page") or true (bare). */
export type PropValue = readonly number[] | readonly string[] | number | string | true;

/** The props of every `<Widget …/>` of that name in content/en/<slug>.mdx, in page order. */
export function chapterCellProps(slug: string, widget: string): Record<string, PropValue>[] {
  const source = readFileSync(new URL(`../../content/en/${slug}.mdx`, import.meta.url), 'utf8');
  const tags = [...source.matchAll(new RegExp(`<${widget}\\b([^>]*?)/>`, 'gs'))];
  return tags.map(([, attributes = '']) => {
    const props: Record<string, PropValue> = {};
    for (const [, name = '', array, number, text] of attributes.matchAll(
      /([\w:]+)(?:=(?:\{(\[[^\]]*\])\}|\{(-?[\d.e]+)\}|"([^"]*)"))?/g,
    )) {
      if (array !== undefined) props[name] = JSON.parse(array.replace(/'/g, '"')) as PropValue;
      else if (number !== undefined) props[name] = Number(number);
      else props[name] = text ?? true;
    }
    return props;
  });
}

/** The number a cell's prop holds, failing loudly when the chapter does not pass it. */
export function numberProp(props: Record<string, PropValue> | undefined, name: string): number {
  const value = props?.[name];
  if (typeof value !== 'number') throw new Error(`the chapter's cell has no number prop ${name}`);
  return value;
}

/** The numbers a cell's prop holds, failing loudly when the chapter does not pass them. */
export function numbersProp(props: Record<string, PropValue> | undefined, name: string): number[] {
  const value = props?.[name];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) {
    throw new Error(`the chapter's cell has no numeric prop ${name}`);
  }
  return [...value];
}

/** One `<CoreNumber … />` of a chapter: the quantity it asks the core for, and its digits. */
export interface QuotedCoreNumber {
  readonly spec: CoreQuantity;
  readonly digits: number;
}

/** A prop's value at `at` (just after `=`): "text", or {JSON} up to its matching brace; and where it ends. */
function propValue(tag: string, at: number): { value: unknown; end: number } | null {
  if (tag[at] === '"') {
    const close = tag.indexOf('"', at + 1);
    return close < 0 ? null : { value: tag.slice(at + 1, close), end: close + 1 };
  }
  if (tag[at] !== '{') return null;
  let depth = 0;
  let quoted = false; // inside a JSON string, where braces do not count
  for (let i = at; i < tag.length; i++) {
    if (quoted) {
      if (tag[i] === '\\') i++;
      else if (tag[i] === '"') quoted = false;
    } else if (tag[i] === '"') quoted = true;
    else if (tag[i] === '{') depth++;
    else if (tag[i] === '}' && --depth === 0) {
      return { value: JSON.parse(tag.slice(at + 1, i)) as unknown, end: i + 1 };
    }
  }
  return null;
}

/**
 * Every `<CoreNumber … />` of an MDX source, its props parsed (strings, and JSON in braces of
 * any depth). A tag it cannot read fails loudly rather than being skipped, so the claims tests
 * see every number the page prints.
 */
export function parseCoreNumbers(source: string, where: string): QuotedCoreNumber[] {
  const starts = [...source.matchAll(/<CoreNumber\b/g)].map((m) => m.index);
  return starts.map((start) => {
    const props: Record<string, unknown> = {};
    let at = start + '<CoreNumber'.length;
    for (;;) {
      at += /^\s*/.exec(source.slice(at))?.[0].length ?? 0;
      if (source.startsWith('/>', at)) break;
      const name = /^(\w+)=/.exec(source.slice(at));
      let parsed: ReturnType<typeof propValue> = null;
      try {
        parsed = name === null ? null : propValue(source, at + name[0].length);
      } catch {
        // JSON that does not parse: reported below with the tag's place.
      }
      if (name === null || parsed === null) {
        const line = source.slice(0, start).split('\n').length;
        throw new Error(
          `${where}:${line}: cannot read <CoreNumber … /> at “${source.slice(at, at + 40)}”`,
        );
      }
      props[name[1] as string] = parsed.value;
      at = parsed.end;
    }
    const { digits = 2, ...spec } = props as unknown as CoreQuantity & { digits?: number };
    return { spec, digits };
  });
}

/** Every `<CoreNumber … />` of content/en/<slug>.mdx in page order (see parseCoreNumbers). */
export function quotedCoreNumbers(slug: string): QuotedCoreNumber[] {
  const path = `content/en/${slug}.mdx`;
  return parseCoreNumbers(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'), path);
}
