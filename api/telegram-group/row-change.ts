/**
 * What one member changes in `telegram_users`. A value we know is never replaced by an empty
 * one: the API hides phones (and sometimes names) depending on the viewer's privacy settings,
 * and a file export may lack columns, yet neither means the person removed them.
 */
import type { Tables } from '../db/tables.ts';
import type { GroupMember } from './group-member.ts';
import { formatPhone, normalizePhone } from './identifiers.ts';

export type TelegramUserRow = Tables['telegramUsers']['$inferSelect'];
type Insert = Tables['telegramUsers']['$inferInsert'];
type Patch = Partial<
  Pick<TelegramUserRow, 'firstName' | 'lastName' | 'username' | 'phone' | 'userId'>
>;

export type RowChange =
  { kind: 'insert'; values: Insert } | { kind: 'update'; values: Patch } | { kind: 'none' };

/** Stored as +<digits>; a phone the normaliser cannot read is kept as it came. */
function storedPhone(phone: string | undefined): string | undefined {
  if (!phone) return undefined;
  const digits = normalizePhone(phone);
  return digits ? formatPhone(digits) : phone;
}

const samePhone = (a: string | null, b: string): boolean =>
  a !== null && (normalizePhone(a) ?? a) === (normalizePhone(b) ?? b);

/** `userId`: the link decided for this member, or undefined to keep whatever the row has. */
export function memberRowChange(
  member: GroupMember,
  row: TelegramUserRow | undefined,
  userId: number | undefined,
): RowChange {
  const phone = storedPhone(member.phone);
  if (!row) {
    return {
      kind: 'insert',
      values: {
        telegramId: member.telegramId,
        firstName: member.firstName,
        lastName: member.lastName ?? null,
        username: member.username ?? null,
        phone: phone ?? null,
        userId: userId ?? null,
      },
    };
  }
  const patch: Patch = {};
  if (member.firstName && member.firstName !== row.firstName) patch.firstName = member.firstName;
  if (member.lastName && member.lastName !== row.lastName) patch.lastName = member.lastName;
  if (member.username && member.username !== row.username) patch.username = member.username;
  if (phone && !samePhone(row.phone, phone)) patch.phone = phone;
  if (userId !== undefined && userId !== row.userId) patch.userId = userId;
  return Object.keys(patch).length > 0 ? { kind: 'update', values: patch } : { kind: 'none' };
}
