import { createProcessor } from '@mdx-js/mdx';
import { describe, expect, it } from 'vitest';
import {
  attributeValue,
  COMPUTED,
  hasSpread,
  propsOf,
  stringProp,
  type JsxElement,
} from './mdx-literal';

/** The first tag of an MDX snippet, parsed as the build parses it. */
function tag(mdx: string): JsxElement {
  const tree = createProcessor().parse(mdx);
  const [first] = tree.children;
  if (first?.type !== 'mdxJsxFlowElement') throw new Error(`no tag in ${mdx}`);
  return first;
}

/** Each prop's value as the checks read it. */
const values = (mdx: string) =>
  tag(mdx).attributes.map((a) => (a.type === 'mdxJsxAttribute' ? attributeValue(a) : 'spread'));

describe('attributeValue', () => {
  it('reads quoted strings, bare names and literals in braces', () => {
    expect(
      values(
        '<X a="s" b c={2} d={-0.5} e={+3} f={true} g={null} h={`t`} i={[1, [2, \'x\']]} j={Infinity} k={-Infinity} />',
      ),
    ).toEqual(['s', true, 2, -0.5, 3, true, null, 't', [1, [2, 'x']], Infinity, -Infinity]);
    expect(values('<X n={NaN} />')[0]).toBeNaN();
  });

  it('marks what only the page can know as computed', () => {
    expect(
      values(
        '<X a={name} b={f(1)} c={`${x}`} d={[1, ...rest]} e={[1, , 2]} f={-"1"} g={!true} h={1 + 1} />',
      ),
    ).toEqual(Array(8).fill(COMPUTED));
  });
});

describe('propsOf, hasSpread and stringProp', () => {
  it('gives the props by name, or computed for the lot when the tag spreads', () => {
    expect(propsOf(tag('<X width="page" digits={3} q={p} />'))).toEqual({
      width: 'page',
      digits: 3,
      q: COMPUTED,
    });
    expect(propsOf(tag('<X {...props} width="page" />'))).toBe(COMPUTED);
    expect(hasSpread(tag('<X {...props} />'))).toBe(true);
    expect(hasSpread(tag('<X a="1" />'))).toBe(false);
  });

  it('reads a string prop written in quotes or braces, and nothing else', () => {
    const element = tag('<a href="/x/" id={\'top\'} slug={name} n={1} />');
    expect(stringProp(element, 'href')).toBe('/x/');
    expect(stringProp(element, 'id')).toBe('top');
    expect(stringProp(element, 'slug')).toBeUndefined();
    expect(stringProp(element, 'n')).toBeUndefined();
    expect(stringProp(element, 'missing')).toBeUndefined();
  });
});
