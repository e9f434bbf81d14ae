// Chapter ordering, and which locales have a home page, kept apart from Astro so they can be
// unit-tested. URLs come from Astro's i18n routing (getRelativeLocaleUrl in astro:i18n).
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from './i18n';

/** What the reading frame needs of a chapter entry. */
export interface ChapterEntry {
  readonly id: string;
  readonly data: {
    readonly title: string;
    readonly description: string;
    readonly order: number;
    readonly draft: boolean;
  };
}

/** A chapter placed in its locale's sequence. */
export interface ChapterLink {
  readonly id: string;
  readonly slug: string;
  readonly locale: Locale;
  readonly title: string;
  readonly description: string;
  readonly order: number;
}

/** Split an entry id "<locale>/<slug>" so routes and links agree on one spelling. */
export function parseChapterId(id: string): { locale: Locale; slug: string } {
  const match = /^([a-z]{2})\/([a-z0-9]+(?:-[a-z0-9]+)*)$/.exec(id);
  if (match === null) {
    throw new Error(
      `Chapter "${id}" must live at content/<locale>/<kebab-case-slug>.mdx (e.g. content/en/softmax-and-logits.mdx)`,
    );
  }
  const [, locale = '', slug = ''] = match;
  if (!isLocale(locale)) {
    throw new Error(`Chapter "${id}" is in an unknown locale folder "${locale}"`);
  }
  return { locale, slug };
}

/** The published chapters of one locale in reading order; rejects two chapters with one order. */
export function orderedChapters(entries: readonly ChapterEntry[], locale: Locale): ChapterLink[] {
  const list = entries
    .filter((e) => !e.data.draft)
    .map((e) => ({ ...parseChapterId(e.id), id: e.id, ...e.data }))
    .filter((c) => c.locale === locale)
    .sort((a, b) => a.order - b.order);
  list.forEach((c, i) => {
    const previous = list[i - 1];
    if (previous !== undefined && previous.order === c.order) {
      throw new Error(`Chapters "${previous.id}" and "${c.id}" both have order ${c.order}`);
    }
  });
  return list.map(({ id, slug, locale: l, title, description, order }) => ({
    id,
    slug,
    locale: l,
    title,
    description,
    order,
  }));
}

/**
 * The locales that get a home page: the default one always, another only once it has a
 * published chapter, so no page links to a home that is missing or empty.
 */
export function homeLocales(entries: readonly ChapterEntry[]): Locale[] {
  return LOCALES.filter(
    (locale) => locale === DEFAULT_LOCALE || orderedChapters(entries, locale).length > 0,
  );
}

/** The chapters on either side of one, for the previous/next links at the foot of a page. */
export function neighbours(
  list: readonly ChapterLink[],
  id: string,
): { previous: ChapterLink | undefined; next: ChapterLink | undefined } {
  const index = list.findIndex((c) => c.id === id);
  if (index < 0) return { previous: undefined, next: undefined };
  return { previous: list[index - 1], next: list[index + 1] };
}
