// The props a chapter passes to a cell, read from its MDX, so a claims test checks the numbers
// the reader's cell really starts from rather than a copy that can drift.
import { readFileSync } from 'node:fs';

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
