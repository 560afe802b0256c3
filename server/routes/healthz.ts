import type { RouteHandler } from '../route-context.ts';
import { getDatabase } from '#api/db/instance.ts';
import { describeSchemaBehind, schemaStanding } from '#api/db/schema-standing.ts';
import { isDatabaseHealthy } from '#api/health.ts';
import { HTTP, json } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';

const unavailable = (): Response =>
  json(
    { ok: false, error: 'database_unavailable', message: ru.api.databaseUnavailable },
    HTTP.serviceUnavailable,
  );

/** Said once per process while the migrations are missing, not at every health check. */
let toldBehind = false;

/**
 * 200 once the database answers and carries this build's migrations: an instance on a schema
 * without them would answer every sign-in with an error, so it must not take traffic yet.
 */
export const GET: RouteHandler = async () => {
  const database = getDatabase();
  if (!(await isDatabaseHealthy(database).catch(() => false))) return unavailable();
  const schema = await schemaStanding(database).catch(() => null);
  if (!schema) return unavailable();
  if (!schema.current) {
    if (!toldBehind) console.error(`/healthz: ${describeSchemaBehind(database, schema)}`);
    toldBehind = true;
    return json(
      { ok: false, error: 'database_not_migrated', message: ru.api.databaseNotMigrated },
      HTTP.serviceUnavailable,
    );
  }
  return json({ ok: true });
};
