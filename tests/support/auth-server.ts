/**
 * The built site served over real HTTP with every way in configured: a test bot token, the
 * fake Google, the fake Stepik (the demo course, its learners, the sync's teacher app); and the
 * same SQLite file open in the test for seeding.
 */
import { builtSite } from './built-site.ts';
import path from 'node:path';
import { loadCourseContent } from '#api/course/load.ts';
import { buildDemoState, DEMO_SYNC_CLIENT } from '#scripts/fakes/stepik/demo.ts';
import { startFakeStepik, type FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { createSqliteDatabase, type TestDatabase } from './databases.ts';
import { startFakeGoogle, type FakeGoogle } from './fake-google.ts';
import { freePort, startBuiltServer, type RunningServer } from './server.ts';

export const BOT_TOKEN = '123456:TEST-token-for-tests-only-0123456789';
export const BOT_USERNAME = 'course_test_bot';

export interface AuthServer {
  server: RunningServer;
  test: TestDatabase;
  google: FakeGoogle;
  stepik: FakeStepik;
  env: Record<string, string>;
  /** Stops the site and starts it again on the same database and port (a deploy or a crash). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** `extraEnv` may depend on the port (e.g. an APP_DOMAIN naming it). */
export async function startAuthServer(
  extraEnv: Record<string, string> | ((port: number) => Record<string, string>) = {},
): Promise<AuthServer> {
  const test = await createSqliteDatabase();
  const google = await startFakeGoogle();
  // The demo course on the fake Stepik, with the teacher app the sync uses.
  const { course } = loadCourseContent(path.resolve(import.meta.dirname, '../../content'));
  const stepik = await startFakeStepik({ state: buildDemoState(course) });
  stepik.state.addClient('stepik-login-client', 'stepik-login-secret');
  const port = await freePort();
  const env = {
    DATABASE_URL: test.url,
    TELEGRAM_BOT_TOKEN_DEV: BOT_TOKEN,
    TELEGRAM_BOT_USERNAME: BOT_USERNAME,
    GOOGLE_CLIENT_ID: google.clientId,
    GOOGLE_CLIENT_SECRET: google.clientSecret,
    GOOGLE_AUTHORIZE_URL: google.authorizeUrl,
    GOOGLE_TOKEN_URL: google.tokenUrl,
    STEPIK_BASE_URL: stepik.url,
    STEPIC_CLIENT_ID: DEMO_SYNC_CLIENT.id,
    STEPIC_SECRET: DEMO_SYNC_CLIENT.secret,
    STEPIK_LOGIN_CLIENT_ID: 'stepik-login-client',
    STEPIK_LOGIN_CLIENT_SECRET: 'stepik-login-secret',
    ...(typeof extraEnv === 'function' ? extraEnv(port) : extraEnv),
  };
  const dir = builtSite();
  const handle: AuthServer = {
    test,
    google,
    stepik,
    env,
    server: await startBuiltServer(dir, env, port),
    restart: async () => {
      await handle.server.stop();
      handle.server = await startBuiltServer(dir, env, port);
    },
    close: async () => {
      await handle.server.stop();
      await google.close();
      await stepik.close();
      await test.dispose();
    },
  };
  return handle;
}
