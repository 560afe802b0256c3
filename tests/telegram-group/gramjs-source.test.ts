/**
 * The GramJS source against a fake client at the TelegramClient boundary: how the group is
 * found, how members are paged and joined to their users, and that the connection is always
 * closed. What a real Telegram account sees is out of reach here (see the report).
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '#api/config.ts';
import { TelegramGroupError } from '#api/telegram-group/errors.ts';
import { gramJsMemberSource } from '#api/telegram-group/gramjs-source.ts';
import type { GroupMember } from '#api/telegram-group/group-member.ts';
import { parseGroupRef } from '#api/telegram-group/group-ref.ts';
import { requireGroupImportSettings } from '#api/telegram-group/settings.ts';
import { bigInteger, fakeGramClient, gramUser, type FakeGroup } from './gram-fakes.ts';

const SETTINGS = {
  apiId: 123456,
  apiHash: '0123456789abcdef0123456789abcdef',
  session: 'unused by the fake',
};

const MEMBERS = [
  gramUser('5123456701', { firstName: 'Анна', lastName: 'Смирнова', username: 'anna_smirnova' }),
  gramUser('5123456702', { firstName: 'Дмитрий', lastName: 'Козлов', phone: '79161234502' }),
  gramUser('6012345606', { firstName: 'Курс Бот', username: 'course_helper_bot', bot: true }),
  gramUser('5123456707', { deleted: true }),
  gramUser('7012345605', {
    firstName: 'Ольга',
    usernames: [{ username: 'olga_morozova', active: true }],
  }),
];
const INVITER = gramUser('5000000001', { firstName: 'Админ', lastName: 'Курса' });

function supergroup(extra: Partial<FakeGroup> = {}): FakeGroup {
  return {
    className: 'Channel',
    id: '-1001987654321',
    username: 'python_course_chat',
    inviteHash: 'AbCdEf123',
    members: MEMBERS,
    extraUsers: [INVITER],
    ...extra,
  };
}

async function list(
  source: ReturnType<typeof gramJsMemberSource>,
  group: string,
): Promise<GroupMember[]> {
  const members: GroupMember[] = [];
  for await (const member of source.listMembers(group)) members.push(member);
  return members;
}

async function failure(
  source: ReturnType<typeof gramJsMemberSource>,
  group: string,
): Promise<Error> {
  try {
    await list(source, group);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the listing to fail');
}

const ids = (members: GroupMember[]): number[] => members.map((m) => m.telegramId);

describe('gramJsMemberSource', () => {
  it('pages a supergroup found by @username, keeps only members (not inviters), and disconnects', async () => {
    const { client, log } = fakeGramClient(supergroup());
    const members = await list(
      gramJsMemberSource(SETTINGS, { pageSize: 2, client: () => client }),
      '@python_course_chat',
    );
    expect(ids(members)).toEqual([5123456701, 5123456702, 6012345606, 5123456707, 7012345605]);
    expect(members[1]).toEqual({
      telegramId: 5123456702,
      firstName: 'Дмитрий',
      lastName: 'Козлов',
      phone: '+79161234502',
    });
    expect(members.filter((m) => m.isBot || m.deleted).map((m) => m.telegramId)).toEqual([
      6012345606, 5123456707,
    ]);
    expect(log.pages).toEqual([
      { offset: 0, limit: 2 },
      { offset: 2, limit: 2 },
      { offset: 4, limit: 2 },
    ]);
    expect(log.calls.slice(0, 3)).toEqual([
      'connect',
      'checkAuthorization',
      'getEntity python_course_chat',
    ]);
    expect(log.destroyed).toBe(1);
  });

  it('warns when Telegram lists fewer members than the group has', async () => {
    const { client, log } = fakeGramClient(supergroup({ count: 12000 }));
    const warnings: string[] = [];
    const members = await list(
      gramJsMemberSource(SETTINGS, {
        pageSize: 2,
        client: () => client,
        onWarning: (m) => warnings.push(m),
      }),
      '@python_course_chat',
    );
    expect(members).toHaveLength(5);
    expect(log.pages.map((p) => p.offset)).toEqual([0, 2, 4, 5]);
    expect(warnings).toEqual([
      'Telegram listed only 5 of the 12000 members of @python_course_chat; import the rest from a member file exported by an admin tool',
    ]);
    const complete: string[] = [];
    const { client: again } = fakeGramClient(supergroup());
    await list(
      gramJsMemberSource(SETTINGS, { client: () => again, onWarning: (m) => complete.push(m) }),
      '@python_course_chat',
    );
    expect(complete).toEqual([]);
  });

  it("asks for at most 200 members a request, Telegram's cap", async () => {
    const { client, log } = fakeGramClient(supergroup());
    await list(
      gramJsMemberSource(SETTINGS, { pageSize: 1000, client: () => client }),
      'https://t.me/python_course_chat',
    );
    expect(log.pages).toEqual([{ offset: 0, limit: 200 }]);
  });

  it('yields a member listed twice (the list shifted while paging) once', async () => {
    const [a, b, c] = MEMBERS;
    const { client } = fakeGramClient(
      supergroup({ members: [a!, b!, { ...b!, id: bigInteger('5123456702') }, c!] }),
    );
    expect(
      ids(
        await list(
          gramJsMemberSource(SETTINGS, { pageSize: 2, client: () => client }),
          '@python_course_chat',
        ),
      ),
    ).toEqual([5123456701, 5123456702, 6012345606]);
  });

  it("finds a group by invite link among the account's chats", async () => {
    const { client, log } = fakeGramClient(supergroup());
    expect(
      await list(gramJsMemberSource(SETTINGS, { client: () => client }), 'https://t.me/+AbCdEf123'),
    ).toHaveLength(5);
    expect(log.calls).toContain('messages.CheckChatInvite');
  });

  it('reads a basic group found by its numeric id in one request', async () => {
    const { client, log } = fakeGramClient({
      className: 'Chat',
      id: '-4012345678',
      members: MEMBERS.slice(0, 2),
      extraUsers: [INVITER],
    });
    expect(
      ids(await list(gramJsMemberSource(SETTINGS, { client: () => client }), '-4012345678')),
    ).toEqual([5123456701, 5123456702]);
    expect(log.calls).toEqual([
      'connect',
      'checkAuthorization',
      'iterDialogs',
      'messages.GetFullChat',
    ]);
    expect(log.destroyed).toBe(1);
  });

  it('accepts a supergroup id with or without the -100 prefix', async () => {
    for (const group of ['-1001987654321', '1987654321']) {
      const { client } = fakeGramClient(supergroup());
      expect(
        await list(gramJsMemberSource(SETTINGS, { client: () => client }), group),
      ).toHaveLength(5);
    }
  });

  it('closes the connection when the consumer stops early', async () => {
    const { client, log } = fakeGramClient(supergroup());
    for await (const member of gramJsMemberSource(SETTINGS, {
      pageSize: 1,
      client: () => client,
    }).listMembers('@python_course_chat')) {
      expect(member.telegramId).toBe(5123456701);
      break;
    }
    expect(log.pages).toHaveLength(1);
    expect(log.destroyed).toBe(1);
  });

  it.each([
    [
      'an unknown @username',
      supergroup(),
      {},
      '@no_such_group',
      'no Telegram group is called @no_such_group (USERNAME_NOT_OCCUPIED)',
    ],
    [
      'a hidden member list',
      supergroup({ refuse: 'CHAT_ADMIN_REQUIRED' }),
      {},
      '@python_course_chat',
      '@python_course_chat hides its member list: the TELEGRAM_SESSION account must be an admin there (CHAT_ADMIN_REQUIRED)',
    ],
    [
      'a long flood wait',
      supergroup({ refuse: 'FLOOD_WAIT' }),
      {},
      '@python_course_chat',
      'Telegram asks to wait 420 s before more requests (FLOOD_WAIT); run the import again later',
    ],
    [
      'a session that is no longer signed in',
      supergroup(),
      { authorized: false },
      '@python_course_chat',
      /^TELEGRAM_SESSION is not signed in .*telegram login" again$/,
    ],
    [
      'no connection',
      supergroup(),
      { connects: false },
      '@python_course_chat',
      'cannot reach Telegram: every connection attempt failed',
    ],
    [
      'a user instead of a group',
      { ...supergroup(), className: 'User' },
      {},
      '@python_course_chat',
      '@python_course_chat is not a group (it is a user)',
    ],
    [
      'an id the account has no chat with',
      supergroup(),
      {},
      '-1001111111111',
      "no chat with id -1001111111111 among the TELEGRAM_SESSION account's chats: is it a member?",
    ],
    [
      'an expired invite link',
      supergroup(),
      {},
      't.me/joinchat/Expired1',
      "the invite link t.me/joinchat/Expired1 is expired or wrong (INVITE_HASH_INVALID): use the group's @username or id",
    ],
  ] as const)('explains %s, and disconnects', async (_what, group, options, ref, message) => {
    const { client, log } = fakeGramClient(group, options);
    const error = await failure(gramJsMemberSource(SETTINGS, { client: () => client }), ref);
    expect(error).toBeInstanceOf(TelegramGroupError);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
    expect(log.destroyed).toBe(1);
  });

  it('refuses a session string that is not one before connecting', () => {
    expect(() => gramJsMemberSource({ ...SETTINGS, session: 'pasted-the-wrong-thing' })).toThrow(
      'TELEGRAM_SESSION is not a GramJS session string: create one with "npm run cli -- telegram login"',
    );
  });
});

describe('parseGroupRef', () => {
  it.each([
    ['@python_course_chat', { kind: 'username', username: 'python_course_chat' }],
    ['python_course_chat', { kind: 'username', username: 'python_course_chat' }],
    ['https://t.me/python_course_chat', { kind: 'username', username: 'python_course_chat' }],
    ['t.me/python_course_chat/123', { kind: 'username', username: 'python_course_chat' }],
    ['https://t.me/s/python_course_chat', { kind: 'username', username: 'python_course_chat' }],
    [
      'tg://resolve?domain=python_course_chat',
      { kind: 'username', username: 'python_course_chat' },
    ],
    ['https://t.me/+AbCdEf123', { kind: 'invite', hash: 'AbCdEf123' }],
    ['https://t.me/joinchat/AbCdEf123', { kind: 'invite', hash: 'AbCdEf123' }],
    ['-1001987654321', { kind: 'id', id: '-1001987654321' }],
  ])('%s', (text, expected) => {
    expect(parseGroupRef(text)).toEqual(expected);
  });

  it('refuses what is none of those, saying what it accepts', () => {
    expect(() => parseGroupRef('Курс Python')).toThrow(
      'cannot read the group "Курс Python": give its @username, a t.me link (public or invite) or its numeric id such as -1001234567890',
    );
  });
});

describe('settings for the API import', () => {
  const env = {
    TELEGRAM_API_ID: '123456',
    TELEGRAM_API_HASH: '0123456789abcdef0123456789abcdef',
    TELEGRAM_SESSION: '1AbC',
    TELEGRAM_GROUP: '@python_course_chat',
  };

  it('names every missing variable in one message', () => {
    expect(() => requireGroupImportSettings(loadConfig({}).telegram)).toThrow(
      /needs TELEGRAM_API_ID and TELEGRAM_API_HASH \(.*my\.telegram\.org.*\) and a TELEGRAM_SESSION made with them \(.*telegram login"\), TELEGRAM_GROUP \(or --group @name\); or give a members file/,
    );
    expect(() =>
      requireGroupImportSettings(loadConfig({ ...env, TELEGRAM_SESSION: '' }).telegram),
    ).toThrow(
      /^the Telegram API import needs TELEGRAM_SESSION \(create it with "npm run cli -- telegram login"\); or give/,
    );
    expect(() =>
      requireGroupImportSettings(loadConfig({ ...env, TELEGRAM_GROUP: '' }).telegram),
    ).toThrow(/^the Telegram API import needs TELEGRAM_GROUP \(or --group @name\); or give/);
  });

  it('takes --group over TELEGRAM_GROUP', () => {
    expect(requireGroupImportSettings(loadConfig(env).telegram)).toEqual({
      apiId: 123456,
      apiHash: env.TELEGRAM_API_HASH,
      session: '1AbC',
      group: '@python_course_chat',
    });
    expect(
      requireGroupImportSettings(
        loadConfig({ ...env, TELEGRAM_GROUP: '' }).telegram,
        'https://t.me/+AbCdEf123',
      ).group,
    ).toBe('https://t.me/+AbCdEf123');
  });
});
