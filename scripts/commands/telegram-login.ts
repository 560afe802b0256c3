/**
 * `telegram login`: creates the GramJS session string the group import signs in with. Prompts
 * and messages go to stderr, the one line to keep goes to stdout, so
 * `npm run cli -- telegram login >> .env` stores it without showing it on screen.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { getConfig } from '#api/config.ts';
import { TelegramGroupError } from '#api/telegram-group/errors.ts';
import { createLoginSession, type LoginPrompts } from '#api/telegram-group/login-session.ts';
import { requireApiCredentials } from '#api/telegram-group/settings.ts';
import { createTelegramClient } from '#api/telegram-group/telegram-client.ts';
import { CliError, type Command } from '../command.ts';

interface Prompter {
  ask(question: string, secret?: boolean): Promise<string>;
  close(): void;
}

/**
 * Lines from stdin through readline's async iterator, which buffers: piped answers that
 * arrive before their question are kept, not dropped. A secret answer is not echoed.
 */
function createPrompter(input: NodeJS.ReadStream, output: NodeJS.WriteStream): Prompter {
  let muted = false;
  const echo = new Writable({
    write(chunk, encoding, done) {
      if (!muted) output.write(chunk, encoding);
      done();
    },
  });
  const rl = createInterface({ input, output: echo, terminal: Boolean(input.isTTY) });
  rl.on('SIGINT', () => rl.close());
  const lines = rl[Symbol.asyncIterator]();
  return {
    async ask(question, secret = false) {
      output.write(question);
      muted = secret;
      try {
        const next = await lines.next();
        if (next.done) throw new TelegramGroupError('standard input ended');
        return next.value;
      } finally {
        if (secret && muted && input.isTTY) output.write('\n');
        muted = false;
      }
    },
    close: () => rl.close(),
  };
}

const SECRET_WARNING = [
  'TELEGRAM_SESSION is a secret: it gives FULL ACCESS to this Telegram account (read and send',
  "messages, see contacts). Keep it only in the server's secret settings or a local .env that is",
  'never committed; never paste it into chats or tickets. To revoke it: Telegram → Settings →',
  'Devices → end the "course-site CLI" session.',
];

export const telegramLoginCommand: Command = {
  name: 'telegram login',
  summary: 'Sign a Telegram account in and print TELEGRAM_SESSION for the group import',
  usage: '',
  help: `
Signs in to Telegram with TELEGRAM_API_ID / TELEGRAM_API_HASH (an app from
https://my.telegram.org) as the account that will read the group's members — a member of the
group, or an admin if the group hides its member list. Asks for the phone number, the code
Telegram sends, and the two-step verification password if the account has one, then prints
one line, TELEGRAM_SESSION=<string>, on standard output (prompts go to standard error):
  npm run cli -- telegram login >> .env
The string is a secret with full access to the account; revoke it in Telegram → Settings →
Devices.`,
  async run(_input, io) {
    let credentials;
    try {
      credentials = requireApiCredentials(getConfig().telegram);
    } catch (error) {
      if (error instanceof TelegramGroupError) throw new CliError(error.message);
      throw error;
    }
    const { client, session } = createTelegramClient(credentials);
    const prompter = createPrompter(process.stdin, process.stderr);
    const prompts: LoginPrompts = {
      phone: () => prompter.ask('Phone number of the account, international format (+7…): '),
      code: (viaApp) =>
        prompter.ask(`Code from Telegram (${viaApp ? 'see the Telegram app' : 'sent by SMS'}): `),
      password: (hint) =>
        prompter.ask(`Two-step verification password${hint ? ` (hint: ${hint})` : ''}: `, true),
      problem: (message) => io.err(`Telegram refused: ${message}; try again`),
    };
    try {
      const result = await createLoginSession(client, () => session.save(), prompts);
      io.err(`Signed in as ${result.account}.`);
      for (const line of SECRET_WARNING) io.err(line);
      io.out(`TELEGRAM_SESSION=${result.session}`);
    } catch (error) {
      if (error instanceof TelegramGroupError) throw new CliError(error.message);
      throw error;
    } finally {
      prompter.close();
    }
  },
};
