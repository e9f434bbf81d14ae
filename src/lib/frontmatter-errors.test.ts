import { describe, expect, it } from 'vitest';
import {
  assertDistinctOrders,
  assertFrontmatter,
  frontmatterProblems,
  keyPosition,
  yamlError,
} from './frontmatter-errors';

const source = (yaml: string): string => `---\n${yaml}\n---\n\nText.\n`;
const path = 'content/en/broken.mdx';

describe('keyPosition', () => {
  it('finds a key’s line and the column where its value starts, inside the frontmatter only', () => {
    const text = source('title: A\norder:   two');
    expect(keyPosition(text, 'order')).toEqual({ line: 3, column: 10 });
    expect(keyPosition(text, 'draft')).toBeUndefined();
    expect(keyPosition('order: 1\n', 'order')).toBeUndefined();
  });
});

describe('frontmatterProblems', () => {
  const valid = {
    title: 'Softmax and logits',
    description: 'How logits become probabilities, and why frameworks fuse the log.',
    order: 3,
  };
  const yaml = (data: Record<string, unknown>): string =>
    source(
      Object.entries(data)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join('\n'),
    );
  const lines = (data: Record<string, unknown>): string[] =>
    frontmatterProblems(data, yaml(data), path).map((p) => p.message);

  it('accepts a valid frontmatter', () => {
    expect(lines(valid)).toEqual([]);
  });

  it('points at the line of a field of the wrong type, with what the field wants', () => {
    expect(lines({ ...valid, order: 'two' })).toEqual([
      'content/en/broken.mdx:4:8: frontmatter field "order" must be a number, got "two". Fix: write a whole number 1 or more, the chapter’s place in the reading order and its equation numbers (`npm run new:chapter` picks the next free one)',
    ]);
  });

  it('reports a rule a value breaks in the schema’s own words', () => {
    expect(lines({ ...valid, description: 'Too short.' })[0]).toMatch(
      /^content\/en\/broken\.mdx:3:14: frontmatter field "description": description must be a full sentence \(at least 20 characters\)\. Fix: write one sentence of 20 to 200 characters/,
    );
  });

  it('points a missing field at the closing ---, saying to add it', () => {
    const untitled = { description: valid.description, order: valid.order };
    expect(lines(untitled)).toEqual([
      'content/en/broken.mdx:4:1: frontmatter field "title" is missing. Fix: add it: give the chapter a title, e.g. `title: Softmax and logits` (quote it if it holds a colon)',
    ]);
  });

  it('names an unknown field’s line and suggests the field meant', () => {
    expect(lines({ ...valid, ordre: 4 })).toEqual([
      'content/en/broken.mdx:5:1: unknown frontmatter field "ordre". Fix: rename it: did you mean "order"?',
    ]);
    expect(lines({ ...valid, tags: 'x' })).toEqual([
      'content/en/broken.mdx:5:1: unknown frontmatter field "tags". Fix: remove it; the fields are: title, description, order, draft',
    ]);
  });
});

describe('a frontmatter that is not a mapping of fields', () => {
  const problems = (data: unknown, text: string): string[] =>
    frontmatterProblems(data, text, path).map((p) => p.message);

  it('says a list is not a mapping, at its first line, instead of a field "" missing', () => {
    expect(problems(['title: A'], source('# a comment\n- title: A'))).toEqual([
      'content/en/broken.mdx:3:1: the frontmatter must be a YAML mapping of fields (name: value), but it is a list. Fix: write each field as name: value on a line of its own, e.g. title: Softmax and logits, description: One sentence…, order: 3 (one field a line)',
    ]);
  });

  it('says so for a lone value too, which Astro hands over as no fields at all', () => {
    expect(problems({}, `\n${source('Softmax and logits')}`)[0]).toMatch(
      /^content\/en\/broken\.mdx:3:1: the frontmatter must be a YAML mapping of fields \(name: value\), but it is a single value\. Fix: /,
    );
  });

  it('says a chapter without frontmatter has none, and lists the fields an empty one misses', () => {
    expect(problems({}, 'Text.\n')).toEqual([
      expect.stringMatching(
        /^content\/en\/broken\.mdx:1:1: the chapter has no frontmatter\. Fix: start the file with a --- line/,
      ),
    ]);
    expect(problems({}, '---\n---\nText.\n')).toHaveLength(3);
  });
});

describe('assertFrontmatter', () => {
  it('throws every problem at once, located at the first, as Astro shows a location', () => {
    const data = { title: '', description: 'Long enough to be a sentence, surely.', order: 0 };
    const text = source("title: ''\ndescription: Long enough to be a sentence, surely.\norder: 0");
    let thrown: unknown;
    try {
      assertFrontmatter(data, text, path);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ line: 2, column: 8, loc: { file: path, line: 2, column: 8 } });
    expect((thrown as Error).message.split('\n')).toEqual([
      expect.stringMatching(
        /^content\/en\/broken\.mdx:2:8: frontmatter field "title": title must not be empty\. Fix: /,
      ),
      expect.stringMatching(
        /^content\/en\/broken\.mdx:4:8: frontmatter field "order": order must be 1 or more\. Fix: /,
      ),
    ]);
  });

  it('does nothing for a valid chapter', () => {
    const data = { title: 'T', description: 'Long enough to be a sentence, surely.', order: 1 };
    expect(() => assertFrontmatter(data, source('title: T'), path)).not.toThrow();
  });
});

describe('yamlError', () => {
  it('restates a YAML error Astro located in the authoring format, with the usual fix', () => {
    const error = Object.assign(new Error('bad indentation of a mapping entry'), {
      name: 'YAMLException',
      loc: { file: `${process.cwd()}/content/en/a.mdx`, line: 2, column: 14 },
    });
    expect(yamlError(error)?.message).toBe(
      "content/en/a.mdx:2:15: the frontmatter is not valid YAML (bad indentation of a mapping entry). Fix: quote a value that holds a colon or a #, or starts with a quote, a bracket or a dash, e.g. title: 'Appendix: the view'",
    );
  });

  it('leaves every other error alone', () => {
    expect(yamlError(new Error('disk full'))).toBeUndefined();
    expect(yamlError('text')).toBeUndefined();
    expect(yamlError(Object.assign(new Error('x'), { name: 'YAMLException' }))).toBeUndefined();
  });
});

describe('assertDistinctOrders', () => {
  const chapter = (id: string, order: number, draft = false) => ({
    id,
    path: `content/${id}.mdx`,
    source: `---\ntitle: ${id}\norder: ${order}\n---\n`,
    order,
    draft,
  });

  it('accepts distinct orders, the same order in two languages, and a draft sharing one', () => {
    expect(() =>
      assertDistinctOrders([
        chapter('en/a', 1),
        chapter('en/b', 2),
        chapter('zh/a', 1),
        chapter('en/c', 2, true),
      ]),
    ).not.toThrow();
  });

  it('fails at the second chapter’s order line, naming the first and the free order', () => {
    expect(() =>
      assertDistinctOrders([chapter('en/b', 3), chapter('en/c', 1), chapter('en/a', 3)]),
    ).toThrow(
      'content/en/b.mdx:3:8: order 3 is already the order of content/en/a.mdx. Fix: give one of them another order (in use: 1, 3; the next free one is 4), or mark one `draft: true`',
    );
  });
});
