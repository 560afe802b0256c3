/**
 * Content collections: `course` comes from content/course.yaml through our own loader (the
 * tree, without media codes); `lessons` are the Markdown bodies through Astro's glob loader.
 * Both are validated by the one schema in api/course/schema.ts.
 */
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
import { lessonFrontmatterSchema } from '#api/course/schema.ts';
import { courseLoader, contentDir } from './lib/course-loader.ts';

const course = defineCollection({ loader: courseLoader() });

const lessons = defineCollection({
  loader: glob({ pattern: '*.md', base: `${contentDir()}/lessons` }),
  // Astro's collection schemas are zod 3; this bridges to the project's zod 4 schema.
  schema: z.unknown().transform((data, ctx) => {
    const result = lessonFrontmatterSchema.safeParse(data, {
      error: (issue) =>
        issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : undefined,
    });
    if (result.success) return result.data;
    for (const issue of result.error.issues) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: issue.path as (string | number)[],
        message: issue.message,
      });
    }
    return z.NEVER;
  }),
});

export const collections = { course, lessons };
