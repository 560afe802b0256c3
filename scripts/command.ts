/** The shape of one CLI command and the helpers every command shares. */
import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandInput {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
}

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  /** Standard input as text (commands that read it). */
  readStdin: () => Promise<string>;
  /** True when stderr is a terminal: progress bars are drawn only then. */
  interactive: boolean;
}

export interface Command {
  /** One or two words: `migrate`, `content import-menu-tree`. */
  name: string;
  summary: string;
  /** Arguments after the name, as shown in help: `<file> [--course-id N]`. */
  usage: string;
  /** Longer help text: what it does, each option. */
  help: string;
  options?: OptionSpec;
  positionals?: { min: number; max: number };
  /** Returns the exit code (0 when omitted). */
  run(input: CommandInput, io: CommandIo): Promise<number | void>;
}

/** An expected failure: printed as one line on stderr, exit code 1 (or the one given). */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export function stringOption(input: CommandInput, name: string): string | undefined {
  const value = input.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A whole-number option, or a CliError naming it. */
export function integerOption(
  input: CommandInput,
  name: string,
  { min = -Infinity } = {},
): number | undefined {
  const raw = stringOption(input, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw) || Number(raw) < min)
    throw new CliError(
      `--${name} must be a whole number${min > -Infinity ? ` ≥ ${min}` : ''}, got "${raw}"`,
    );
  return Number(raw);
}
