import type { RouteHandler } from '#server/route-context.ts';
import { activeStuckLists, findStuckList, stuckListCsv } from '#api/admin/stuck/lists.ts';
import { getConfig } from '#api/config.ts';
import { getDatabase } from '#api/db/instance.ts';
import { HTTP, jsonError } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { staffDeniedResponse, staffGuard } from '#api/admin/staff-guard.ts';

/** One "who is stuck" list as CSV: ?list=<key> (keys in api/admin/stuck/lists.ts). */
export const GET: RouteHandler = async ({ locals, url }) => {
  const guard = staffGuard(locals.user);
  if (!guard.ok) return staffDeniedResponse(guard.status);
  const config = getConfig();
  const list = findStuckList(url.searchParams.get('list') ?? '', config);
  if (!list)
    return jsonError(
      HTTP.badRequest,
      'unknown_list',
      ru.adminStuck.unknownList(
        activeStuckLists(config)
          .map((l) => l.key)
          .join(', '),
      ),
    );
  const csv = await stuckListCsv(getDatabase(), config, list);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${list.key}-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
};
