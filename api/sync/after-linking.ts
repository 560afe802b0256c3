/** Right after a student links Stepik, their progress at once: one sync of that student. */
import { getCourse } from '../course/instance.ts';
import type { Database } from '../db/client.ts';
import { describeDatabaseError } from '../db/errors.ts';
import { runSync } from './run.ts';
import { getStepikSource } from './stepik-source.ts';

/** Does nothing without Stepik configured; a failure is logged, the sign-in goes on. */
export async function syncStudentAfterLinking(
  database: Database,
  stepikUserId: number,
): Promise<void> {
  const source = getStepikSource();
  if (!source) return;
  try {
    await runSync(database, getCourse(), source, { stepikUserId });
  } catch (error) {
    console.error(`progress after linking Stepik failed: ${describeDatabaseError(error)}`);
  }
}
