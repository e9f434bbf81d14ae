// What a <ChapterRef slug="…" /> in a chapter resolves to: a published chapter of the same
// locale, shown by its number and title. Kept apart from Astro so it can be unit-tested.
import type { ChapterLink } from './chapters';
import type { Locale } from './i18n';

/** Find the chapter a reference names, so a pointer to a missing chapter stops the build, naming its file. */
export function resolveChapterRef(
  chapters: readonly ChapterLink[],
  slug: string,
  where: string,
): ChapterLink {
  const chapter = chapters.find((c) => c.slug === slug);
  if (chapter === undefined) {
    const known = chapters.map((c) => c.slug).join(', ');
    throw new Error(
      `ChapterRef: no published chapter "${slug}" (in ${where}); the chapters are: ${known}`,
    );
  }
  return chapter;
}

/** The words a chapter reference shows, in the page's language: the chapter's number and title. */
export function chapterRefLabel(chapter: ChapterLink, locale: Locale): string {
  // A no-break space keeps "Chapter" and its number on one line.
  return locale === 'zh'
    ? `第\u00a0${chapter.order}\u00a0章《${chapter.title}》`
    : `Chapter\u00a0${chapter.order}, “${chapter.title}”`;
}
