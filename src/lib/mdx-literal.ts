// The build checks what a chapter writes in a tag's props (cells, Figure, CoreNumber, links)
// before any page renders, so it reads the values MDX leaves as source: a quoted string, a bare
// name, or a literal in braces. Anything it cannot tell (a variable, a call, a spread) is
// COMPUTED and left to the component's own checks at render time.
import type { Expression, Node as EstreeNode } from 'estree';
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';

/** A value written literally in MDX: a string, number, boolean, null or an array of them. */
export type Literal = string | number | boolean | null | readonly Literal[];

/** Marks a value only the page can know: a variable, a call, a template with expressions. */
export const COMPUTED: unique symbol = Symbol('computed');

export type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/**
 * A literal expression's value: strings, numbers (signed, Infinity, NaN), booleans, null,
 * templates without expressions, and arrays of them; anything else is COMPUTED.
 */
export function literalOf(node: Expression | EstreeNode): Literal | typeof COMPUTED {
  switch (node.type) {
    case 'Literal':
      return typeof node.value === 'string' ||
        typeof node.value === 'number' ||
        typeof node.value === 'boolean' ||
        node.value === null
        ? node.value
        : COMPUTED;
    case 'UnaryExpression': {
      const operand = literalOf(node.argument);
      if (typeof operand !== 'number') return COMPUTED;
      return node.operator === '-' ? -operand : node.operator === '+' ? operand : COMPUTED;
    }
    case 'ArrayExpression': {
      const items: Literal[] = [];
      for (const element of node.elements) {
        if (element === null || element.type === 'SpreadElement') return COMPUTED;
        const item = literalOf(element);
        if (item === COMPUTED) return COMPUTED;
        items.push(item);
      }
      return items;
    }
    case 'TemplateLiteral':
      return node.expressions.length === 0
        ? node.quasis.map((q) => q.value.cooked ?? q.value.raw).join('')
        : COMPUTED;
    case 'Identifier':
      return node.name === 'Infinity' ? Infinity : node.name === 'NaN' ? NaN : COMPUTED;
    default:
      return COMPUTED;
  }
}

/** The value of an attribute: a quoted string, a bare name (true), or a literal in braces. */
export function attributeValue(attribute: MdxJsxAttribute): Literal | typeof COMPUTED {
  const { value } = attribute;
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value;
  const statement = value.data?.estree?.body[0];
  return statement?.type === 'ExpressionStatement' ? literalOf(statement.expression) : COMPUTED;
}

/** Whether a tag spreads props ({...props}), which may supply any prop the build cannot see. */
export function hasSpread(element: JsxElement): boolean {
  return element.attributes.some((a) => a.type !== 'mdxJsxAttribute');
}

/** A tag's props by name: literal values or COMPUTED ones; COMPUTED for the lot when it spreads. */
export function propsOf(
  element: JsxElement,
): Record<string, Literal | typeof COMPUTED> | typeof COMPUTED {
  if (hasSpread(element)) return COMPUTED;
  const props: Record<string, Literal | typeof COMPUTED> = {};
  for (const attribute of element.attributes) {
    if (attribute.type === 'mdxJsxAttribute') props[attribute.name] = attributeValue(attribute);
  }
  return props;
}

/** A prop written as a string literal ("…" or {'…'}), or undefined for anything else. */
export function stringProp(element: JsxElement, name: string): string | undefined {
  const found = element.attributes.find(
    (a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === name,
  );
  const value = found === undefined ? undefined : attributeValue(found);
  return typeof value === 'string' ? value : undefined;
}
