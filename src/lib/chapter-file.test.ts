import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chapterFiles, chapterTree, parseChapter, readChapterFile } from './chapter-file';

const root = mkdtempSync(join(tmpdir(), 'cen-chapter-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('parseChapter', () => {
  it('reads the frontmatter as YAML: a comment after draft: true still makes a draft', () => {
    const chapter = parseChapter(
      'content/en/focal-loss.mdx',
      "---\ntitle: 'Focal loss: easy examples'\norder: 3 # after softmax\ndraft: true # wip\n---\n\nText.\n",
    );
    expect(chapter).toMatchObject({
      slug: 'focal-loss',
      title: 'Focal loss: easy examples',
      order: 3,
      draft: true,
      data: { title: 'Focal loss: easy examples', order: 3, draft: true },
    });
  });

  it('keeps the body’s line numbers: the frontmatter stands as blank lines', () => {
    const chapter = parseChapter('a.mdx', '---\ntitle: A\norder: 1\n---\n\n## Heading\n');
    expect(chapter.body.split('\n').indexOf('## Heading')).toBe(5);
    expect(chapterTree(chapter)?.children[0]?.position?.start.line).toBe(6);
  });

  it('is no draft and has no order or title where the YAML says otherwise or cannot be read', () => {
    const quoted = parseChapter('a.mdx', "---\ntitle: 2024\norder: '2'\ndraft: 'true'\n---\n");
    expect(quoted).toMatchObject({ title: '', order: undefined, draft: false });
    const broken = parseChapter('a.mdx', '---\ntitle: a: b\ndraft: true\n---\n\n## Heading\n');
    expect(broken).toMatchObject({ data: {}, draft: false });
    expect(broken.body.split('\n').indexOf('## Heading')).toBe(5);
    const list = parseChapter('a.mdx', '---\n- title\n---\nText.\n');
    expect(list.data).toEqual({});
    expect(parseChapter('a.mdx', 'No frontmatter.\n')).toMatchObject({ data: {}, draft: false });
  });

  it('has no tree for MDX that does not parse', () => {
    expect(chapterTree(parseChapter('a.mdx', 'An unclosed <Figure> tag.'))).toBeUndefined();
  });
});

describe('readChapterFile and chapterFiles', () => {
  it('lists a folder’s chapters by slug and rereads a file that changed', () => {
    const folder = join(root, 'en');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, 'b.mdx');
    writeFileSync(path, '---\ndraft: false\n---\n');
    writeFileSync(join(folder, 'a.md'), '---\ntitle: A\n---\n');
    writeFileSync(join(folder, 'notes.txt'), '');
    expect([...chapterFiles(folder)]).toEqual([
      ['a', join(folder, 'a.md')],
      ['b', path],
    ]);
    expect(chapterFiles(join(root, 'missing')).size).toBe(0);
    expect(readChapterFile(path).draft).toBe(false);
    writeFileSync(path, '---\ndraft: true # wip\n---\n');
    expect(readChapterFile(path).draft).toBe(true);
  });
});
