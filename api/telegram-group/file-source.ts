/**
 * Members from a file, for groups the API account cannot reach: JSON (Bot API / GramJS shapes)
 * or CSV (an admin tool's export). The whole file is checked before anything is imported.
 */
import path from 'node:path';
import { decodeUtf8, readInputFile } from './csv.ts';
import { memberList, type GroupMember, type MemberSource } from './group-member.ts';
import { parseMembersCsv } from './members-csv.ts';
import { parseMembersJson } from './members-json.ts';

/** JSON by extension or, for other names, by the first character; everything else is CSV. */
export function parseMembersFile(bytes: Uint8Array, name: string): GroupMember[] {
  const text = decodeUtf8(bytes, name);
  const ext = path.extname(name).toLowerCase();
  const looksJson = ext === '.json' || (ext !== '.csv' && /^\s*[[{]/.test(text));
  return looksJson ? parseMembersJson(text, name) : parseMembersCsv(text, name);
}

export function readMembersFile(file: string): GroupMember[] {
  const bytes = readInputFile(file);
  return parseMembersFile(bytes, file);
}

/** A MemberSource over a file; the group name is not needed (the file is the group). */
export function fileMemberSource(file: string): MemberSource {
  return memberList(readMembersFile(file));
}
