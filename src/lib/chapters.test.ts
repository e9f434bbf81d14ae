import { describe, expect, it } from 'vitest';
import {
  homeLocales,
  neighbours,
  orderedChapters,
  parseChapterId,
  type ChapterEntry,
} from './chapters';

const entry = (id: string, order: number, draft = false): ChapterEntry => ({
  id,
  data: { title: `Title ${id}`, description: `About ${id}`, order, draft },
});

describe('parseChapterId', () => {
  it('splits locale and slug', () => {
    expect(parseChapterId('en/softmax-and-logits')).toEqual({
      locale: 'en',
      slug: 'softmax-and-logits',
    });
    expect(parseChapterId('zh/entropy-and-kl')).toEqual({ locale: 'zh', slug: 'entropy-and-kl' });
  });

  it('rejects files outside a locale folder or with a non-kebab name', () => {
    expect(() => parseChapterId('softmax')).toThrow(
      'must live at content/<locale>/<kebab-case-slug>.mdx',
    );
    expect(() => parseChapterId('en/Softmax_Logits')).toThrow('kebab-case');
    expect(() => parseChapterId('fr/softmax')).toThrow('unknown locale folder "fr"');
  });
});

describe('orderedChapters', () => {
  it('keeps one locale, drops drafts and sorts by order', () => {
    const list = orderedChapters(
      [entry('en/b', 2), entry('en/a', 1), entry('zh/a', 1), entry('en/wip', 3, true)],
      'en',
    );
    expect(list.map((c) => c.id)).toEqual(['en/a', 'en/b']);
  });

  it('refuses two chapters with the same order', () => {
    expect(() => orderedChapters([entry('en/a', 1), entry('en/b', 1)], 'en')).toThrow(
      'Chapters "en/a" and "en/b" both have order 1',
    );
  });
});

describe('homeLocales', () => {
  it('gives English a home always, and Chinese one only once a Chinese chapter is published', () => {
    expect(homeLocales([])).toEqual(['en']);
    expect(homeLocales([entry('en/a', 1), entry('zh/a', 1, true)])).toEqual(['en']);
    expect(homeLocales([entry('en/a', 1), entry('zh/a', 1)])).toEqual(['en', 'zh']);
  });
});

describe('neighbours', () => {
  it('find the previous and next chapter', () => {
    const list = orderedChapters([entry('en/a', 1), entry('en/b', 2), entry('en/c', 3)], 'en');
    expect(neighbours(list, 'en/b')).toMatchObject({
      previous: { id: 'en/a' },
      next: { id: 'en/c' },
    });
    expect(neighbours(list, 'en/a').previous).toBeUndefined();
    expect(neighbours(list, 'en/missing')).toEqual({ previous: undefined, next: undefined });
  });
});
