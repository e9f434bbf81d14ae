import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProcessor } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import { afterAll, describe, expect, it } from 'vitest';
import remarkLinkCheck, { anchorsOf } from './remark-link-check';

// A site on disk: chapters in content/<locale>/, static pages in pages/.
const root = mkdtempSync(join(tmpdir(), 'cen-links-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const pages = join(root, 'pages');
mkdirSync(join(pages, 'widgets'), { recursive: true });
writeFileSync(join(pages, 'widgets', 'index.astro'), '');
writeFileSync(join(pages, 'widgets', '_Entry.astro'), '');
writeFileSync(join(pages, 'feed.xml.ts'), '');
writeFileSync(join(pages, '[slug].astro'), '');
const publicFolder = join(root, 'public');
mkdirSync(join(publicFolder, 'images'), { recursive: true });
writeFileSync(join(publicFolder, 'images', 'plot.svg'), '');

/** Write a chapter file and return its path. */
function chapter(slug: string, body: string, { locale = 'en', draft = false } = {}): string {
  const folder = join(root, 'content', locale);
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `${slug}.mdx`);
  const frontmatter = `---\ntitle: ${slug}\norder: 1\n${draft ? 'draft: true # not ready\n' : ''}---\n`;
  // The build sees the frontmatter as blank lines, so positions count from the file's top.
  writeFileSync(path, frontmatter + body);
  return path;
}

/** Run the checker over a chapter's body as the build does (MDX with math). */
async function check(path: string, body: string): Promise<void> {
  const blank = '\n'.repeat(4);
  await createProcessor({
    remarkPlugins: [remarkMath, [remarkLinkCheck, { pages, public: publicFolder }]],
  }).process(new VFile({ path, value: blank + body }));
}

const targetBody = [
  '## The setting',
  '',
  '$$',
  'a = b \\label{eq:log-sum-exp}',
  '$$',
  '',
  '## The setting',
  '',
  '<div id="custom-spot" />',
  '',
  'A note.[^kraft]',
  '',
  '[^kraft]: Kraft.',
].join('\n');
chapter('target', targetBody);
chapter('softmax-and-logits', 'Text.');
chapter('unfinished', '## Soon', { draft: true });
chapter('zielseite', '## Ziel', { locale: 'zh' });

describe('anchorsOf', () => {
  it('predicts the ids the page will have: headings as Astro slugs them, equations, footnotes, ids', () => {
    const tree = createProcessor({ remarkPlugins: [remarkMath] }).parse(targetBody);
    expect([...anchorsOf(tree, targetBody)].sort()).toEqual(
      [
        'content',
        'custom-spot',
        'eq-log-sum-exp',
        'footnote-label',
        'the-setting',
        'the-setting-1',
        'user-content-fn-kraft',
        'user-content-fnref-kraft',
      ].sort(),
    );
  });

  it('slugs a heading with math from the text KaTeX renders, as the built page does', () => {
    const tree = createProcessor({ remarkPlugins: [remarkMath] }).parse('## Why $p$ matters');
    // KaTeX writes p three times (MathML, its TeX annotation, the HTML copy); a build of this
    // heading gives <h2 id="why-ppp-matters">.
    expect([...anchorsOf(tree)].filter((id) => id.startsWith('why'))).toEqual(['why-ppp-matters']);
  });
});

describe('remarkLinkCheck', () => {
  const citing = chapter('citing', '## Here');

  it('accepts links to pages, chapters, anchors, other locales, cells and other sites', async () => {
    const body = [
      '## Here',
      '',
      '[a](/target/) [b](/target/#the-setting-1) [c](#here) [d](/widgets/) [e](/)',
      '[f](/zh/zielseite/) [g](../softmax-and-logits/) [h](https://example.org/x.mdx)',
      '[i](#cell/softmax-explorer?t=2) [j](/target/#eq-log-sum-exp) <a href="/target/#custom-spot">k</a>',
      '[l](mailto:a@b.c) <ChapterRef slug="softmax-and-logits" /> [m](/feed.xml) [n](/images/plot.svg)',
    ].join('\n');
    await expect(check(citing, body)).resolves.toBeUndefined();
  });

  it.each([
    [
      'See [it](/softmax-and-logit/).',
      '5:5: Link to "/softmax-and-logit/" points at no page. Fix: link to a page of the site: did you mean "/softmax-and-logits/"?',
    ],
    [
      'See [it](/target).',
      '5:5: Link to "/target" points at no page. Fix: end it with a slash: "/target/" (every page’s URL does)',
    ],
    [
      'See [it](./target.mdx#the-setting).',
      '5:5: Link to "./target.mdx#the-setting" points at a source file, not a page. Fix: link to the page: /target/#the-setting',
    ],
    [
      'See [it](/unfinished/).',
      '5:5: Link to "/unfinished/" points at no page. Fix: link to a page of the site:',
    ],
    [
      '## Here\n\nSee [it](#hre).',
      '7:5: Link to "#hre" points at no anchor "#hre" on this page. Fix: link to a heading, equation or footnote it has: did you mean "#here"?',
    ],
    [
      'See\n<a href="/target/#eq-log-sum">it</a>.',
      '6:1: Link to "/target/#eq-log-sum" points at no anchor "#eq-log-sum" on the page /target/. Fix: link to a heading, equation or footnote it has: did you mean "/target/#eq-log-sum-exp"?',
    ],
    [
      '## Here\n\nSee [it](#zzzzzzzzzz).',
      '7:5: Link to "#zzzzzzzzzz" points at no anchor "#zzzzzzzzzz" on this page. Fix: link to a heading, equation or footnote it has: the anchors are: #content, #here',
    ],
    [
      '[ref]: /targett/\n\nSee [it][ref].',
      '5:1: Link to "/targett/" points at no page. Fix: link to a page of the site: did you mean "/target/"?',
    ],
    [
      'See [it](/widgets/_Entry/).',
      '5:5: Link to "/widgets/_Entry/" points at no page. Fix: link to a page of the site:',
    ],
    [
      'See [it](/target/#%E0%A4%A).',
      '5:5: Link to "/target/#%E0%A4%A" points at no anchor "#%E0%A4%A" on the page /target/.',
    ],
    [
      'In <ChapterRef slug="softmax-and-logit" />.',
      '5:4: <ChapterRef slug="softmax-and-logit" /> names no chapter. Fix: write the file name of a chapter of this language without ".mdx": did you mean "softmax-and-logits"?',
    ],
    [
      'In <ChapterRef slug="unfinished" />.',
      '5:4: <ChapterRef slug="unfinished" /> names a draft chapter. Fix: publish unfinished (draft: false) or refer to a published chapter',
    ],
    [
      'In <ChapterRef slug="zielseite" />.',
      '5:4: <ChapterRef slug="zielseite" /> names no chapter. Fix: write the file name of a chapter of this language without ".mdx":',
    ],
    [
      'In <ChapterRef />.',
      '5:4: <ChapterRef> has no slug. Fix: write <ChapterRef slug="<chapter-file-name>" />',
    ],
  ])('rejects %j at its line with a fix', async (body, message) => {
    await expect(check(citing, body)).rejects.toThrow(`${citing}:${message}`);
  });

  it('leaves the anchors of a chapter that does not parse to that chapter’s own build', async () => {
    chapter('broken', 'An unclosed <Figure> tag.');
    await expect(check(citing, '[a](/broken/#anything)')).resolves.toBeUndefined();
  });

  it('checks a chapter of another locale against that locale’s chapters and pages', async () => {
    const path = chapter('andere', 'Text.', { locale: 'zh' });
    await expect(check(path, '[a](../zielseite/#ziel) [b](/target/)')).resolves.toBeUndefined();
    await expect(check(path, '[a](/zh/target/)')).rejects.toThrow(
      'Link to "/zh/target/" points at no page',
    );
  });
});
