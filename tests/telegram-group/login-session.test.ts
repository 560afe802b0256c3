/**
 * `telegram login`'s dialogue against a fake client that drives the callbacks the way GramJS's
 * client.start() does (retrying on onError → false, swallowing a failed code prompt).
 */
import { describe, expect, it } from 'vitest';
import { TelegramGroupError } from '#api/telegram-group/errors.ts';
import {
  createLoginSession,
  type LoginClient,
  type LoginPrompts,
} from '#api/telegram-group/login-session.ts';
import { gramUser, rpcError } from './gram-fakes.ts';

type StartParams = Parameters<LoginClient['start']>[0];

function fakeLoginClient({ code = '12345', password = 'кот-Барсик-2024', connects = true } = {}) {
  const log = { signedIn: false, destroyed: 0, viaApp: [] as boolean[] };
  const retry = async (params: StartParams, step: () => Promise<void>): Promise<void> => {
    for (;;) {
      try {
        return await step();
      } catch (error) {
        if (await params.onError(error as Error)) throw new Error('AUTH_USER_CANCEL');
      }
    }
  };
  const client: LoginClient = {
    connect: async () => connects,
    async start(params) {
      await retry(params, async () => {
        if (!/^\+\d{11}$/.test(await params.phoneNumber())) throw rpcError('PHONE_NUMBER_INVALID');
      });
      await retry(params, async () => {
        let given: string | undefined;
        try {
          given = await params.phoneCode(true);
          log.viaApp.push(true);
        } catch {
          // GramJS drops the callback's error here and goes on with an empty code.
        }
        if (!given) throw new Error('Code is empty');
        if (given !== code) throw rpcError('PHONE_CODE_INVALID');
      });
      await retry(params, async () => {
        if ((await params.password('любимый кот')) !== password)
          throw rpcError('PASSWORD_HASH_INVALID');
      });
      log.signedIn = true;
    },
    getMe: async () =>
      gramUser('5000000001', { firstName: 'Админ', lastName: 'Курса', username: 'course_admin' }),
    async destroy() {
      log.destroyed += 1;
    },
  };
  return { client, log, save: () => (log.signedIn ? '1BVtsOKABu_fake_session_string' : '') };
}

function scripted(answers: string[]) {
  const asked: string[] = [];
  const problems: string[] = [];
  const next = async (question: string): Promise<string> => {
    asked.push(question);
    const answer = answers.shift();
    if (answer === undefined) throw new TelegramGroupError('standard input ended');
    return answer;
  };
  const prompts: LoginPrompts = {
    phone: () => next('phone'),
    code: (viaApp) => next(`code${viaApp ? ' (app)' : ''}`),
    password: (hint) => next(`password (${hint})`),
    problem: (message) => problems.push(message),
  };
  return { prompts, asked, problems };
}

describe('createLoginSession', () => {
  it('asks phone, code (again after a wrong one) and 2FA password, then returns the session', async () => {
    const { client, log, save } = fakeLoginClient();
    const { prompts, asked, problems } = scripted([
      '+79161230000',
      '11111',
      ' 12345 ',
      'кот-Барсик-2024',
    ]);
    const result = await createLoginSession(client, save, prompts);
    expect(result).toEqual({
      session: '1BVtsOKABu_fake_session_string',
      account: '5000000001 (@course_admin, Админ Курса)',
    });
    expect(asked).toEqual(['phone', 'code (app)', 'code (app)', 'password (любимый кот)']);
    expect(problems).toEqual(['PHONE_CODE_INVALID']);
    expect(log.destroyed).toBe(1);
  });

  it('stops when the input ends instead of asking forever', async () => {
    const { client, log, save } = fakeLoginClient();
    const { prompts, asked } = scripted(['+79161230000']);
    await expect(createLoginSession(client, save, prompts)).rejects.toThrow(
      new TelegramGroupError('login cancelled: standard input ended'),
    );
    expect(asked).toEqual(['phone', 'code (app)']);
    expect(log.destroyed).toBe(1);
  });

  it('gives up after five refused attempts', async () => {
    const { client, save } = fakeLoginClient();
    const { prompts, problems } = scripted(['+79161230000', '1', '2', '3', '4', '5', '6']);
    await expect(createLoginSession(client, save, prompts)).rejects.toThrow(
      'login stopped after 5 refused attempts',
    );
    expect(problems).toHaveLength(5);
  });

  it('fails clearly when Telegram cannot be reached', async () => {
    const { client, log, save } = fakeLoginClient({ connects: false });
    await expect(createLoginSession(client, save, scripted([]).prompts)).rejects.toThrow(
      'cannot reach Telegram: every connection attempt failed',
    );
    expect(log.destroyed).toBe(1);
  });
});
