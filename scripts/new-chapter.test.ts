// The scaffolder run as an author runs it (a child process), against a temporary content folder.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProcessor } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { VFile } from 'vfile';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { parseChapter } from '../src/lib/chapter-file';
import { chapterSchema } from '../src/lib/chapter-schema';
import { frontmatterProblems, PLACEHOLDER_DESCRIPTION } from '../src/lib/frontmatter-errors';
import rehypeKatexStrict from '../src/lib/rehype-katex-strict';
import remarkCellProps from '../src/lib/remark-cell-props';
import remarkComponentChecks from '../src/lib/remark-component-checks';
import remarkEquationLabels from '../src/lib/remark-equation-labels';
import remarkLinkCheck from '../src/lib/remark-link-check';
import { parseCoreNumbers } from '../tests/claims/chapter-props';
import { yamlString } from './new-chapter';

const SCRIPT = join(import.meta.dirname, 'new-chapter.ts');
const NODE = join(import.meta.dirname, '..', 'node_modules', '.bin', 'node');
const root = mkdtempSync(join(tmpdir(), 'cen-new-chapter-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let content = '';
let run = 0;

/** A fresh content folder holding the given chapters: [slug, title, order, extra source]. */
function site(chapters: [string, string, number, string?][]): void {
  run += 1;
  content = join(root, `content-${run}`);
  mkdirSync(join(content, 'en'), { recursive: true });
  for (const [slug, title, order, body = 'Text.\n'] of chapters) {
    writeFileSync(
      join(content, 'en', `${slug}.mdx`),
      `---\ntitle: '${title}'\ndescription: A chapter of the test site, long enough to pass.\norder: ${order}\n---\n\n${body}`,
    );
  }
}

/** Run `new-chapter.ts <args> --content <folder>` and return what it printed. */
function newChapter(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(NODE, [SCRIPT, ...args, '--content', content], {
    encoding: 'utf8',
    cwd: root,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const read = (slug: string): string => readFileSync(join(content, 'en', `${slug}.mdx`), 'utf8');

/** The frontmatter of a chapter file, parsed as the build parses it (Astro's YAML parser). */
const frontmatterOf = (source: string): Record<string, unknown> => ({
  ...parseChapter('chapter.mdx', source).data,
});

describe('npm run new:chapter', () => {
  beforeEach(() =>
    site([
      ['first', 'First steps', 1, '$$\na = b \\label{eq:first}\n$$\n'],
      ['second', 'Second steps', 2],
      ['extra', 'Appendix: more', 3],
    ]),
  );

  it('places a chapter after the last main chapter and moves the appendix up, saying so', () => {
    const { status, stdout } = newChapter('focal-loss', 'Focal loss: when easy examples dominate');
    expect(status).toBe(0);
    const created = read('focal-loss');
    expect(chapterSchema.parse(frontmatterOf(created))).toEqual({
      title: 'Focal loss: when easy examples dominate',
      description:
        'One sentence saying what this chapter teaches; it is the page’s search snippet.',
      order: 3,
      draft: true,
    });
    expect(created).toContain(
      '\ndraft: true # to publish: write the description, then delete this line\n---\n',
    );
    // Published with the placeholder, the chapter would fail the build (frontmatter-errors.ts).
    expect(frontmatterOf(created)['description']).toMatch(
      new RegExp(`^${PLACEHOLDER_DESCRIPTION}`),
    );
    expect(stdout).toContain(
      'It is a draft (draft: true): no page is built for it yet, and nothing can link to it.',
    );
    expect(stdout).toContain(
      'Next: write the description and the body; to publish it, delete the draft: true line (a published chapter with the placeholder description fails the build), then run `npm run dev` and open /focal-loss/.',
    );
    expect(read('extra')).toContain('\norder: 4\n');
    expect(read('extra')).toContain("title: 'Appendix: more'");
    expect(stdout).toContain('focal-loss.mdx with order 3, after "Second steps".');
    expect(stdout).toContain(
      '("Appendix: more") from order 3 to 4, so the appendices stay after the main chapters; its equations are now numbered 4.x.',
    );
  });

  it('writes a starter body: a numbered equation and references, a number, a cell, a note, exercises', () => {
    newChapter('focal-loss', 'Focal loss');
    const created = read('focal-loss');
    expect(created).toContain('\\label{eq:softmax}');
    expect(created).toContain('$\\eqref{eq:softmax}$');
    // The previous main chapter has no label, so no cross-chapter reference is offered.
    expect(created).not.toMatch(/\\eqref\{[a-z-]+:eq:/);
    expect(created).toContain('<ChapterRef slug="second" />');
    // A number is shown, not placed: a CoreNumber without its claim would fail the claims tests.
    expect(parseCoreNumbers(created, 'focal-loss.mdx')).toEqual([]);
    expect(created).toContain(
      'CoreNumber quantity="softmax" logits={[2, 1, 0.1]} index={0} digits={3}',
    );
    expect(created).toContain(
      "slug: 'focal-loss',\n      spec: { quantity: 'softmax', logits: [2, 1, 0.1], index: 0 },",
    );
    expect(created).toMatch(/^<SoftmaxExplorer client:visible [^>]*\/>$/m);
    expect(created).toMatch(/^## Check yourself$[\s\S]*<summary>Answer<\/summary>/m);
    expect(created).toMatch(/\[\^core\][\s\S]*^\[\^core\]: /m);
    expect(created).toContain("import ChapterRef from '~/components/ui/ChapterRef.astro';");
  });

  it('writes a body the build’s checks accept: links, numbers, cell props, labels, KaTeX', async () => {
    site([
      ['first', 'First steps', 1, '$$\na = b \\label{eq:first}\n$$\n'],
      ['extra', 'Appendix: more', 2],
    ]);
    expect(newChapter('focal-loss', 'Focal loss').status).toBe(0);
    const path = join(content, 'en', 'focal-loss.mdx');
    const body = read('focal-loss').replace(/^---[\s\S]*?---/, (b) => b.replace(/[^\n]/g, ''));
    const barrel = new URL('../components/widgets/index.ts', import.meta.url);
    const processor = createProcessor({
      remarkPlugins: [
        remarkMath,
        remarkLinkCheck,
        remarkComponentChecks,
        remarkEquationLabels,
        [remarkCellProps, { barrel }],
      ],
      rehypePlugins: [rehypeKatexStrict],
    });
    await expect(processor.process(new VFile({ path, value: body }))).resolves.toBeDefined();
  });

  it('scaffolds a draft whose frontmatter fails the build once published as it is', () => {
    expect(newChapter('focal-loss', 'Focal loss').status).toBe(0);
    const created = read('focal-loss');
    const path = 'content/en/focal-loss.mdx';
    expect(frontmatterProblems(frontmatterOf(created), created, path)).toEqual([]);
    const published = created.replace(/^draft: true.*\n/m, '');
    expect(
      frontmatterProblems(frontmatterOf(published), published, path).map((p) => p.message),
    ).toEqual([
      expect.stringMatching(
        /^content\/en\/focal-loss\.mdx:3:14: the description is still the placeholder/,
      ),
    ]);
  });

  it('cites an equation of the previous chapter when it has one, and needs no move when there is room', () => {
    site([
      ['first', 'First steps', 1, '$$\na = b \\label{eq:first}\n$$\n'],
      ['extra', 'Appendix: more', 5],
    ]);
    const { status, stdout } = newChapter('second', 'Second');
    expect(status).toBe(0);
    expect(frontmatterOf(read('second'))).toMatchObject({ order: 2 });
    expect(read('second')).toContain('$\\eqref{first:eq:first}$');
    expect(read('extra')).toContain('\norder: 5\n');
    expect(stdout).not.toContain('Moved');
  });

  it('puts a new appendix after everything, and a first chapter at order 1', () => {
    expect(newChapter('more-appendix', 'Appendix: yet more').status).toBe(0);
    expect(frontmatterOf(read('more-appendix'))).toMatchObject({ order: 4 });
    expect(read('extra')).toContain('\norder: 3\n');
    site([]);
    expect(newChapter('only', 'Only').status).toBe(0);
    expect(frontmatterOf(read('only'))).toMatchObject({ order: 1 });
    expect(read('only')).not.toContain('<ChapterRef');
  });

  it.each([
    [[], 'give the new chapter’s slug and title'],
    [
      ['Focal_Loss', 'Focal loss'],
      'the slug "Focal_Loss" must be kebab-case (lower-case letters and digits joined by single hyphens), e.g. "focal-loss"',
    ],
    [['focal--loss', 'Focal loss'], 'the slug "focal--loss" must be kebab-case'],
    [['focal-loss'], 'give the chapter a title, e.g. "Focal loss" (quoted)'],
    [['focal-loss', '   '], 'give the chapter a title'],
    [
      ['focal-loss', 'Focal', 'loss'],
      'unexpected extra argument(s) "loss"; quote a title of several words',
    ],
    [['focal-loss', 'Focal loss', '--locale', 'zh'], 'unknown option "--locale"'],
    [['second', 'Again'], '/en/second.mdx already exists ("Second steps"); choose another slug'],
  ])('refuses %j with a clear message and the usage, changing nothing', (args, message) => {
    const before = read('extra');
    const { status, stdout, stderr } = newChapter(...args);
    expect(status).toBe(1);
    expect(stdout).toBe('');
    const [first = ''] = stderr.split('\n');
    expect(first).toMatch(/^new:chapter: /);
    expect(first).toContain(message);
    expect(stderr).toContain('Usage: npm run new:chapter -- <slug> "<title>" [--content <dir>]');
    expect(stderr).not.toContain('    at ');
    expect(read('extra')).toBe(before);
  });

  it.each(['2024', 'null', "Appendix: it's done"])(
    'writes the title %j so YAML reads it back as that string',
    (title) => {
      expect(newChapter('titled', title).status).toBe(0);
      const data = frontmatterOf(read('titled'));
      expect(data['title']).toBe(title);
      expect(chapterSchema.safeParse(data).success).toBe(true);
    },
  );

  it('leaves a plain title bare and quotes only what YAML would misread', () => {
    const titles = ['true', 'No', '~', '1e3', '0x1F', '.inf', '- dash', '#1', '[x]', '{a}', '"q"'];
    for (const title of [...titles, 'Focal loss', 'a: b', 'a #b', ' padded ', '@at', '%x']) {
      expect(frontmatterOf(`---\ntitle: ${yamlString(title)}\n---\n`)['title']).toBe(title);
    }
    expect(yamlString('Focal loss')).toBe('Focal loss');
    expect(yamlString('2024')).toBe("'2024'");
    expect(yamlString('~')).toBe("'~'");
    expect(yamlString("Focal loss: it's easy")).toBe("'Focal loss: it''s easy'");
  });

  it('cites the last published chapter, never a draft (the build refuses a reference to one)', () => {
    site([
      ['first', 'First steps', 1, '$$\na = b \\label{eq:first}\n$$\n'],
      ['wip', 'Work in progress', 2],
    ]);
    writeFileSync(
      join(content, 'en', 'wip.mdx'),
      read('wip').replace('order: 2\n', 'order: 2\ndraft: true # not ready\n'),
    );
    expect(newChapter('third', 'Third').status).toBe(0);
    expect(frontmatterOf(read('third'))).toMatchObject({ order: 3 });
    expect(read('third')).toContain('<ChapterRef slug="first" />');
    expect(read('third')).toContain('$\\eqref{first:eq:first}$');
    expect(read('third')).not.toContain('wip');
  });

  it('refuses a title of several lines', () => {
    const { status, stderr } = newChapter('focal-loss', 'Focal\nloss');
    expect(status).toBe(1);
    expect(stderr).toContain('the title must be one line');
  });

  it('refuses a content folder that does not exist', () => {
    const result = spawnSync(NODE, [SCRIPT, 'a-b', 'A', '--content', join(root, 'nowhere')], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`there is no content folder "${join(root, 'nowhere')}"`);
  });
});
