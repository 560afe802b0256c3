/**
 * Expected failures of the group import: the CLI prints their message as the one-line reason.
 * Anything else that escapes is a bug or an outage, not the operator's mistake.
 */

/** An operator-fixable problem: a missing setting, a group we cannot reach, a refused request. */
export class TelegramGroupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TelegramGroupError';
  }
}

/**
 * A bad record in a members or match file, pointing at it: `[2]` (JSON index) or `line 4`
 * (CSV), and the field. Nothing is imported when one is found.
 */
export class MemberFileError extends TelegramGroupError {
  readonly file: string;
  readonly where: string;
  readonly field: string | undefined;
  constructor(file: string, where: string, field: string | undefined, problem: string) {
    const place = where.startsWith('[')
      ? `${where}${field ? `.${field}` : ''}`
      : `${where}${field ? `: ${field}` : ''}`;
    super(`${file}: ${place}: ${problem}`);
    this.name = 'MemberFileError';
    this.file = file;
    this.where = where;
    this.field = field;
  }
}
