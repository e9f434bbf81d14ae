// Chapters live in content/<locale>/<slug>.mdx; the entry id is "<locale>/<slug>".
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema } from './lib/chapter-schema';

const chapters = defineCollection({
  loader: glob({ pattern: '*/*.mdx', base: './content' }),
  schema: chapterSchema,
});

export const collections = { chapters };
