/**
 * `telegram login`: signs the operator's Telegram account in once (phone, code, 2FA password)
 * and returns the GramJS session string for TELEGRAM_SESSION. The string is the whole
 * authorization — whoever has it can read and write as that account — so it is returned to
 * the caller and never logged here.
 */
import { TelegramGroupError } from './errors.ts';
import { gramUserToMember, type GramUserLike } from './gramjs-member.ts';
import { describeMember } from './plan-links.ts';
import { connectOrFail, explainTelegramError, withTimeout } from './telegram-client.ts';

export interface LoginPrompts {
  phone(): Promise<string>;
  /** `viaApp`: the code went to the Telegram app rather than by SMS. */
  code(viaApp: boolean): Promise<string>;
  password(hint: string | undefined): Promise<string>;
  /** A refused attempt (wrong code, …): said to the operator before asking again. */
  problem(message: string): void;
}

/** The part of TelegramClient the login uses (tests pass a fake). */
export interface LoginClient {
  connect(): Promise<unknown>;
  start(params: {
    phoneNumber: () => Promise<string>;
    phoneCode: (isCodeViaApp?: boolean) => Promise<string>;
    password: (hint?: string) => Promise<string>;
    onError: (error: Error) => Promise<boolean>;
  }): Promise<void>;
  getMe(): Promise<unknown>;
  destroy(): Promise<unknown>;
}

export interface LoginResult {
  session: string;
  /** `5123456789 (@name, Имя Фамилия)`: whose account the session opens. */
  account: string;
}

const MAX_PROBLEMS = 5;

/** `saveSession` reads the string after sign-in (StringSession.save()). */
export async function createLoginSession(
  client: LoginClient,
  saveSession: () => string,
  prompts: LoginPrompts,
): Promise<LoginResult> {
  let cancelled: unknown;
  let problems = 0;
  // GramJS swallows some callback failures and asks again; remember ours to stop the loop.
  const guard =
    <A extends unknown[]>(ask: (...args: A) => Promise<string>) =>
    async (...args: A): Promise<string> => {
      try {
        const answer = (await ask(...args)).trim();
        if (!answer) throw new TelegramGroupError('no answer given');
        return answer;
      } catch (error) {
        cancelled = error;
        throw error;
      }
    };
  try {
    await connectOrFail(client);
    await client.start({
      phoneNumber: guard(() => prompts.phone()),
      phoneCode: guard((viaApp?: boolean) => prompts.code(Boolean(viaApp))),
      password: guard((hint?: string) => prompts.password(hint || undefined)),
      onError: async (error) => {
        if (cancelled) return true;
        problems += 1;
        prompts.problem((error as { errorMessage?: string }).errorMessage ?? error.message);
        return problems >= MAX_PROBLEMS;
      },
    });
    const session = saveSession();
    if (!session) throw new TelegramGroupError('Telegram did not sign in (no session was created)');
    const account = describeMember(gramUserToMember((await client.getMe()) as GramUserLike));
    return { session, account };
  } catch (error) {
    if (cancelled instanceof TelegramGroupError)
      throw new TelegramGroupError(`login cancelled: ${cancelled.message}`);
    if (cancelled)
      throw new TelegramGroupError(
        `login cancelled: ${(cancelled as Error).message ?? String(cancelled)}`,
      );
    if ((error as Error).message === 'AUTH_USER_CANCEL')
      throw new TelegramGroupError(`login stopped after ${problems} refused attempts`);
    throw explainTelegramError(error, 'the group');
  } finally {
    await withTimeout(client.destroy(), 10, 'disconnecting').catch(() => undefined);
  }
}
