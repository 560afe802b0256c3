/** Content Layer loader for content/course.yaml: validates the whole content folder, stores the public tree. */
import path from 'node:path';
import type { Loader } from 'astro/loaders';
import { loadCourseContent } from '#api/course/load.ts';
import { toPublicCourse } from '#api/course/public.ts';

/** The content folder, relative to the project root (CONTENT_DIR, default "content"). */
export function contentDir(): string {
  return process.env.CONTENT_DIR?.trim() || 'content';
}

export function courseLoader(): Loader {
  return {
    name: 'course-yaml',
    load: async ({ store, watcher, logger, generateDigest }) => {
      const dir = path.resolve(contentDir());
      const sync = (): void => {
        // Checks course.yaml and every lesson's frontmatter; throws with file:line and field.
        const { course } = loadCourseContent(dir);
        const data = { ...toPublicCourse(course) } as unknown as Record<string, unknown>;
        store.clear();
        store.set({ id: 'course', data, digest: generateDigest(data) });
      };
      sync();
      watcher?.add(path.join(dir, 'course.yaml'));
      watcher?.on('change', (changed) => {
        if (!changed.startsWith(dir)) return;
        try {
          sync();
          logger.info('course.yaml reloaded');
        } catch (error) {
          logger.error((error as Error).message);
        }
      });
    },
  };
}
