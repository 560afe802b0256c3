/** The process's Stepik client (one token cache, one request-rate budget), built from config. */
import { getConfig, type Config } from '../config.ts';
import { createStepikClient } from '../stepik/client.ts';
import type { StepikSource } from './sources.ts';

let cached: StepikSource | null | undefined;

/**
 * `interactive`: a student is waiting ("Проверить снова"), so one quick retry at most instead
 * of the sync's patient back-off.
 */
export function stepikSourceFromConfig(
  config: Config,
  { interactive = false } = {},
): StepikSource | null {
  const { baseUrl, clientId, clientSecret, requestsPerSecond } = config.stepik;
  if (!clientId || !clientSecret) return null;
  return createStepikClient({
    baseUrl,
    clientId,
    clientSecret,
    requestsPerSecond,
    userAgent: `course-site-sync/0.1 (+${config.appOrigin})`,
    ...(interactive ? { maxRetries: 1, timeoutInMs: 8000 } : {}),
  });
}

/** The web server's client, for on-demand refreshes; null when STEPIC_CLIENT_ID / STEPIC_SECRET are not set. */
export function getStepikSource(): StepikSource | null {
  if (cached === undefined) cached = stepikSourceFromConfig(getConfig(), { interactive: true });
  return cached;
}
