// Chapters live in content/<locale>/<slug>.mdx; the entry id is "<locale>/<slug>".
// NOTEBOOK_CONTENT points a build at another folder (the build-error tests use it).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineCollection } from 'astro:content';
import { glob, type Loader } from 'astro/loaders';
import { chapterSchema } from './lib/chapter-schema';
import { assertDistinctOrders, assertFrontmatter, yamlError } from './lib/frontmatter-errors';

const files = glob({ pattern: '*/*.mdx', base: process.env['NOTEBOOK_CONTENT'] ?? './content' });

// The glob loader, but a bad frontmatter names its file, line and a fix (Astro's own schema
// error has no line: the loader is not given the raw YAML), before the schema parses it.
const chapterFiles: Loader = {
  name: 'chapter-files',
  load: async (context) => {
    try {
      await files.load({
        ...context,
        parseData: (props) => {
          if (props.filePath !== undefined) {
            assertFrontmatter(props.data, readFileSync(props.filePath, 'utf8'), props.filePath);
          }
          return context.parseData(props);
        },
      });
    } catch (error) {
      throw yamlError(error) ?? error;
    }
    // Every stored chapter, including those a warm cache did not parse again.
    assertDistinctOrders(
      context.store.entries().map(([id, entry]) => {
        const path = fileURLToPath(new URL(entry.filePath ?? '', context.config.root));
        const data = entry.data as { order: number; draft: boolean };
        return { id, path, source: readFileSync(path, 'utf8'), ...data };
      }),
    );
  },
};

const chapters = defineCollection({ loader: chapterFiles, schema: chapterSchema });

export const collections = { chapters };
