/**
 * The built site over real HTTP on one dialect, with the fake Boomstream behind the gate (PPV
 * configured), a staff account and a student whose lesson is open by a staff grant.
 */
import path from 'node:path';
import { setOverrides } from '#api/access/overrides.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { startFakeBoomstream, type FakeBoomstream } from '#scripts/fakes/boomstream/server.ts';
import { BOT_TOKEN } from '../support/auth-server.ts';
import { builtSite } from '../support/built-site.ts';
import { Browserish } from '../support/browserish.ts';
import type { TestDatabase } from '../support/databases.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

export const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
export const lessons = listLessons(course);
/** Every media code in content/course.yaml: none may ever show in a log line. */
export const codes = lessons.flatMap((l) => l.videos.map((v) => v.code));
export const PASSWORD = '111222333';
export const STAFF_EMAIL = 'staff@example.ru';
const API_KEY = 'hardening-test-api-key';
const SUBSCRIPTION = 'HardSub1';

export interface HardenedSite {
  test: TestDatabase;
  boomstream: FakeBoomstream;
  server: RunningServer;
  studentId: number;
  staffId: number;
  signIn(email: string): Promise<Browserish>;
  close(): Promise<void>;
}

export async function startHardenedSite(
  create: () => Promise<TestDatabase>,
  openLessonSlugs: string[],
): Promise<HardenedSite> {
  const test = await create();
  const boomstream = await startFakeBoomstream({ apiKey: API_KEY, subscription: SUBSCRIPTION });
  const student = await createPasswordUser(test.database, {
    email: 'student@example.ru',
    password: PASSWORD,
    firstName: 'Анна',
  });
  const staff = await createPasswordUser(test.database, { email: STAFF_EMAIL, password: PASSWORD });
  const open = lessons.filter((l) => openLessonSlugs.includes(l.slug));
  await setOverrides(test.database, {
    userId: student.id,
    lessons: open,
    action: 'grant',
    actor: 'test',
  });
  const server = await startBuiltServer(builtSite(), {
    DATABASE_URL: test.url,
    TELEGRAM_BOT_TOKEN_DEV: BOT_TOKEN,
    BOOMSTREAM_SECRET: API_KEY,
    BOOMSTREAM_SUBSCRIPTION: SUBSCRIPTION,
    BOOMSTREAM_API_URL: boomstream.apiUrl,
    APP_SECRET: 'hardening-test-app-secret-0123456789abcdef',
    STAFF_EMAILS: STAFF_EMAIL,
  });
  return {
    test,
    boomstream,
    server,
    studentId: student.id,
    staffId: staff.id,
    async signIn(email) {
      const browser = new Browserish(server.origin);
      const response = await browser.fetch('/api/auth/password', {
        method: 'POST',
        json: { email, password: PASSWORD },
      });
      if (response.status !== 200)
        throw new Error(`sign-in as ${email} answered ${response.status}`);
      return browser;
    },
    async close() {
      await server.stop();
      await boomstream.close();
      await test.dispose();
    },
  };
}

/** The media codes found in `text`, in course order. */
export function codesIn(text: string): string[] {
  return codes.filter((code) => text.includes(code) || text.includes(encodeURIComponent(code)));
}
