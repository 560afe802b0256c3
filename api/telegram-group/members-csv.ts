/**
 * Members from CSV, e.g. an export made with a group admin tool: a header line naming the
 * columns in English or Russian, then one member a line. Only the id column is required.
 */
import { findColumn, parseCsv } from './csv.ts';
import { MemberFileError, TelegramGroupError } from './errors.ts';
import type { GroupMember } from './group-member.ts';
import { toGroupMember, type RawMember } from './member-fields.ts';

/** Header names per field, compared after lower-casing and turning spaces and dashes into _. */
export const MEMBER_COLUMNS: Record<Exclude<keyof RawMember, 'isBot' | 'deleted'>, string[]> = {
  id: ['id', 'telegram_id', 'user_id', 'tg_id'],
  firstName: ['first_name', 'firstname', 'имя'],
  lastName: ['last_name', 'lastname', 'фамилия'],
  username: ['username', 'имя_пользователя', 'юзернейм', 'ник'],
  phone: ['phone', 'phone_number', 'телефон', 'номер_телефона'],
};

export function parseMembersCsv(text: string, name: string): GroupMember[] {
  let table;
  try {
    table = parseCsv(text);
  } catch (error) {
    throw new TelegramGroupError(`${name}: ${(error as Error).message}`);
  }
  const columns = Object.entries(MEMBER_COLUMNS).map(
    ([key, names]) => [key as keyof RawMember, findColumn(table.headers, names)] as const,
  );
  if (columns.find(([key]) => key === 'id')?.[1] === -1) {
    throw new TelegramGroupError(
      `${name}: line 1 has no id column (found: ${table.headers.join(', ') || 'nothing'}); expected one of ${MEMBER_COLUMNS.id.join(', ')}`,
    );
  }
  return table.records.map((record) => {
    const raw: RawMember = {};
    for (const [key, index] of columns) {
      if (index >= 0) raw[key] = { field: table.headers[index]!, value: record.cells[index] ?? '' };
    }
    const fail = (field: string, problem: string): never => {
      throw new MemberFileError(name, `line ${record.line}`, field, problem);
    };
    return toGroupMember(raw, fail);
  });
}
