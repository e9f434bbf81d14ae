// Static paths for the home and chapter pages, shared by the English and Chinese routes.
import { getCollection, type CollectionEntry } from 'astro:content';
import { homeLocales, orderedChapters, type ChapterLink } from './chapters';
import { DEFAULT_LOCALE, type Locale } from './i18n';

export interface ChapterPageProps {
  entry: CollectionEntry<'chapters'>;
  chapter: ChapterLink;
  chapters: ChapterLink[];
  locale: Locale;
}

/** Every published chapter of a locale, in reading order. */
export async function chaptersOf(locale: Locale): Promise<ChapterLink[]> {
  return orderedChapters(await getCollection('chapters'), locale);
}

export interface HomePageProps {
  chapters: ChapterLink[];
  locale: Locale;
}

/** getStaticPaths for the homes: / for English, /<locale>/ only for a locale with chapters. */
export async function homePaths(): Promise<
  { params: { locale: string | undefined }; props: HomePageProps }[]
> {
  const entries = await getCollection('chapters');
  return homeLocales(entries).map((locale) => ({
    params: { locale: locale === DEFAULT_LOCALE ? undefined : locale },
    props: { locale, chapters: orderedChapters(entries, locale) },
  }));
}

/** getStaticPaths for /<slug>/ (English) and /<locale>/<slug>/ (other locales). */
export async function chapterPaths(
  locale: Locale,
): Promise<{ params: { slug: string }; props: ChapterPageProps }[]> {
  const entries = await getCollection('chapters');
  const chapters = orderedChapters(entries, locale);
  return chapters.map((chapter) => {
    const entry = entries.find((e) => e.id === chapter.id);
    if (entry === undefined) throw new Error(`Chapter ${chapter.id} vanished from the collection`);
    return { params: { slug: chapter.slug }, props: { entry, chapter, chapters, locale } };
  });
}
