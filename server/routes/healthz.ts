import type { RouteHandler } from '../route-context.ts';
import { getDatabase } from '#api/db/instance.ts';
import { describeSchemaBehind, schemaStanding } from '#api/db/schema-standing.ts';
import {
  DATABASE_NOT_MIGRATED,
  DATABASE_UNAVAILABLE,
  type Refusal,
} from '#api/db/unexpected-error.ts';
import { isDatabaseHealthy } from '#api/health.ts';
import { json } from '#api/http.ts';

/** The contract's 503: `ok: false` with the same error and words a request would get. */
const unhealthy = ({ status, error, message }: Refusal): Response =>
  json({ ok: false, error, message }, status);

/** Said once per process while the migrations are missing, not at every health check. */
let toldBehind = false;

/**
 * 200 once the database answers and carries this build's migrations: an instance on a schema
 * without them would answer every sign-in with an error, so it must not take traffic yet.
 */
export const GET: RouteHandler = async () => {
  const database = getDatabase();
  if (!(await isDatabaseHealthy(database).catch(() => false)))
    return unhealthy(DATABASE_UNAVAILABLE);
  const schema = await schemaStanding(database).catch(() => null);
  if (!schema) return unhealthy(DATABASE_UNAVAILABLE);
  if (!schema.current) {
    if (!toldBehind) console.error(`/healthz: ${describeSchemaBehind(database, schema)}`);
    toldBehind = true;
    return unhealthy(DATABASE_NOT_MIGRATED);
  }
  return json({ ok: true });
};
