import type { RouteHandler } from '#server/route-context.ts';
import { matrixCsv } from '#api/admin/matrix.ts';
import { getCourse } from '#api/course/instance.ts';
import { getDatabase } from '#api/db/instance.ts';

import { staffDeniedResponse, staffGuard } from '#api/admin/staff-guard.ts';

export const GET: RouteHandler = async ({ locals }) => {
  const guard = staffGuard(locals.user);
  if (!guard.ok) return staffDeniedResponse(guard.status);
  const csv = await matrixCsv(getDatabase(), getCourse());
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="progress-${new Date().toISOString().slice(0, 10)}.csv"`,
      'Cache-Control': 'no-store',
    },
  });
};
