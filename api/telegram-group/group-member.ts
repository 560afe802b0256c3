/**
 * One member of the course's Telegram group, whatever it came from (the MTProto API or a file),
 * and the boundary the importer reads members through. Tests put a fake behind `MemberSource`.
 */

export interface GroupMember {
  /** The Telegram user id; always below 2^53 (sources refuse larger ones). */
  telegramId: number;
  /** '' when Telegram shows none (deleted accounts). */
  firstName: string;
  lastName?: string;
  /** Without the leading @, as Telegram spells it. */
  username?: string;
  /** As the source gave it; only visible to the API when the member shares it with us. */
  phone?: string;
  isBot?: boolean;
  deleted?: boolean;
}

export interface MemberSource {
  /** Yields every member once; bots and deleted accounts are flagged, the importer skips them. */
  listMembers(group: string): AsyncIterable<GroupMember>;
}

/** Members already in memory (a parsed file, a test): a source that ignores the group name. */
export function memberList(members: readonly GroupMember[]): MemberSource {
  return {
    async *listMembers(): AsyncIterable<GroupMember> {
      yield* members;
    },
  };
}
