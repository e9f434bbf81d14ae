// Chapters live in content/<locale>/<slug>.mdx; the entry id is "<locale>/<slug>".
// NOTEBOOK_CONTENT points a build at another folder (the build-error tests use it).
import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { chapterSchema } from './lib/chapter-schema';

const chapters = defineCollection({
  loader: glob({ pattern: '*/*.mdx', base: process.env['NOTEBOOK_CONTENT'] ?? './content' }),
  schema: chapterSchema,
});

export const collections = { chapters };
