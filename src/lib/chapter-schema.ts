// The frontmatter every chapter must carry; zod turns a bad field into a build error that
// names the file and the field.
import { z } from 'astro/zod';

/** Chapter frontmatter, checked at build time so a typo never ships silently. */
export const chapterSchema = z
  .object({
    title: z.string().trim().min(1, 'title must not be empty'),
    description: z
      .string()
      .trim()
      .min(20, 'description must be a full sentence (at least 20 characters)')
      .max(200, 'description must fit in a search snippet (at most 200 characters)'),
    order: z.number().int('order must be a whole number').positive('order must be 1 or more'),
    draft: z.boolean().default(false),
  })
  .strict();

export type ChapterFrontmatter = z.infer<typeof chapterSchema>;
