import type { RouteHandler } from '#server/route-context.ts';
import { logError } from '#api/log/safe-error.ts';
import { getConfig } from '#api/config.ts';
import { getCourse } from '#api/course/instance.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, json, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { loadSyncStatus } from '#api/admin/sync-status.ts';
import { runSync, SyncBusyError } from '#api/sync/run.ts';
import { stepikSourceFromConfig } from '#api/sync/stepik-source.ts';
import { isFormPost, redirect } from '#server/lib/endpoint.ts';
import { staffDeniedResponse, staffGuard } from '#api/admin/staff-guard.ts';

/** The latest whole-course run; /admin polls it to show a run live. */
export const GET: RouteHandler = async ({ locals }) => {
  const guard = staffGuard(locals.user);
  if (!guard.ok) return staffDeniedResponse(guard.status);
  return json(await loadSyncStatus(getDatabase(), getConfig().timeZone));
};

/** "Синхронизировать сейчас": starts a full sync in the background; its row in sync_runs tells the outcome. */
export const POST: RouteHandler = async ({ locals, request }) => {
  const guard = staffGuard(locals.user);
  if (!guard.ok) return staffDeniedResponse(guard.status);
  const config = getConfig();
  const source = stepikSourceFromConfig(config);
  if (!source)
    return isFormPost(request)
      ? redirect('/admin?notice=sync_not_configured')
      : jsonError(HTTP.serviceUnavailable, 'sync_not_configured', ru.site.admin.syncNotConfigured);
  const started = runSync(getDatabase(), getCourse(), source, {
    classIds: config.stepik.classIds,
    requestsPerSecond: config.stepik.requestsPerSecond,
    staffTelegramIds: config.staff.telegramIds,
  });
  // A busy lock answers at once; otherwise the sync goes on after this response.
  const busy = await Promise.race([
    started.then(
      () => false,
      (e: unknown) => e instanceof SyncBusyError,
    ),
    new Promise<false>((r) => setTimeout(() => r(false), 200)),
  ]);
  started.catch((error: unknown) => {
    if (!(error instanceof SyncBusyError)) logError('sync from /admin failed', error);
  });
  const notice = busy ? 'sync_busy' : 'sync_started';
  return isFormPost(request)
    ? redirect(`/admin?notice=${notice}`)
    : json({ status: notice }, busy ? HTTP.conflict : 202);
};
