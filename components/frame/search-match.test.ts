import { describe, expect, it } from 'vitest';
import {
  believedMarks,
  byWeight,
  markWords,
  pageWords,
  queryWords,
  rankPages,
  weigh,
  wordsMatched,
  type Page,
  type Section,
} from './search-match';

describe('queryWords', () => {
  it('folds case and diacritics and splits at anything but letters and digits', () => {
    expect(queryWords('  Label   SMOOTHING ')).toEqual(['label', 'smoothing']);
    expect(queryWords('cross-entropy label_smoothing=0.1')).toEqual([
      'cross',
      'entropy',
      'label',
      'smoothing',
      '0',
      '1',
    ]);
    expect(queryWords('Naïve naive')).toEqual(['naive']);
    expect(queryWords('— ')).toEqual([]);
  });
});

describe('wordsMatched', () => {
  const words = queryWords('xyzzy focal label smoothing kl');

  it('does not believe Pagefind’s fallback to a short prefix of an unknown word', () => {
    // Pagefind searches “x” for “xyzzy” and “f” for “focal” when no page has the word.
    expect(wordsMatched('x', words)).toEqual([]);
    expect(wordsMatched('(x,', words)).toEqual([]);
    expect(wordsMatched('F', words)).toEqual([]);
    expect(wordsMatched('fo', words)).toEqual([]);
    expect(wordsMatched('k', words)).toEqual([]);
  });

  it('believes stems, inflections and a word being typed', () => {
    expect(wordsMatched('labels', words)).toEqual(['label']);
    expect(wordsMatched('labelled', words)).toEqual(['label']);
    expect(wordsMatched('smoothed.', words)).toEqual(['smoothing']);
    expect(wordsMatched('“Label', words)).toEqual(['label']);
    expect(wordsMatched('KL', words)).toEqual(['kl']);
    expect(wordsMatched('entropy', queryWords('entropies'))).toEqual(['entropies']);
    expect(wordsMatched('softmax', queryWords('softm'))).toEqual(['softm']);
  });

  it('reads each part of a joined page word, and the parts run together', () => {
    expect(wordsMatched('label_smoothing=0.1)', words)).toEqual(['label', 'smoothing']);
    expect(wordsMatched('cross-entropy', queryWords('crossentropy'))).toEqual(['crossentropy']);
  });

  it('needs 60% of a word’s start, rounded up, and all of a one- or two-letter word', () => {
    // “xyzzy” needs 3 letters, “xyz…” has them; “entropy” needs 5 of its 7.
    expect(wordsMatched('xyz', queryWords('xyzzy'))).toEqual(['xyzzy']);
    expect(wordsMatched('xy', queryWords('xyzzy'))).toEqual([]);
    expect(wordsMatched('entro', queryWords('entropy'))).toEqual(['entropy']);
    expect(wordsMatched('entr', queryWords('entropy'))).toEqual([]);
    expect(wordsMatched('k', queryWords('kl'))).toEqual([]);
  });

  it('leaves words of a language written without spaces to Pagefind', () => {
    expect(wordsMatched('交', queryWords('交叉熵'))).toEqual(['交叉熵']);
  });
});

describe('pageWords', () => {
  it('splits as Pagefind does, at whitespace, or at zero-width spaces when the text has them', () => {
    expect(pageWords('Label smoothing.\n  It mixes')).toEqual([
      'Label',
      'smoothing.',
      'It',
      'mixes',
    ]);
    expect(pageWords('交\u200b叉\u200b熵')).toEqual(['交', '叉', '熵']);
  });
});

describe('weigh and byWeight', () => {
  const page = pageWords('Label smoothing. Three ways to write one label x and labels');
  const words = queryWords('label smoothing');
  const hit = (location: number, balanced_score = 1) => ({ location, balanced_score });

  it('counts distinct query words and scores only the hits it believes', () => {
    expect(weigh([hit(0, 5), hit(1, 7)], page, words)).toEqual({ words: 2, score: 12 });
    expect(weigh([hit(0, 5), hit(7, 3), hit(10, 2)], page, words)).toEqual({ words: 1, score: 10 });
    // “x” is at location 8: not believed, not scored.
    expect(weigh([hit(8, 100)], page, queryWords('xyzzy'))).toEqual({ words: 0, score: 0 });
    expect(weigh([hit(99, 1)], page, words)).toEqual({ words: 0, score: 0 });
  });

  it('orders by query words held, then by score, and keeps the order of equals', () => {
    const items = [
      { name: 'one word, high score', weight: { words: 1, score: 90 } },
      { name: 'both words', weight: { words: 2, score: 10 } },
      { name: 'one word, low score', weight: { words: 1, score: 5 } },
      { name: 'one word, high score again', weight: { words: 1, score: 90 } },
    ];
    expect(byWeight(items).map((item) => item.name)).toEqual([
      'both words',
      'one word, high score',
      'one word, high score again',
      'one word, low score',
    ]);
  });
});

describe('believedMarks', () => {
  it('unmarks the words that stand for no query word and joins the text around them', () => {
    const runs = [
      { text: 'the input ', marked: false },
      { text: 'x,', marked: true },
      { text: ' and the ', marked: false },
      { text: 'loss', marked: true },
    ];
    expect(believedMarks(runs, queryWords('xyzzy loss'))).toEqual([
      { text: 'the input x, and the ', marked: false },
      { text: 'loss', marked: true },
    ]);
    expect(believedMarks(runs, queryWords('focal'))).toEqual([
      { text: 'the input x, and the loss', marked: false },
    ]);
  });
});

describe('rankPages', () => {
  /** A page whose text is `text`, with sections starting at the given word locations. */
  function page(
    title: string,
    text: string,
    sections: { title: string; at: number; hits: number[]; anchored?: boolean }[],
  ): Page {
    return {
      url: `/${title}/`,
      excerpt: text,
      content: text,
      meta: { title },
      sub_results: sections.map((s): Section => ({
        title: s.title,
        url: `/${title}/#${s.at}`,
        excerpt: text,
        weighted_locations: s.hits.map((location) => ({ location, balanced_score: 10 })),
        ...(s.anchored === false ? {} : { anchor: { element: 'h2', id: String(s.at) } }),
      })),
    };
  }
  //           0     1    2     3   4     5     6      7      8          9
  const text = 'Three ways to write one label. Label smoothing. It smooths';

  it('lists first the heading that holds every query word, whatever Pagefind scored', () => {
    const formats = page('formats', text, [
      { title: 'Three ways to write one label', at: 0, hits: [5, 5, 5, 5] },
      { title: 'Label smoothing', at: 6, hits: [6, 7] },
    ]);
    const [listing] = rankPages([{ score: 1, page: formats }], 'label smoothing', 3);
    expect(listing?.headings.map((h) => h.title)).toEqual([
      'Label smoothing',
      'Three ways to write one label',
    ]);
    expect(listing?.weight).toEqual({ words: 2, score: 1 });
  });

  it('orders pages by the most query words one section holds, then by Pagefind’s score', () => {
    const split = page('split', text, [
      { title: 'Three ways to write one label', at: 0, hits: [5] },
      { title: 'It smooths', at: 8, hits: [9] },
    ]);
    const together = page('together', text, [{ title: 'Label smoothing', at: 6, hits: [6, 7] }]);
    const alsoSplit = page('also-split', text, [{ title: 'Label', at: 6, hits: [6] }]);
    const ranked = rankPages(
      [
        { score: 3, page: split },
        { score: 1, page: alsoSplit },
        { score: 2, page: together },
      ],
      'label smoothing',
      3,
    );
    expect(ranked.map((listing) => listing.page.meta.title)).toEqual([
      'together',
      'split',
      'also-split',
    ]);
  });

  it('drops pages and sections whose only matches are Pagefind’s short-prefix fallbacks', () => {
    const xText = 'an input x and the logits x';
    const junk = page('junk', xText, [{ title: 'Inputs', at: 0, hits: [2, 6] }]);
    expect(rankPages([{ score: 5, page: junk }], 'xyzzy', 3)).toEqual([]);
    const mixed = page('mixed', `${xText} and the loss`, [
      { title: 'Inputs', at: 0, hits: [2] },
      { title: 'Loss', at: 3, hits: [9] },
    ]);
    const [listing] = rankPages([{ score: 5, page: mixed }], 'xyzzy loss', 3);
    expect(listing?.headings.map((h) => h.title)).toEqual(['Loss']);
  });

  it('keeps the text before the first heading apart, and at most the headings asked for', () => {
    const intro = page('intro', text, [
      { title: 'intro', at: 0, hits: [5], anchored: false },
      { title: 'A', at: 6, hits: [6] },
      { title: 'B', at: 7, hits: [7] },
      { title: 'C', at: 8, hits: [9] },
    ]);
    const [listing] = rankPages([{ score: 1, page: intro }], 'label smoothing', 2);
    expect(listing?.intro?.title).toBe('intro');
    expect(listing?.headings.map((h) => h.title)).toEqual(['A', 'B']);
  });

  it('reads locations in the escaped text Pagefind indexes them in, when it has one', () => {
    const escaped: Page = {
      ...page('escaped', 'a < b label', [{ title: 'A', at: 0, hits: [3] }]),
      raw_content: 'a &lt; b label',
    };
    expect(rankPages([{ score: 1, page: escaped }], 'label', 3)).toHaveLength(1);
  });
});

describe('markWords', () => {
  it('marks the words of a title that stand for a query word, spaces kept', () => {
    expect(markWords('Soft targets and  label smoothing', queryWords('label smooth'))).toEqual([
      { text: 'Soft targets and  ', marked: false },
      { text: 'label', marked: true },
      { text: ' ', marked: false },
      { text: 'smoothing', marked: true },
    ]);
    expect(markWords('The x of it', queryWords('xyzzy'))).toEqual([
      { text: 'The x of it', marked: false },
    ]);
    expect(markWords('', queryWords('x'))).toEqual([]);
  });
});
