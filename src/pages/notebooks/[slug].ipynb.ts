// Every published English chapter as a Jupyter notebook, /notebooks/<slug>.ipynb under the
// site's base: built at build time by src/lib/notebook/ from the chapter's MDX, the cells'
// state classes and the PyTorch runs scripts/notebooks.py recorded.
import { dirname, resolve } from 'node:path';
import type { APIRoute } from 'astro';
import { getCollection } from 'astro:content';
import { chapterFiles, readChapterFile } from '~/src/lib/chapter-file';
import { orderedChapters, type ChapterLink } from '~/src/lib/chapters';
import { chapterNotebook, type NotebookCell } from '~/src/lib/notebook/chapter-notebook';
import { notebookLink } from '~/src/lib/notebook/links';
import { recordedProse } from '~/src/lib/notebook/recorded';
import { readChapterEquations } from '~/src/lib/remark-equation-labels';
import { barrelFolders } from '~/src/lib/remark-widget-imports';
import { extractRegion } from '~/src/lib/source-regions';
import barrel from '~/components/widgets/index.ts?raw';
import recorded from '~/scripts/notebook-outputs.json';

export async function getStaticPaths() {
  const entries = await getCollection('chapters');
  const chapters = orderedChapters(entries, 'en');
  return chapters.map((chapter) => ({
    params: { slug: chapter.slug },
    props: { chapter, chapters },
  }));
}

interface Props {
  readonly chapter: ChapterLink;
  readonly chapters: readonly ChapterLink[];
}

// The cells' state classes, compiled with their runes by the build's Svelte plugin.
const stateModules = import.meta.glob<Record<string, unknown>>(
  '/components/widgets/*/*.svelte.ts',
  {
    eager: true,
  },
);
// The components' sources, for the title each gives its <Cell> ("KL/BCE lab: {…}" → "KL/BCE lab").
const components = import.meta.glob<string>('/components/widgets/*/*.svelte', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const cells = new Map<string, NotebookCell>();
for (const [name, folder] of barrelFolders(barrel)) {
  const State = stateModules[`/components/widgets/${folder}/${folder}.svelte.ts`]?.[`${name}State`];
  const source = components[`/components/widgets/${folder}/${name}.svelte`] ?? '';
  const title = /<Cell\b[^>]*?\btitle="([^"{]+)/.exec(source)?.[1]?.replace(/[\s:]+$/, '');
  if (typeof State === 'function')
    cells.set(name, {
      folder,
      ...(title === undefined ? {} : { title }),
      State: State as NotebookCell['State'],
    });
}

// The loss core's source, for the regions CoreSource shows.
const coreFiles = import.meta.glob<string>('/src/loss/*.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export const GET: APIRoute<Props> = async ({ props }) => {
  const { chapter, chapters } = props;
  const entry = (await getCollection('chapters')).find((e) => e.id === chapter.id);
  if (entry?.filePath === undefined) {
    throw new Error(`notebooks/${chapter.slug}.ipynb: the chapter's file cannot be read`);
  }
  const path = resolve(entry.filePath);
  const folder = dirname(path);
  const files = chapterFiles(folder);
  const link = (path: string) =>
    notebookLink(path, import.meta.env.BASE_URL, process.env['SITE_URL']);
  const notebook = chapterNotebook({
    slug: chapter.slug,
    title: chapter.title,
    description: chapter.description,
    order: chapter.order,
    file: entry.filePath,
    // The body with its frontmatter as blank lines, so a message's line is the file's.
    body: readChapterFile(path).body,
    chapters,
    labelsOf: (slug) => {
      const path = files.get(slug);
      return path === undefined ? undefined : readChapterEquations(path).labels;
    },
    link,
    cells,
    coreSource: (file, region) => {
      const source = coreFiles[`/src/loss/${file}`];
      if (source === undefined)
        throw new Error(
          `${entry.filePath}: CoreSource names src/loss/${file}, which does not exist`,
        );
      return extractRegion(source, region, `src/loss/${file}`);
    },
    prose: recordedProse(recorded, chapter.slug),
  });
  return new Response(`${JSON.stringify(notebook, null, 1)}\n`, {
    headers: { 'Content-Type': 'application/x-ipynb+json' },
  });
};
