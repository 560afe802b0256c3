/**
 * A small course for the bot's tests, built in the test (not from content/): a first module of
 * three lessons and a second of 20, so the lesson list needs three pages. Every lesson has a
 * made-up Boomstream media code, so a test can scan what went to Telegram for all of them.
 */
import { eq } from 'drizzle-orm';
import { courseFileSchema, toCourse, type Course } from '#api/course/schema.ts';
import type { Database } from '#api/db/client.ts';
import type { UserRow } from '#api/auth/users.ts';

export const TEST_ORIGIN = 'https://course.test';

const code = (n: number): string => `Vd${String(n).padStart(2, '0')}Qx7z`;

export function buildTestCourse(): Course {
  return toCourse(
    courseFileSchema.parse({
      course: { title: 'Python с нуля <тест>', stepik_course_id: 9001 },
      modules: [
        {
          title: 'Первые шаги',
          lessons: [
            {
              slug: 'install-python',
              title: 'Установка Python',
              lesson_id: 101,
              videos: [
                { code: code(1), title: 'часть 1' },
                { code: code(2), title: 'часть 2' },
              ],
            },
            {
              slug: 'variables',
              title: 'Переменные & типы',
              lesson_id: 102,
              videos: [{ code: code(3), title: 'видео' }],
            },
            { slug: 'about-course', title: 'О курсе', lesson_id: null, videos: [] },
          ],
        },
        {
          title: 'Большой модуль',
          lessons: Array.from({ length: 20 }, (_, i) => ({
            slug: `big-lesson-${i + 1}`,
            title: `Большой урок ${i + 1}`,
            lesson_id: 201 + i,
            videos: [{ code: code(10 + i), title: 'видео' }],
          })),
        },
      ],
    }),
  );
}

export const TEST_DESCRIPTIONS = new Map([
  ['install-python', 'Ставим Python 3 и проверяем <версию> в терминале.'],
  ['variables', 'Имена, значения и типы.'],
]);

export function mediaCodes(course: Course): string[] {
  return course.modules.flatMap((m) => m.lessons.flatMap((l) => l.videos.map((v) => v.code)));
}

/** Five steps per Stepik lesson: ids <lesson>01 … <lesson>05. */
export async function seedStepikLessons(database: Database, course: Course): Promise<void> {
  const lessons = course.modules.flatMap((m) => m.lessons).filter((l) => l.stepikLessonId !== null);
  await database.db.insert(database.t.stepikLessons).values(
    lessons.map((l) => ({
      id: l.stepikLessonId!,
      slug: l.slug,
      title: l.title,
      position: l.position,
      stepIds: [1, 2, 3, 4, 5].map((s) => l.stepikLessonId! * 100 + s),
    })),
  );
}

let nextStepikUserId = 800_001;

/** A student with Stepik linked (their progress is synced from it) unless `stepikUserId: null`. */
export async function createStudent(
  database: Database,
  fields: {
    telegramId?: number | null;
    firstName?: string;
    email?: string;
    stepikUserId?: number | null;
  },
): Promise<UserRow> {
  const [user] = await database.db
    .insert(database.t.users)
    .values({
      email: fields.email ?? null,
      telegramId: fields.telegramId ?? null,
      firstName: fields.firstName ?? 'Анна',
      stepikUserId: fields.stepikUserId === undefined ? nextStepikUserId++ : fields.stepikUserId,
    })
    .returning();
  return user!;
}

/** The student has passed `passed` of the lesson's five steps; all five → unlocked now. */
export async function setProgress(
  database: Database,
  userId: number,
  stepikLessonId: number,
  passed: number,
): Promise<void> {
  const passedStepIds = [1, 2, 3, 4, 5].slice(0, passed).map((s) => stepikLessonId * 100 + s);
  await database.db.insert(database.t.lessonProgress).values({
    userId,
    lessonId: stepikLessonId,
    stepsPassed: passed,
    stepsTotal: 5,
    passedStepIds,
    unlockedAt: passed === 5 ? new Date() : null,
  });
}

export async function telegramUserRow(database: Database, telegramId: number) {
  const [row] = await database.db
    .select()
    .from(database.t.telegramUsers)
    .where(eq(database.t.telegramUsers.telegramId, telegramId));
  return row;
}
