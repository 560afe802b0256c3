/**
 * `telegram check-init-data` and `telegram check-login`: the operator's view of the exact checks
 * the site runs (api/telegram), for when a Mini App or a widget login is refused.
 */
import {
  type CheckFailure,
  DEFAULT_INIT_DATA_MAX_AGE_IN_SECONDS,
  DEFAULT_LOGIN_MAX_AGE_IN_SECONDS,
  describeFailure,
  describeInitData,
  describeLoginWidget,
  verifyInitData,
  verifyInitDataSignature,
  verifyLoginWidget,
} from '#api/telegram/index.ts';
import {
  CliError,
  integerOption,
  stringOption,
  type Command,
  type CommandInput,
  type CommandIo,
  type OptionSpec,
} from '../command.ts';

const sharedOptions: OptionSpec = {
  token: { type: 'string' },
  'max-age': { type: 'string' },
  now: { type: 'string' },
};

const optionsHelp = (defaultMaxAgeInSeconds: number): string => `
Options:
  --token T      the bot token the data should have been signed for (required)
  --max-age S    how old auth_date may be, in seconds (default ${defaultMaxAgeInSeconds}); 0 skips every
                 time check, to see whether the signature alone is right
  --now T        the current time as unix seconds (default: the clock), e.g. to re-check
                 data as it was when a user reported the failure`;

const outcomeHelp = `
Prints "valid" and a summary line and exits 0, or "invalid: <reason> (<details>)" (also on
stderr) and exits 1. Wrong usage, such as a missing --token, exits 2.`;

interface TimeOptions {
  token: string;
  maxAgeInSeconds: number;
  nowInSeconds: number | undefined;
}

/** Usage mistakes exit 2, apart from the exit 1 that means "the data is invalid". */
function usageInteger(input: CommandInput, name: string, min: number): number | undefined {
  try {
    return integerOption(input, name, { min });
  } catch (error) {
    throw new CliError((error as Error).message, 2);
  }
}

function readTimeOptions(input: CommandInput, defaultMaxAgeInSeconds: number): TimeOptions {
  const token = stringOption(input, 'token');
  if (!token)
    throw new CliError(
      '--token is required: the bot token the data should have been signed for',
      2,
    );
  return {
    token,
    maxAgeInSeconds: usageInteger(input, 'max-age', 0) ?? defaultMaxAgeInSeconds,
    nowInSeconds: usageInteger(input, 'now', 0),
  };
}

/** The data as pasted or piped: one trailing newline (from echo or a file) is not part of it. */
async function readData(io: CommandIo): Promise<string> {
  return (await io.readStdin()).replace(/\r?\n$/, '');
}

/**
 * The verdict is the command's answer, so it goes to stdout like "valid"; the CLI contract also
 * promises a one-line reason on stderr for every non-zero exit, so the same line goes there.
 */
function reportInvalid(io: CommandIo, failure: CheckFailure<string>): number {
  const line = `invalid: ${describeFailure(failure)}`;
  io.out(line);
  io.err(line);
  return 1;
}

export const checkInitDataCommand: Command = {
  name: 'telegram check-init-data',
  summary: 'Check Mini App initData (read from stdin) against a bot token',
  usage: '--token T [--max-age S] [--now T] [--bot-id N [--test-env]] < initData',
  help: `
Use it when the Mini App is refused (401 from /api/auth/telegram-webapp): paste the raw
initData the client sent (Telegram.WebApp.initData, or the Authorization header value with or
without its "tma " prefix) on stdin. It runs the same check as the server: the HMAC "hash"
keyed with the bot token, then auth_date freshness. A bad hash usually means the wrong token
(dev vs prod bot) or data that was rebuilt instead of sent byte for byte.
${optionsHelp(DEFAULT_INIT_DATA_MAX_AGE_IN_SECONDS)}
  --bot-id N     also check Telegram's Ed25519 "signature" field for bot id N (the number
                 before ":" in the token); only newer clients send it
  --test-env     with --bot-id: use Telegram's test-environment key instead of production
${outcomeHelp}`,
  options: { ...sharedOptions, 'bot-id': { type: 'string' }, 'test-env': { type: 'boolean' } },
  async run(input, io) {
    const { token, maxAgeInSeconds, nowInSeconds } = readTimeOptions(
      input,
      DEFAULT_INIT_DATA_MAX_AGE_IN_SECONDS,
    );
    const botId = usageInteger(input, 'bot-id', 1);
    const environment = input.values['test-env'] === true ? 'test' : 'production';
    if (environment === 'test' && botId === undefined)
      throw new CliError('--test-env only applies to the Ed25519 check: add --bot-id N', 2);
    const raw = (await readData(io)).replace(/^tma /, '');
    const result = verifyInitData(raw, token, { maxAgeInSeconds, nowInSeconds });
    if (!result.ok) return reportInvalid(io, result);
    if (botId !== undefined) {
      const signed = verifyInitDataSignature(raw, botId, {
        maxAgeInSeconds,
        nowInSeconds,
        environment,
      });
      if (!signed.ok) return reportInvalid(io, signed);
    }
    io.out('valid');
    io.out(describeInitData(result.data));
    if (botId !== undefined) io.out(`ed25519 signature valid (bot ${botId}, ${environment} key)`);
    return 0;
  },
};

/** The widget's query string, or the callback URL (absolute or a path) it arrived on. */
function loginQuery(data: string): string {
  if (!/^(https?:\/\/|\/)/i.test(data)) return data;
  try {
    return new URL(data, 'http://callback.invalid').search;
  } catch {
    return data; // not a URL after all: let the check report what is wrong with it
  }
}

export const checkLoginCommand: Command = {
  name: 'telegram check-login',
  summary: 'Check Telegram Login Widget fields (read from stdin) against a bot token',
  usage: '--token T [--max-age S] [--now T] < query-or-callback-url',
  help: `
Use it when a website login with the Telegram widget fails (401 from /auth/telegram/callback):
paste the callback URL from the browser or server log, or just its query string
(id=…&first_name=…&auth_date=…&hash=…), on stdin. It runs the same check as the server: the
HMAC "hash" keyed with SHA-256 of the bot token over every received field, then auth_date
freshness. A bad hash usually means the wrong token, or extra parameters on the callback URL.
${optionsHelp(DEFAULT_LOGIN_MAX_AGE_IN_SECONDS)}
${outcomeHelp}`,
  options: sharedOptions,
  async run(input, io) {
    const { token, maxAgeInSeconds, nowInSeconds } = readTimeOptions(
      input,
      DEFAULT_LOGIN_MAX_AGE_IN_SECONDS,
    );
    const result = verifyLoginWidget(loginQuery(await readData(io)), token, {
      maxAgeInSeconds,
      nowInSeconds,
    });
    if (!result.ok) return reportInvalid(io, result);
    io.out('valid');
    io.out(describeLoginWidget(result.data));
    return 0;
  },
};
