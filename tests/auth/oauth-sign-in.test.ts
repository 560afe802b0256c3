/**
 * The OAuth callback's core (api/auth/oauth-sign-in.ts) without a web server, on both dialects,
 * against the fake Stepik: a real state, a real code exchange. The HTTP behaviour (cookies,
 * redirects, pages) is covered by http-oauth.test.ts and http-linking.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishOAuthCallback, type OAuthCallbackRequest } from '#api/auth/oauth-sign-in.ts';
import { startOAuth } from '#api/auth/oauth.ts';
import { validateSessionToken } from '#api/auth/session.ts';
import { createPasswordUser } from '#api/auth/users.ts';
import { loadConfig, type Config } from '#api/config.ts';
import type { Database } from '#api/db/client.ts';
import { ru } from '#api/i18n/ru.ts';
import { startFakeStepik, type FakeStepik } from '#scripts/fakes/stepik/server.ts';
import { dialects, type TestDatabase } from '../support/databases.ts';

let stepik: FakeStepik;
let config: Config;
beforeAll(async () => {
  stepik = await startFakeStepik();
  stepik.state.addClient('login-client', 'login-secret');
  stepik.state.addLearner({ id: 51_001, firstName: 'Ирина', lastName: 'Лебедева' });
  stepik.state.addLearner({ id: 51_002, firstName: 'Олег', lastName: 'Зуев' });
  config = loadConfig({
    APP_DOMAIN: 'http://127.0.0.1:47150',
    STEPIK_BASE_URL: stepik.url,
    STEPIK_LOGIN_CLIENT_ID: 'login-client',
    STEPIK_LOGIN_CLIENT_SECRET: 'login-secret',
  });
});
afterAll(() => stepik?.close());

/** Starts a Stepik flow and lets the fake approve it as `learnerId`: the callback's request. */
async function approvedCallback(
  learnerId: number,
  next: string | null = null,
): Promise<OAuthCallbackRequest> {
  const start = startOAuth(config, 'stepik', next);
  start.url.searchParams.set('as', String(learnerId));
  const answer = await fetch(start.url, { redirect: 'manual' });
  const back = new URL(answer.headers.get('location') ?? '');
  expect(back.pathname).toBe('/auth/stepik/callback');
  return {
    provider: 'stepik',
    query: back.searchParams,
    flowCookie: start.cookieValue,
    host: '127.0.0.1:47150',
  };
}

describe.each(dialects)('the OAuth callback core on $name', ({ create }) => {
  let test: TestDatabase;
  let database: Database;
  const fetched: number[] = [];
  const options = {
    fetchProgress: async (_: Database, stepikUserId: number) => void fetched.push(stepikUserId),
  };
  beforeAll(async () => {
    test = await create();
    database = test.database;
  });
  afterAll(() => test?.dispose());

  it('signs a new Stepik user in: a session for the new account, the page asked for, the progress fetched', async () => {
    fetched.length = 0;
    const outcome = await finishOAuthCallback(
      database,
      config,
      await approvedCallback(51_001, '/lessons/welcome'),
      options,
    );
    if (!('redirect' in outcome) || !outcome.session)
      throw new Error(`expected a sign-in, got ${JSON.stringify(outcome)}`);
    expect(outcome.redirect).toBe('/lessons/welcome');
    expect(outcome.session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    const valid = await validateSessionToken(database, outcome.session.token);
    expect(valid?.user).toMatchObject({ stepikUserId: 51_001, firstName: 'Ирина' });
    expect(fetched).toEqual([51_001]);
  });

  it('links Stepik to the signed-in student without a new session', async () => {
    fetched.length = 0;
    const student = await createPasswordUser(database, {
      email: 'oleg@example.ru',
      password: '303030303',
    });
    const outcome = await finishOAuthCallback(
      database,
      config,
      { ...(await approvedCallback(51_002)), signedInUserId: student.id },
      options,
    );
    expect(outcome).toEqual({ redirect: '/cabinet?notice=linked' });
    expect(fetched).toEqual([51_002]);
  });

  it('says the Stepik account is taken when it belongs to someone else', async () => {
    const other = await createPasswordUser(database, {
      email: 'other@example.ru',
      password: '404040404',
    });
    const outcome = await finishOAuthCallback(
      database,
      config,
      { ...(await approvedCallback(51_001)), signedInUserId: other.id },
      options,
    );
    expect(outcome).toMatchObject({ status: 409, title: ru.linking.takenTitle });
  });

  it('refuses a lost state, a refusal at Stepik and an unconfigured provider before any exchange', async () => {
    const lost = await finishOAuthCallback(
      database,
      config,
      {
        provider: 'stepik',
        query: new URLSearchParams('state=x&code=y'),
        flowCookie: undefined,
        host: null,
      },
      options,
    );
    expect(lost).toMatchObject({ status: 400, message: ru.linking.stateLost });
    const approved = await approvedCallback(51_001);
    approved.query.delete('code');
    approved.query.set('error', 'access_denied');
    expect(await finishOAuthCallback(database, config, approved, options)).toMatchObject({
      status: 400,
      message: ru.auth.oauth.denied,
    });
    const google = await finishOAuthCallback(
      database,
      config,
      { provider: 'google', query: new URLSearchParams(), flowCookie: undefined, host: null },
      options,
    );
    expect(google).toMatchObject({ status: 404, message: ru.auth.oauth.notConfigured });
  });
});
