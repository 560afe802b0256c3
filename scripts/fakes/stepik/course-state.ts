/**
 * The fake's course structure: courses → sections → units → lessons → steps, as Stepik links
 * them (stepik-api.md §3.1–3.5), plus the builder from course.yaml-like data.
 */

export interface FakeCourse {
  id: number;
  title: string;
  sectionIds: number[];
}

export interface FakeSection {
  id: number;
  courseId: number;
  position: number;
  title: string;
  unitIds: number[];
}

/** The placement of a lesson in a section. */
export interface FakeUnit {
  id: number;
  sectionId: number;
  lessonId: number;
  position: number;
}

export interface FakeLesson {
  id: number;
  title: string;
  /** Ordered by position. */
  stepIds: number[];
}

export interface FakeStep {
  id: number;
  lessonId: number;
  position: number;
  /** `text`, `video`, `choice`, `number`, `string`, `code`, … */
  blockName: string;
  /** The score a pass gives (Stepik's `worth`, the progress `cost`): 0 for theory, 1 for a task. */
  worth: number;
}

/** The shape of content/course.yaml that matters to Stepik, with how many steps each lesson has. */
export interface FakeCourseSpec {
  courseId: number;
  title?: string;
  modules: {
    stepikSectionId: number;
    title: string;
    lessons: { stepikLessonId: number; title: string; stepsCount: number }[];
  }[];
}

/** Deterministic ids, so a test or a developer can name a step without asking the fake. */
export const stepIdFor = (lessonId: number, position: number): number => lessonId * 100 + position;
export const unitIdFor = (lessonId: number): number => 50_000_000 + lessonId;

const TASK_BLOCKS = ['choice', 'number', 'string', 'code', 'video'] as const;

/** Position 1 is theory; the rest cycle through task kinds (a video step, like theory, is worth 0). */
export function blockFor(lessonId: number, position: number): { blockName: string; worth: number } {
  if (position === 1) return { blockName: 'text', worth: 0 };
  const blockName = TASK_BLOCKS[(lessonId + position) % TASK_BLOCKS.length]!;
  return { blockName, worth: blockName === 'video' ? 0 : 1 };
}

export class FakeCatalog {
  readonly courses = new Map<number, FakeCourse>();
  readonly sections = new Map<number, FakeSection>();
  readonly units = new Map<number, FakeUnit>();
  readonly lessons = new Map<number, FakeLesson>();
  readonly steps = new Map<number, FakeStep>();

  /** Adds a whole course; a lesson already known (shared between courses) is reused as is. */
  addCourse(spec: FakeCourseSpec): FakeCourse {
    const course: FakeCourse = {
      id: spec.courseId,
      title: spec.title ?? `Course ${spec.courseId}`,
      sectionIds: [],
    };
    this.courses.set(course.id, course);
    spec.modules.forEach((module, m) => {
      const section = this.addSection({
        id: module.stepikSectionId,
        courseId: course.id,
        position: m + 1,
        title: module.title,
      });
      module.lessons.forEach((entry, l) => {
        if (entry.stepsCount < 0 || entry.stepsCount > 99)
          throw new RangeError(
            `lesson ${entry.stepikLessonId}: stepsCount must be 0..99 (step ids are lesson * 100 + position)`,
          );
        if (!this.lessons.has(entry.stepikLessonId)) {
          this.lessons.set(entry.stepikLessonId, {
            id: entry.stepikLessonId,
            title: entry.title,
            stepIds: [],
          });
          for (let position = 1; position <= entry.stepsCount; position++) {
            this.addStep({
              id: stepIdFor(entry.stepikLessonId, position),
              lessonId: entry.stepikLessonId,
              position,
              ...blockFor(entry.stepikLessonId, position),
            });
          }
        }
        this.addUnit({
          id: unitIdFor(entry.stepikLessonId),
          sectionId: section.id,
          lessonId: entry.stepikLessonId,
          position: l + 1,
        });
      });
    });
    return course;
  }

  addSection(section: Omit<FakeSection, 'unitIds'>): FakeSection {
    const added = { ...section, unitIds: [] };
    this.sections.set(added.id, added);
    const course = this.courses.get(section.courseId);
    if (course && !course.sectionIds.includes(added.id)) course.sectionIds.push(added.id);
    return added;
  }

  addUnit(unit: FakeUnit): FakeUnit {
    this.units.set(unit.id, unit);
    const section = this.sections.get(unit.sectionId);
    if (section && !section.unitIds.includes(unit.id)) section.unitIds.push(unit.id);
    return unit;
  }

  /** Adds a step to its lesson, keeping the lesson's step list in position order. */
  addStep(step: FakeStep): FakeStep {
    this.steps.set(step.id, step);
    const lesson = this.lessons.get(step.lessonId);
    if (lesson && !lesson.stepIds.includes(step.id)) {
      lesson.stepIds.push(step.id);
      lesson.stepIds.sort((a, b) => this.steps.get(a)!.position - this.steps.get(b)!.position);
    }
    return step;
  }

  /** Lessons of a course in syllabus order (sections by position, then units by position). */
  courseLessons(courseId: number): FakeLesson[] {
    const course = this.courses.get(courseId);
    if (!course) return [];
    const sections = course.sectionIds
      .map((id) => this.sections.get(id)!)
      .sort((a, b) => a.position - b.position);
    return sections.flatMap((s) => this.sectionLessons(s.id));
  }

  sectionLessons(sectionId: number): FakeLesson[] {
    const units = (this.sections.get(sectionId)?.unitIds ?? [])
      .map((id) => this.units.get(id)!)
      .sort((a, b) => a.position - b.position);
    return units
      .map((u) => this.lessons.get(u.lessonId))
      .filter((l): l is FakeLesson => Boolean(l));
  }

  courseSteps(courseId: number): FakeStep[] {
    return this.courseLessons(courseId).flatMap((l) => this.lessonSteps(l.id));
  }

  lessonSteps(lessonId: number): FakeStep[] {
    return (this.lessons.get(lessonId)?.stepIds ?? []).map((id) => this.steps.get(id)!);
  }

  lessonUnits(lessonId: number): FakeUnit[] {
    return [...this.units.values()].filter((u) => u.lessonId === lessonId);
  }

  lessonCourseIds(lessonId: number): number[] {
    return [
      ...new Set(
        this.lessonUnits(lessonId)
          .map((u) => this.sections.get(u.sectionId)?.courseId)
          .filter((id): id is number => id !== undefined),
      ),
    ];
  }
}
