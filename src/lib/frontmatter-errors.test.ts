import { describe, expect, it } from 'vitest';
import {
  assertDistinctOrders,
  assertFrontmatter,
  freeOrders,
  frontmatterProblems,
  keyPosition,
  PLACEHOLDER_DESCRIPTION,
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
  const chapter = (id: string, order: number, draft = false, modified = 0, title?: string) => ({
    id,
    path: `content/${id}.mdx`,
    source: `---\ntitle: ${id}\norder: ${order}\n---\n`,
    order,
    draft,
    modified,
    ...(title === undefined ? {} : { title }),
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

  it('puts the more recently changed chapter first, with the free orders, and names the other at its line', () => {
    const error = (() => {
      try {
        assertDistinctOrders([
          chapter('en/new', 3, false, 2000, 'Focal loss'),
          chapter('en/a', 1, false, 10, 'One'),
          chapter('en/b', 3, false, 1000, 'Three'),
          chapter('en/d', 4, false, 10, 'Four'),
        ]);
      } catch (e) {
        return e as Error & { file: string; line: number };
      }
      throw new Error('no error');
    })();
    expect(error.message.split('\n')).toEqual([
      'content/en/new.mdx:3:8: order 3 is also the order of content/en/b.mdx. Fix: give this chapter a free order: the free order is 2 (between 1 "One" and 3 "Three"); or mark it `draft: true`',
      'content/en/b.mdx:3:8: order 3 is also the order of content/en/new.mdx (changed more recently, above). Fix: keep this order if this chapter is where it belongs, and move the other',
    ]);
    expect(error).toMatchObject({ file: 'content/en/new.mdx', line: 3 });
  });
});

describe('freeOrders', () => {
  const at = (order: number, title: string, slug = title.toLowerCase().replace(/\W+/g, '-')) => ({
    id: `en/${slug}`,
    path: `content/en/${slug}.mdx`,
    source: '',
    order,
    draft: false,
    title,
  });

  it('names the gaps below the last chapter, not the order after the appendix', () => {
    expect(freeOrders([at(1, 'One'), at(2, 'Two'), at(4, 'Four'), at(6, 'Appendix: six')])).toBe(
      'the free orders are 3 (between 2 "Two" and 4 "Four"), 5 (between 4 "Four" and 6 "Appendix: six")',
    );
    expect(freeOrders([at(2, 'Two')])).toBe('the free order is 1 (first, before 2 "Two")');
  });

  it('without a gap, says how to make room before the appendices, or that the next order is last', () => {
    expect(freeOrders([at(1, 'One'), at(2, 'Two'), at(3, 'Appendix: three', 'three')])).toBe(
      'no order is free before 4, which would come after the appendix 3 "Appendix: three"; to place it after the main chapters, give it 3 and move content/en/three.mdx to 4 (as `npm run new:chapter` does)',
    );
    expect(freeOrders([at(1, 'One'), at(2, 'Two')])).toBe(
      'no order is free before 3, which places it last, after 2 "Two"; to place it elsewhere, move the chapters from that place on one order up',
    );
    expect(freeOrders([])).toBe('order 1 is free');
  });
});

describe('a published chapter with the scaffold’s description', () => {
  const source = (draft: string) =>
    `---\ntitle: Focal loss\ndescription: ${PLACEHOLDER_DESCRIPTION}; it is the page’s search snippet.\norder: 9\n${draft}---\n`;
  const data = (draft?: boolean) => ({
    title: 'Focal loss',
    description: `${PLACEHOLDER_DESCRIPTION}; it is the page’s search snippet.`,
    order: 9,
    ...(draft === undefined ? {} : { draft }),
  });

  it('fails at the description line, saying to write it or keep the draft flag', () => {
    expect(frontmatterProblems(data(), source(''), 'content/en/focal-loss.mdx')).toEqual([
      {
        at: { line: 3, column: 14 },
        message:
          'content/en/focal-loss.mdx:3:14: the description is still the placeholder `npm run new:chapter` wrote ("One sentence saying what this chapter teaches…"), and the chapter is published. Fix: write one sentence of 20 to 200 characters saying what the chapter teaches (it is the page’s search snippet); or keep `draft: true` until the chapter is ready',
      },
    ]);
    expect(frontmatterProblems(data(false), source('draft: false\n'), 'a.mdx')).toHaveLength(1);
  });

  it('is fine in a draft', () => {
    expect(frontmatterProblems(data(true), source('draft: true\n'), 'a.mdx')).toEqual([]);
  });
});
