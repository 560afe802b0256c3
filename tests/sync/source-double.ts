/**
 * An in-memory Stepik for sync unit tests: the demo course's lessons with 4 steps each, and
 * learners whose passed steps a test sets. (The HTTP-level tests use the fake Stepik server.)
 */
import { listLessons } from '#api/course/load.ts';
import type { Course } from '#api/course/schema.ts';
import type { GradeRecord, StepikSource } from '#api/sync/sources.ts';

export class SourceDouble implements StepikSource {
  requestCount = 0;
  readonly passed = new Map<number, Set<number>>();
  pageSize = 2;
  /** Throw when this page is asked for (a failure half-way). */
  failOnPage: number | null = null;
  readonly stepsOf = new Map<number, number[]>();

  constructor(private readonly course: Course) {
    for (const lesson of listLessons(course)) {
      if (lesson.stepikLessonId !== null)
        this.stepsOf.set(
          lesson.stepikLessonId,
          [1, 2, 3, 4].map((k) => lesson.stepikLessonId! * 10 + k),
        );
    }
  }

  pass(user: number, stepIds: number[]): void {
    const set = this.passed.get(user) ?? new Set<number>();
    for (const id of stepIds) set.add(id);
    this.passed.set(user, set);
  }

  async getCourse(id: number) {
    this.requestCount++;
    return id === this.course.stepikCourseId
      ? {
          id,
          title: this.course.title,
          sections: this.course.modules.map((m) => m.stepikSectionId!),
        }
      : null;
  }
  async getSections(ids: number[]) {
    this.requestCount++;
    return this.course.modules
      .filter((m) => ids.includes(m.stepikSectionId!))
      .map((m) => ({
        id: m.stepikSectionId!,
        position: m.position,
        title: m.title,
        units: m.lessons.map((l) => l.stepikLessonId! + 1_000_000),
      }));
  }
  async getUnits(ids: number[]) {
    this.requestCount++;
    return this.course.modules.flatMap((m) =>
      m.lessons
        .filter((l) => ids.includes(l.stepikLessonId! + 1_000_000))
        .map((l) => ({
          id: l.stepikLessonId! + 1_000_000,
          section: m.stepikSectionId!,
          lesson: l.stepikLessonId!,
          position: l.position,
        })),
    );
  }
  async getLessons(ids: number[]) {
    this.requestCount++;
    return ids
      .filter((id) => this.stepsOf.has(id))
      .map((id) => ({ id, title: `Lesson ${id}`, steps: this.stepsOf.get(id)! }));
  }
  async walkCourseGrades(
    query: { course: number; user?: number },
    onPage: (grades: GradeRecord[], page: number, hasNext: boolean) => Promise<void> | void,
  ) {
    const users = [...this.passed.keys()]
      .filter((u) => query.user === undefined || u === query.user)
      .sort((a, b) => a - b);
    let page = 0;
    for (let i = 0; i < users.length || page === 0; i += this.pageSize) {
      page++;
      this.requestCount++;
      if (this.failOnPage === page) throw new Error(`Stepik answered 503 on page ${page}`);
      const grades = users.slice(i, i + this.pageSize).map((user) => ({
        user,
        results: new Map(
          [...this.passed.get(user)!].map((id) => [id, { isPassed: true, score: 1 }]),
        ),
      }));
      await onPage(grades, page, i + this.pageSize < users.length);
      if (!users.length) break;
    }
    return { pages: page, learners: users.length };
  }
}
