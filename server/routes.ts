/** Every route of the JSON API: one line each, the handler in server/routes/. */
import type { RouteHandler } from './route-context.ts';
import * as healthz from './routes/healthz.ts';
import * as me from './routes/api/me.ts';
import * as progress from './routes/api/progress.ts';
import * as unlink from './routes/api/account/unlink.ts';
import * as adminAccess from './routes/api/admin/access.ts';
import * as adminMatrixCsv from './routes/api/admin/matrix-csv.ts';
import * as adminSync from './routes/api/admin/sync.ts';
import * as adminStuckCsv from './routes/api/admin/stuck-csv.ts';
import * as logout from './routes/api/auth/logout.ts';
import * as logoutAll from './routes/api/auth/logout-all.ts';
import * as password from './routes/api/auth/password.ts';
import * as telegramWebApp from './routes/api/auth/telegram-webapp.ts';
import * as lessonRefresh from './routes/api/lessons/refresh.ts';
import * as lessonVideo from './routes/api/lessons/video.ts';
import * as telegramWebhook from './routes/api/telegram/webhook.ts';
import * as linkCreate from './routes/api/link/create.ts';
import * as watchReport from './routes/api/watch/report.ts';

export interface ApiRoute {
  method: 'GET' | 'POST';
  path: string;
  handler: RouteHandler;
}

export const API_ROUTES: readonly ApiRoute[] = [
  { method: 'GET', path: '/healthz', handler: healthz.GET },
  { method: 'GET', path: '/api/me', handler: me.GET },
  { method: 'GET', path: '/api/progress', handler: progress.GET },
  { method: 'GET', path: '/api/lessons/:lessonId/video', handler: lessonVideo.GET },
  { method: 'POST', path: '/api/lessons/:lessonId/refresh', handler: lessonRefresh.POST },
  { method: 'POST', path: '/api/watch/:lessonId', handler: watchReport.POST },
  { method: 'POST', path: '/api/auth/password', handler: password.POST },
  { method: 'POST', path: '/api/auth/telegram-webapp', handler: telegramWebApp.POST },
  { method: 'POST', path: '/api/auth/logout', handler: logout.POST },
  { method: 'POST', path: '/api/auth/logout-all', handler: logoutAll.POST },
  { method: 'POST', path: '/api/account/unlink', handler: unlink.POST },
  { method: 'POST', path: '/api/link/:kind', handler: linkCreate.POST },
  { method: 'POST', path: '/api/admin/access', handler: adminAccess.POST },
  { method: 'GET', path: '/api/admin/sync', handler: adminSync.GET },
  { method: 'POST', path: '/api/admin/sync', handler: adminSync.POST },
  { method: 'GET', path: '/api/admin/stuck.csv', handler: adminStuckCsv.GET },
  { method: 'GET', path: '/api/admin/matrix.csv', handler: adminMatrixCsv.GET },
  { method: 'POST', path: '/api/telegram/webhook', handler: telegramWebhook.POST },
];
