import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCoreNumbers, quotedCoreNumbers } from './chapter-props';

describe('parseCoreNumbers', () => {
  it('reads string props, JSON props of any depth and digits, in page order', () => {
    const source =
      'a <CoreNumber quantity="loss" logits={[2, 1]} target={0} /> b\n' +
      '<CoreNumber quantity="batch-loss" logits={[[1, 2], [3, 4]]} targets={[0, 1]} digits={4}/>';
    expect(parseCoreNumbers(source, 'x.mdx')).toEqual([
      { spec: { quantity: 'loss', logits: [2, 1], target: 0 }, digits: 2 },
      {
        spec: {
          quantity: 'batch-loss',
          logits: [
            [1, 2],
            [3, 4],
          ],
          targets: [0, 1],
        },
        digits: 4,
      },
    ]);
  });

  it('keeps a } or > inside a string of JSON', () => {
    const [quoted] = parseCoreNumbers('<CoreNumber quantity="x" note={"a}>b"} />', 'x.mdx');
    expect(quoted?.spec).toEqual({ quantity: 'x', note: 'a}>b' });
  });

  it('fails on a tag it cannot read instead of skipping it, naming the line', () => {
    expect(() => parseCoreNumbers('ok\n<CoreNumber quantity={[1, 2} />', 'c.mdx')).toThrow(
      /^c\.mdx:2: cannot read <CoreNumber/,
    );
    expect(() => parseCoreNumbers('<CoreNumber quantity=loss />', 'c.mdx')).toThrow(/c\.mdx:1/);
  });

  it('reads every chapter’s tags', () => {
    const slugs = readdirSync(new URL('../../content/en', import.meta.url))
      .filter((n) => n.endsWith('.mdx'))
      .map((n) => n.replace(/\.mdx$/, ''));
    const total = slugs.reduce((n, slug) => n + quotedCoreNumbers(slug).length, 0);
    expect(total).toBeGreaterThan(100);
  });
});
