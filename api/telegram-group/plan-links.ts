/**
 * Which group members belong to which student, decided only where it is certain:
 *  (a) a `users` row already has the member's telegram_id (they signed in with Telegram), or
 *  (b) the member's phone or @username appears in the match file next to a student's email,
 *      that student has no telegram_id yet, and the pairing is one-to-one: the member matches
 *      no other student and no other member matches this student.
 * Everything else is reported and left alone: a wrong link would show one student another's
 * progress and let them sign in as each other.
 */
import type { GroupMember } from './group-member.ts';
import { normalizePhone, usernameKey } from './identifiers.ts';
import type { MatchEntry } from './match-list.ts';

export interface UserRef {
  id: number;
  email: string | null;
  telegramId: number | null;
}

export interface Link {
  userId: number;
  /** Rule (b): users.telegram_id is set as well. */
  setUserTelegramId: boolean;
  via: 'telegram_id' | 'phone' | 'username';
}

export interface LinkPlan {
  links: Map<number, Link>;
  /** Members left unlinked because the match is not one-to-one. */
  ambiguous: number;
  /** Members left unlinked because the student already has another Telegram account. */
  conflicts: number;
  /** Emails in the match file that matched a member but have no account. */
  unknownEmails: string[];
  /** One human line per decision not taken. */
  notes: string[];
}

export interface LinkInput {
  members: readonly GroupMember[];
  /** Users whose telegram_id is one of the members' ids. */
  usersByTelegramId: ReadonlyMap<number, UserRef>;
  matches: readonly MatchEntry[];
  /** Users whose email appears in the match file (keys lower-cased). */
  usersByEmail: ReadonlyMap<string, UserRef>;
}

export function describeMember(m: GroupMember): string {
  const name = [m.firstName, m.lastName].filter(Boolean).join(' ');
  const extra = [m.username ? `@${m.username}` : '', name].filter(Boolean).join(', ');
  return extra ? `${m.telegramId} (${extra})` : String(m.telegramId);
}

const describeUser = (u: UserRef): string => u.email ?? `user #${u.id}`;

function index(
  entries: readonly MatchEntry[],
  key: 'phone' | 'username',
): Map<string, MatchEntry[]> {
  const map = new Map<string, MatchEntry[]>();
  for (const entry of entries) {
    const value = entry[key];
    if (value) map.set(value, [...(map.get(value) ?? []), entry]);
  }
  return map;
}

/** By email: two emails for one phone are two people to us, even if one has no account yet. */
type Candidates = Map<string, { user: UserRef | undefined; via: Set<'phone' | 'username'> }>;

const describeCandidate = (email: string, user: UserRef | undefined): string =>
  user ? describeUser(user) : `${email} (no account)`;

export function planLinks(input: LinkInput): LinkPlan {
  const plan: LinkPlan = {
    links: new Map(),
    ambiguous: 0,
    conflicts: 0,
    unknownEmails: [],
    notes: [],
  };
  const byPhone = index(input.matches, 'phone');
  const byUsername = index(input.matches, 'username');
  const unknown = new Set<string>();
  const candidates = new Map<number, Candidates>();
  const claims = new Map<string, GroupMember[]>();

  for (const member of input.members) {
    const owner = input.usersByTelegramId.get(member.telegramId);
    if (owner) {
      plan.links.set(member.telegramId, {
        userId: owner.id,
        setUserTelegramId: false,
        via: 'telegram_id',
      });
      continue;
    }
    const found: Candidates = new Map();
    const add = (entries: MatchEntry[] | undefined, via: 'phone' | 'username'): void => {
      for (const { email } of entries ?? []) {
        const user = input.usersByEmail.get(email);
        if (!user) unknown.add(email);
        if (found.has(email)) found.get(email)!.via.add(via);
        else found.set(email, { user, via: new Set([via]) });
      }
    };
    const phone = member.phone ? normalizePhone(member.phone) : null;
    if (phone) add(byPhone.get(phone), 'phone');
    if (member.username) add(byUsername.get(usernameKey(member.username)), 'username');
    if (found.size === 0) continue;
    candidates.set(member.telegramId, found);
    for (const email of found.keys()) claims.set(email, [...(claims.get(email) ?? []), member]);
  }

  const reported = new Set<string>();
  for (const member of input.members) {
    const found = candidates.get(member.telegramId);
    if (!found) continue;
    const who = describeMember(member);
    if (found.size > 1) {
      plan.ambiguous += 1;
      const list = [...found]
        .map(([email, c]) => `${describeCandidate(email, c.user)} by ${[...c.via].join(' and ')}`)
        .join(', ');
      plan.notes.push(
        `ambiguous: member ${who} matches ${found.size} students: ${list}; not linked`,
      );
      continue;
    }
    const [[email, { user, via }]] = [...found] as [
      [string, { user: UserRef | undefined; via: Set<'phone' | 'username'> }],
    ];
    const rivals = claims.get(email) ?? [];
    if (rivals.length > 1) {
      plan.ambiguous += 1;
      if (!reported.has(email)) {
        reported.add(email);
        plan.notes.push(
          `ambiguous: student ${describeCandidate(email, user)} is matched by ${rivals.length} members: ${rivals.map(describeMember).join('; ')}; not linked`,
        );
      }
      continue;
    }
    // No account yet: listed once below, linked by a later run after the Boomstream import.
    if (!user) continue;
    if (user.telegramId !== null) {
      plan.conflicts += 1;
      plan.notes.push(
        `not linked: member ${who} matches ${describeUser(user)} by ${[...via].join(' and ')}, but that student is already linked to Telegram id ${user.telegramId}`,
      );
      continue;
    }
    plan.links.set(member.telegramId, {
      userId: user.id,
      setUserTelegramId: true,
      via: via.has('phone') ? 'phone' : 'username',
    });
  }
  plan.unknownEmails = [...unknown].sort();
  if (plan.unknownEmails.length > 0) {
    const shown = plan.unknownEmails.slice(0, 5).join(', ');
    plan.notes.push(
      `no account for ${plan.unknownEmails.length} matched email(s) from the match file: ${shown}${plan.unknownEmails.length > 5 ? ', …' : ''} (import the Boomstream users first?)`,
    );
  }
  return plan;
}
