import type { RouteHandler } from '../route-context.ts';
import { getDatabase } from '#api/db/instance.ts';
import { isDatabaseHealthy } from '#api/health.ts';
import { HTTP, json } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';

export const GET: RouteHandler = async () => {
  const healthy = await isDatabaseHealthy(getDatabase()).catch(() => false);
  return healthy
    ? json({ ok: true })
    : json(
        { ok: false, error: 'database_unavailable', message: ru.api.databaseUnavailable },
        HTTP.serviceUnavailable,
      );
};
