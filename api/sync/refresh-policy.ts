import type { ThrottlePolicy } from '../auth/throttle.ts';

/** "Проверить снова": one refresh, then 30 s of quiet per student; nothing accumulates. */
export const REFRESH_POLICY: ThrottlePolicy = {
  freeFailures: 1,
  baseLockInSeconds: 30,
  maxLockInSeconds: 30,
  forgetAfterInSeconds: 0,
};
