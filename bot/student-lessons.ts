/**
 * Where each lesson stands for the student behind a context, straight from the core
 * (api/access): null for a Telegram user the bot does not know, whose menu shows no states.
 */
import { loadStudentAccess, type StudentLesson } from '#api/access/student-access.ts';
import type { BotContext } from './context.ts';

export type LessonStates = ReadonlyMap<string, StudentLesson>;

export async function loadLessonStates(ctx: BotContext): Promise<LessonStates | null> {
  if (!ctx.student) return null;
  const lessons = await loadStudentAccess(
    ctx.services.database,
    ctx.services.course,
    ctx.student.id,
  );
  return new Map(lessons.map((item) => [item.lesson.slug, item]));
}
