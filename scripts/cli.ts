/**
 * One CLI, many commands: `npm run cli -- <command> [args]` or the `course` bin.
 * This file only dispatches; each command lives in ./commands/<name>.ts and is imported only
 * when it runs (or prints its help), so this file imports nothing from api/.
 */
import { parseArgs } from 'node:util';
import { CliError, type Command, type CommandIo } from './command.ts';
import { commands, type CommandEntry } from './commands/index.ts';

const PROGRAM = 'npm run cli --';

function topHelp(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    `Run "${PROGRAM} <command> --help" for a command's options.`,
  ].join('\n');
}

export function commandHelp(command: Command): string {
  return [
    `Usage: ${PROGRAM} ${command.name}${command.usage ? ` ${command.usage}` : ''}`,
    '',
    command.summary,
    '',
    command.help.trim(),
  ].join('\n');
}

function findCommand(argv: string[]): { command?: CommandEntry; rest: string[]; group?: string } {
  const [first, second] = argv;
  const two = commands.find((c) => c.name === `${first} ${second}`);
  if (two) return { command: two, rest: argv.slice(2) };
  const one = commands.find((c) => c.name === first);
  if (one) return { command: one, rest: argv.slice(1) };
  const isGroup = commands.some((c) => c.name.startsWith(`${first} `));
  return { rest: argv.slice(1), group: isGroup ? first : undefined };
}

const defaultIo: CommandIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
  interactive: Boolean(process.stderr.isTTY),
};

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], io: CommandIo = defaultIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(topHelp());
    return argv.length === 0 ? 1 : 0;
  }
  const { command: entry, rest, group } = findCommand(argv);
  if (!entry) {
    if (group) {
      const subs = commands.filter((c) => c.name.startsWith(`${group} `));
      if (rest.length === 0 || rest[0] === '--help' || rest[0] === '-h') {
        io.out(
          [`Commands under "${group}":`, ...subs.map((c) => `  ${c.name}  ${c.summary}`)].join(
            '\n',
          ),
        );
        return rest.length === 0 ? 1 : 0;
      }
      io.err(
        `error: unknown command "${group} ${rest[0]}"; try: ${subs.map((c) => c.name).join(', ')}`,
      );
    } else {
      io.err(`error: unknown command "${argv[0]}"; run "${PROGRAM} --help" for the list`);
    }
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return 0;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: command.options ?? {},
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new CliError(
        `${(error as Error).message.split('\n')[0]} (see "${PROGRAM} ${command.name} --help")`,
        2,
      );
    }
    const { min, max } = command.positionals ?? { min: 0, max: 0 };
    if (parsed.positionals.length < min)
      throw new CliError(`missing argument: ${PROGRAM} ${command.name} ${command.usage}`, 2);
    if (parsed.positionals.length > max)
      throw new CliError(
        `unexpected argument "${parsed.positionals[max]}" (see "${PROGRAM} ${command.name} --help")`,
        2,
      );
    const code = await command.run({ values: parsed.values, positionals: parsed.positionals }, io);
    return code ?? 0;
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`error: ${error.message}`);
      return error.exitCode;
    }
    // By name, not instanceof: importing their modules here would load the config, the
    // database drivers and the content parser for every command, even `--help`.
    if (error instanceof Error && (error.name === 'ConfigError' || error.name === 'ContentError')) {
      // Several problems at once: one summary line, then the list.
      io.err(`error: ${error.message}`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`error: ${message.split('\n')[0]}`);
    if (process.env.DEBUG && error instanceof Error && error.stack) io.err(error.stack);
    return 1;
  }
}
