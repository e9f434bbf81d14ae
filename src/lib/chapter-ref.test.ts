import { describe, expect, it } from 'vitest';
import { chapterRefLabel, resolveChapterRef } from './chapter-ref';
import type { ChapterLink } from './chapters';

const chapter = (slug: string, order: number, title: string): ChapterLink => ({
  id: `en/${slug}`,
  slug,
  locale: 'en',
  title,
  description: `About ${slug}`,
  order,
});
const chapters = [
  chapter('cross-entropy-as-loss', 1, 'Cross-entropy as a loss'),
  chapter('entropy-and-kl', 2, 'Entropy, cross-entropy and KL divergence'),
];

describe('resolveChapterRef', () => {
  it('finds a published chapter by its slug', () => {
    expect(resolveChapterRef(chapters, 'entropy-and-kl', 'content/en/a.mdx').order).toBe(2);
  });

  it('rejects a slug with no chapter, naming the file that wrote it and the slugs there are', () => {
    expect(() => resolveChapterRef(chapters, 'squared-error', 'content/en/a.mdx')).toThrow(
      'ChapterRef: no published chapter "squared-error" (in content/en/a.mdx); the chapters are: cross-entropy-as-loss, entropy-and-kl',
    );
  });
});

describe('chapterRefLabel', () => {
  it('shows the chapter’s number and title, the number held to the word “Chapter”', () => {
    expect(chapterRefLabel(chapters[1]!, 'en')).toBe(
      'Chapter\u00a02, “Entropy, cross-entropy and KL divergence”',
    );
  });

  it('speaks Chinese on a Chinese page', () => {
    expect(chapterRefLabel(chapters[0]!, 'zh')).toBe(
      '第\u00a01\u00a0章《Cross-entropy as a loss》',
    );
  });
});
