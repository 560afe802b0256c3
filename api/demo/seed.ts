/**
 * The demo course's student, so a fresh clone can try signing in at once. Only for a course
 * marked `demo: true`, and only while the database has no users at all.
 */
import { count } from 'drizzle-orm';
import { createPasswordUser, findUserByEmail } from '../auth/users.ts';
import type { Database } from '../db/client.ts';

export const DEMO_STUDENT = {
  email: 'student@example.ru',
  /** Text, with a leading zero on purpose: Boomstream passwords are 9 digits, not a number. */
  password: '012345678',
  firstName: 'Демо',
  lastName: 'Студент',
  stepikUserId: 700001,
};

export async function seedDemoStudent(database: Database): Promise<boolean> {
  const [row] = await database.db.select({ n: count() }).from(database.t.users);
  if (Number(row?.n ?? 0) > 0) return false;
  await createPasswordUser(database, DEMO_STUDENT);
  return true;
}

/**
 * The demo's teacher: an account of its own, so /admin shows the demo student among "who is
 * stuck" (staff are left out of those lists). It is staff only while STAFF_EMAILS names it:
 * `STAFF_EMAILS=teacher@example.ru npm start`. Added to any demo database that lacks it.
 */
export const DEMO_TEACHER = {
  email: 'teacher@example.ru',
  password: '087654321',
  firstName: 'Демо',
  lastName: 'Преподаватель',
};

export async function seedDemoTeacher(database: Database): Promise<boolean> {
  if (await findUserByEmail(database, DEMO_TEACHER.email)) return false;
  await createPasswordUser(database, DEMO_TEACHER);
  return true;
}
