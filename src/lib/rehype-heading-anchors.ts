// Gives every section heading a visible "link to here" anchor, through rehype-autolink-headings.
// The anchor carries no text (its mark is drawn by CSS), so the heading text Astro collects for
// the contents stays clean; its accessible name is an aria-label in the chapter's language,
// which the library cannot know (its options are fixed per processor, the language is per file).
import type { Root } from 'hast';
import rehypeAutolinkHeadings from 'rehype-autolink-headings';
import type { VFile } from 'vfile';
import { localeOfFile } from './content-locale';
import { t, type Locale } from './i18n';

/** The library's transform for one language, labelled in that language. */
function anchorsIn(locale: Locale): (tree: Root) => void {
  return rehypeAutolinkHeadings({
    behavior: 'append',
    test: ['h2', 'h3', 'h4'],
    headingProperties: { className: ['heading'] },
    properties: { className: ['heading-anchor'], ariaLabel: t(locale, 'linkToSection') },
    content: [],
  });
}

/** Append an anchor link to each h2–h4 that has an id (run after rehypeHeadingIds). */
export default function rehypeHeadingAnchors() {
  const byLocale = new Map<Locale, (tree: Root) => void>();
  return function transform(tree: Root, file?: VFile): void {
    const locale = localeOfFile(file?.path);
    const anchors = byLocale.get(locale) ?? anchorsIn(locale);
    byLocale.set(locale, anchors);
    anchors(tree);
  };
}
