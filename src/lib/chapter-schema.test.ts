import { describe, expect, it } from 'vitest';
import { chapterSchema } from './chapter-schema';

const valid = {
  title: 'Softmax and logits',
  description: 'How logits become probabilities, and why frameworks fuse the log.',
  order: 3,
};

describe('chapterSchema', () => {
  it('accepts a complete frontmatter and defaults draft to false', () => {
    expect(chapterSchema.parse(valid)).toEqual({ ...valid, draft: false });
  });

  it.each([
    [{ ...valid, title: '  ' }, 'title', 'title must not be empty'],
    [{ ...valid, description: 'Too short.' }, 'description', 'at least 20 characters'],
    [{ ...valid, order: 1.5 }, 'order', 'order must be a whole number'],
    [{ ...valid, order: 0 }, 'order', 'order must be 1 or more'],
    [{ ...valid, draft: 'yes' }, 'draft', 'boolean'],
    [{ ...valid, tags: ['x'] }, '', 'tags'],
  ])('rejects %o, naming %s', (input, field, message) => {
    const result = chapterSchema.safeParse(input);
    expect(result.success).toBe(false);
    const issue = result.error?.issues[0];
    expect(issue?.path.join('.') ?? '').toBe(field);
    expect(JSON.stringify(issue)).toContain(message);
  });
});
