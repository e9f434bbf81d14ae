import { describe, expect, it } from 'vitest';
import { excerptRuns, withoutHeading } from './search-excerpt';

/** The runs written compactly: marked text in [brackets]. */
const shown = (excerpt: string): string =>
  excerptRuns(excerpt)
    .map((run) => (run.marked ? `[${run.text}]` : run.text))
    .join('');

describe('excerptRuns', () => {
  it('keeps Pagefind’s marks as marked runs and the rest as plain ones', () => {
    expect(excerptRuns('the <mark>softmax</mark> of the logits')).toEqual([
      { text: 'the ', marked: false },
      { text: 'softmax', marked: true },
      { text: ' of the logits', marked: false },
    ]);
    expect(shown('<mark>cross</mark>-<mark>entropy</mark>')).toBe('[cross]-[entropy]');
    expect(excerptRuns('')).toEqual([]);
  });

  it('shows a page’s escaped HTML as the text it is, never as markup', () => {
    expect(shown('write &lt;img src=x onerror=alert(1)&gt; in a <mark>cell</mark>')).toBe(
      'write <img src=x onerror=alert(1)> in a [cell]',
    );
    expect(shown('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;amp; &#39;a&#x27;')).toBe(
      '<script>alert("x")</script> &amp; \'a\'',
    );
  });

  it('drops tags other than <mark>, keeping no attribute and no element', () => {
    expect(excerptRuns('a <img src=x onerror="alert(1)"> b')).toEqual([
      { text: 'a  b', marked: false },
    ]);
    // A quoted `>` does not end the tag early and leak the rest as text.
    expect(shown('a <img alt=">" onerror=\'go()\'>b')).toBe('a b');
    expect(shown('<svg onload=alert(1)><a href="javascript:x()">link</a></svg>')).toBe('link');
    // A script's text, should one ever arrive, is only text.
    expect(excerptRuns('<script>alert(1)</script>')).toEqual([{ text: 'alert(1)', marked: false }]);
    expect(shown('a<!-- <mark>hidden</mark> -->b<!-- unclosed <mark>c')).toBe('ab');
  });

  it('reads a mark around other tags as one marked run, tags dropped', () => {
    expect(excerptRuns('x <mark><b>log</b>-sum-<i>exp</i></mark> y')).toEqual([
      { text: 'x ', marked: false },
      { text: 'log-sum-exp', marked: true },
      { text: ' y', marked: false },
    ]);
    expect(shown('<b><mark>bold</mark> tail</b>')).toBe('[bold] tail');
    expect(shown('<MARK>upper</Mark> and <mark class="x">with attributes</mark>')).toBe(
      '[upper] and [with attributes]',
    );
  });

  it('leaves a lone < or & and an unknown reference as written', () => {
    expect(shown('p < q & r &unknown; 3<4 &#0; &#x110000;')).toBe(
      'p < q & r &unknown; 3<4 \ufffd \ufffd',
    );
    expect(shown('&#8721; &#x1F600; &nbsp;')).toBe('∑ 😀 \u00a0');
  });
});

describe('withoutHeading', () => {
  /** The excerpt without the heading, written compactly as `shown` writes it. */
  const stripped = (excerpt: string, heading: string): string =>
    withoutHeading(excerptRuns(excerpt), heading)
      .map((run) => (run.marked ? `[${run.text}]` : run.text))
      .join('');

  it('drops the whole heading an excerpt starts with, marks and the period Pagefind adds', () => {
    expect(
      stripped(
        '<mark>Label</mark> <mark>smoothing.</mark> <mark>label_smoothing</mark> =ε replaces',
        'Label smoothing',
      ),
    ).toBe('[label_smoothing] =ε replaces');
    expect(stripped('The batch playground. The cell below holds', 'The batch playground')).toBe(
      'The cell below holds',
    );
  });

  it('drops the heading’s last words when the excerpt starts inside it, ellipsis and all', () => {
    const heading = 'Three ways to write one label';
    expect(stripped('to write one <mark>label.</mark> Take a batch', heading)).toBe('Take a batch');
    expect(stripped('… one <mark>label.</mark> Take a batch', heading)).toBe('Take a batch');
    expect(stripped('label: one of C classes', 'Three ways to write one Label')).toBe(
      'one of C classes',
    );
  });

  it('keeps an excerpt that does not start with the heading, or would be left empty', () => {
    const heading = 'Three ways to write one label';
    expect(stripped('Take a batch of one label', heading)).toBe('Take a batch of one label');
    expect(stripped('ways to write two labels', heading)).toBe('ways to write two labels');
    expect(stripped('one <mark>label</mark>.', heading)).toBe('one [label].');
    expect(stripped('', heading)).toBe('');
    expect(stripped('a b', '')).toBe('a b');
  });
});
