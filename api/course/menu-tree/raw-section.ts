/** What every layout reader produces: sections with their lesson entries, not yet ordered. */
import type { LessonEntry, Where } from './entries.ts';

export interface RawSection {
  where: Where;
  title?: string;
  sectionId: number | null;
  /** Explicit `position`/`order` field. */
  order?: number;
  /** Rank in the order the sections were met (or listed by a root node). */
  appearance: number;
  entries: LessonEntry[];
}

export interface CourseMeta {
  title?: string;
  courseId?: number | null;
  description?: string;
}

export interface Layout {
  name: 'sections' | 'nodes' | 'lesson-list';
  sections: RawSection[];
  meta: CourseMeta;
}
