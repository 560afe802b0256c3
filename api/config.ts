/**
 * The only reader of `process.env`. Every setting is parsed here once; a missing or malformed
 * variable stops start-up with a message naming it. Names follow ../shared/docs/architecture.md.
 */
import { z } from 'zod';
import { DEFAULT_DATABASE_URL, parseDatabaseUrl } from './input/database-url.ts';

const SECRET_NAMES = new Set([
  'STEPIC_SECRET',
  'GOOGLE_CLIENT_SECRET',
  'STEPIK_LOGIN_CLIENT_SECRET',
  'BOOMSTREAM_SECRET',
  'APP_SECRET',
  'TELEGRAM_WEBHOOK_SECRET',
  'TELEGRAM_API_HASH',
  'TELEGRAM_SESSION',
  'TELEGRAM_BOT_TOKEN_DEV',
  'TELEGRAM_BOT_TOKEN_PROD',
  'DATABASE_URL',
]);

const httpUrl = (what: string) =>
  z.string().refine((v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, `must be an http(s) URL of ${what}`);

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('ru-RU', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const botToken = z
  .string()
  .regex(
    /^\d+:[A-Za-z0-9_-]{30,}$/,
    'must look like a BotFather token: "<digits>:<35 letters, digits, _ or ->"',
  );

/** Seconds, "0" allowed (0 switches a freshness check off). */
const seconds = z.coerce
  .number({ error: 'must be a whole number of seconds' })
  .int('must be a whole number of seconds')
  .min(0, 'must be 0 or more');

const envSchema = z
  .object({
    APP_ENV: z
      .enum(['development', 'production'], { error: 'must be "development" or "production"' })
      .default('development'),
    DATABASE_URL: z
      .string()
      .default(DEFAULT_DATABASE_URL)
      .superRefine((v, ctx) => {
        try {
          parseDatabaseUrl(v);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      }),
    PORT: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(1, 'must be from 1 to 65535')
      .max(65535, 'must be from 1 to 65535')
      .default(4321),
    HOST: z.string().min(1).optional(),
    APP_DOMAIN: z.string().optional(),
    CONTENT_DIR: z.string().min(1).default('content'),
    /** The built site (Astro's outDir): pages in client/, the page renderer in server/entry.mjs. */
    SITE_DIR: z.string().min(1).default('dist'),
    /** A request whose headers and body have not arrived by then is dropped (slow-body attacks). */
    REQUEST_TIMEOUT: seconds
      .min(1, 'must be at least 1')
      .max(600, 'must be at most 600')
      .default(30),
    STEPIK_BASE_URL: httpUrl('Stepik').default('https://stepik.org'),
    STEPIC_CLIENT_ID: z.string().optional(),
    STEPIC_SECRET: z.string().optional(),
    TELEGRAM_BOT_TOKEN_DEV: botToken.optional(),
    TELEGRAM_BOT_TOKEN_PROD: botToken.optional(),
    TELEGRAM_API_ROOT: httpUrl('the Telegram Bot API').default('https://api.telegram.org'),
    TELEGRAM_WEBHOOK_SECRET: z
      .string()
      .regex(
        /^[A-Za-z0-9_-]{16,256}$/,
        "must be 16–256 letters, digits, _ or - (Telegram's secret_token alphabet)",
      )
      .optional(),
    TELEGRAM_API_ID: z.coerce
      .number({ error: 'must be the numeric api_id from my.telegram.org' })
      .int('must be the numeric api_id from my.telegram.org')
      .positive('must be the numeric api_id from my.telegram.org')
      .optional(),
    TELEGRAM_API_HASH: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'must be the 32-character api_hash from my.telegram.org')
      .optional(),
    TELEGRAM_SESSION: z.string().optional(),
    TELEGRAM_GROUP: z.string().optional(),
    STAFF_EMAILS: z.string().optional(),
    STAFF_TELEGRAM_IDS: z
      .string()
      .regex(/^\d+(,\s*\d+)*$/, 'must be Telegram user ids separated by commas')
      .optional(),
    TELEGRAM_BOT_USERNAME: z
      .string()
      .regex(/^@?[A-Za-z][A-Za-z0-9_]{3,31}$/, "must be the bot's @username from BotFather")
      .optional(),
    TELEGRAM_INIT_DATA_MAX_AGE: seconds.default(86_400),
    TELEGRAM_LOGIN_MAX_AGE: seconds.default(86_400),
    TRUSTED_PROXY_HOPS: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(0, 'must be 0 or more')
      .max(10, 'must be at most 10')
      .default(0),
    GOOGLE_CLIENT_ID: z.string().optional(),
    GOOGLE_CLIENT_SECRET: z.string().optional(),
    GOOGLE_AUTHORIZE_URL: httpUrl("Google's authorization endpoint").default(
      'https://accounts.google.com/o/oauth2/v2/auth',
    ),
    GOOGLE_TOKEN_URL: httpUrl("Google's token endpoint").default(
      'https://oauth2.googleapis.com/token',
    ),
    STEPIK_LOGIN_CLIENT_ID: z.string().optional(),
    STEPIK_LOGIN_CLIENT_SECRET: z.string().optional(),
    BOOMSTREAM_SECRET: z.string().optional(),
    BOOMSTREAM_SUBSCRIPTION: z
      .string()
      .regex(
        /^[A-Za-z0-9]{4,16}$/,
        'must be the PPV subscription code from Boomstream (letters and digits)',
      )
      .optional(),
    BOOMSTREAM_PLAYER_URL: httpUrl('the Boomstream player').default('https://play.boomstream.com'),
    /** The offline stand-in player instead of Boomstream (npm start without Boomstream, the browser tests); never in production. */
    BOOMSTREAM_STAND_IN: z
      .enum(['0', '1', 'true', 'false'], { error: 'must be 1 (on) or 0 (off)' })
      .optional(),
    BOOMSTREAM_ACCESS_DAYS: z.coerce
      .number({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be at least 1')
      .max(36_500, 'must be at most 36500')
      .default(365),
    APP_SECRET: z
      .string()
      .min(32, 'must be at least 32 characters of random text (e.g. `openssl rand -hex 32`)')
      .optional(),
    STEPIK_CLASS_IDS: z
      .string()
      .regex(/^\d+(,\d+)*$/, 'must be Stepik class ids separated by commas, e.g. 12345,12346')
      .optional(),
    STEPIK_REQUESTS_PER_SECOND: z.coerce
      .number({ error: 'must be a number' })
      .positive('must be above 0')
      .max(50, 'must be at most 50')
      .default(4),
    SYNC_INTERVAL: z.coerce
      .number({ error: 'must be a whole number of seconds' })
      .int('must be a whole number of seconds')
      .min(0, 'must be 0 (off) or more')
      .default(0),
    FAKE_STEPIK_PORT: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(0)
      .max(65535)
      .default(0),
    BOOMSTREAM_API_URL: httpUrl('the Boomstream API').default('https://boomstream.com/api'),
    COURSE_AUDIENCE: z
      .enum(['stepik', 'roster'], {
        error:
          'must be "stepik" (anyone the Stepik grade book lists) or "roster" (only students staff put on the course)',
      })
      .default('stepik'),
    TIME_ZONE: z
      .string()
      .refine(
        isTimeZone,
        'must be an IANA time zone name, e.g. Europe/Moscow or Asia/Yekaterinburg',
      )
      .default('Europe/Moscow'),
    STUCK_AFTER_DAYS: z.coerce
      .number({ error: 'must be a whole number of days' })
      .int('must be a whole number of days')
      .min(1, 'must be at least 1')
      .max(365, 'must be at most 365')
      .default(7),
  })
  .superRefine((env, ctx) => {
    for (const [a, b] of [
      ['GOOGLE_CLIENT_ID', 'GOOGLE_CLIENT_SECRET'],
      ['STEPIK_LOGIN_CLIENT_ID', 'STEPIK_LOGIN_CLIENT_SECRET'],
      ['TELEGRAM_API_ID', 'TELEGRAM_API_HASH'],
    ] as const) {
      if (Boolean(env[a]) !== Boolean(env[b]))
        ctx.addIssue({
          code: 'custom',
          path: [env[a] ? b : a],
          message: `is required when ${env[a] ? a : b} is set`,
        });
    }
    if (Boolean(env.STEPIC_CLIENT_ID) !== Boolean(env.STEPIC_SECRET)) {
      const missing = env.STEPIC_CLIENT_ID ? 'STEPIC_SECRET' : 'STEPIC_CLIENT_ID';
      ctx.addIssue({
        code: 'custom',
        path: [missing],
        message: 'is required when the other Stepik credential is set',
      });
    }
    if (env.APP_ENV === 'production' && !env.APP_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_SECRET'],
        message: 'is required in production (it keys the per-student Boomstream access hashes)',
      });
    }
    if (env.BOOMSTREAM_SECRET && !env.BOOMSTREAM_SUBSCRIPTION) {
      ctx.addIssue({
        code: 'custom',
        path: ['BOOMSTREAM_SUBSCRIPTION'],
        message:
          'is required with BOOMSTREAM_SECRET: per-student access is granted in this PPV subscription',
      });
    }
    if (env.APP_ENV === 'production' && !env.APP_DOMAIN) {
      ctx.addIssue({
        code: 'custom',
        path: ['APP_DOMAIN'],
        message: 'is required in production (the public host, e.g. course.example.ru)',
      });
    }
    if (env.APP_DOMAIN !== undefined) {
      try {
        parseAppDomain(env.APP_DOMAIN);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['APP_DOMAIN'], message: (error as Error).message });
      }
    }
  });

/** Every environment variable the configuration reads (the Render Blueprint test checks against it). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** `course.example.ru` → `https://course.example.ru`; a value with a scheme is used as it is. */
export function parseAppDomain(value: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error('must be a host name (course.example.ru) or an origin (http://127.0.0.1:4321)');
  }
  if (!['http:', 'https:'].includes(url.protocol)) throw new Error('must use http or https');
  if (url.pathname !== '/' || url.search || url.hash)
    throw new Error('must be a bare origin, without a path, query or fragment');
  return url.origin;
}

export interface Config {
  env: 'development' | 'production';
  databaseUrl: string;
  host: string;
  port: number;
  /** The public origin, e.g. https://course.example.ru; OAuth callbacks and Mini App links use it. */
  appOrigin: string;
  contentDir: string;
  siteDir: string;
  requestTimeoutInSeconds: number;
  stepik: {
    baseUrl: string;
    clientId?: string;
    clientSecret?: string;
    classIds: number[];
    requestsPerSecond: number;
    fakePort: number;
    syncIntervalInSeconds: number;
  };
  /** Behind Render's proxy: how many X-Forwarded-For hops to trust for the client address. */
  trustedProxyHops: number;
  /** Session cookies get `Secure` whenever the public origin is https. */
  secureCookies: boolean;
  telegram: {
    botToken?: string;
    apiRoot: string;
    botUsername?: string;
    initDataMaxAgeInSeconds: number;
    loginMaxAgeInSeconds: number;
    /** Set → the web service takes the bot's updates by webhook at /api/telegram/webhook. */
    webhookSecret?: string;
    /** MTProto (GramJS) for importing the group's members. */
    mtproto?: { apiId: number; apiHash: string; session?: string };
    group?: string;
  };
  /** Who may open /admin: emails (lower-cased) and Telegram ids. */
  staff: { emails: string[]; telegramIds: number[] };
  /** The course's time zone (IANA name): every time staff and students see is shown in it. */
  timeZone: string;
  /** /admin lists a student as stuck when their last progress is older than this. */
  stuckAfterDays: number;
  google?: { clientId: string; clientSecret: string; authorizeUrl: string; tokenUrl: string };
  /** The Stepik OAuth app for "link Stepik" (authorization code); defaults to STEPIC_CLIENT_ID/SECRET. */
  stepikLogin?: { clientId: string; clientSecret: string };
  boomstream: {
    apiKey?: string;
    apiUrl: string;
    subscription?: string;
    playerUrl: string;
    accessDays: number;
    /** The offline stand-in player (`/_player/<code>` on this server) instead of Boomstream's; never in production. */
    standIn: boolean;
  };
  /** Keys server-side HMACs (Boomstream viewer hashes). A fixed value in development. */
  appSecret: string;
  /** Who is a student: anyone the grade book lists (`stepik`), or only the course roster (`roster`). */
  courseAudience: CourseAudience;
}

export type CourseAudience = 'stepik' | 'roster';

export class ConfigError extends Error {
  readonly problems: { name: string; message: string }[];
  constructor(problems: { name: string; message: string }[]) {
    super(`Configuration error:\n${problems.map((p) => `  ${p.name}: ${p.message}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** Parses a set of environment variables; empty values count as unset. */
export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const env: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const value = source[key]?.trim();
    if (value) env[key] = value;
  }
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const got = name in env && !SECRET_NAMES.has(name) ? ` (got "${env[name]}")` : '';
        return { name, message: `${issue.message}${got}` };
      }),
    );
  }
  const e = result.data;
  const production = e.APP_ENV === 'production';
  const standIn = e.BOOMSTREAM_STAND_IN === '1' || e.BOOMSTREAM_STAND_IN === 'true';
  if (standIn) {
    // The stand-in plays no real video and answers for any code: never where real students are.
    // `env` holds only what was set (the parsed data has the defaults filled in).
    const conflict = production
      ? 'APP_ENV=production'
      : source.NODE_ENV === 'production'
        ? 'NODE_ENV=production'
        : env.BOOMSTREAM_SECRET
          ? 'BOOMSTREAM_SECRET'
          : env.BOOMSTREAM_PLAYER_URL
            ? 'BOOMSTREAM_PLAYER_URL'
            : undefined;
    if (conflict)
      throw new ConfigError([
        {
          name: 'BOOMSTREAM_STAND_IN',
          message: `the offline stand-in player cannot be used with ${conflict} (a real Boomstream is configured, or this is production)`,
        },
      ]);
  }
  const appOrigin = e.APP_DOMAIN ? parseAppDomain(e.APP_DOMAIN) : `http://localhost:${e.PORT}`;
  const stepikLoginId = e.STEPIK_LOGIN_CLIENT_ID ?? e.STEPIC_CLIENT_ID;
  const stepikLoginSecret = e.STEPIK_LOGIN_CLIENT_SECRET ?? e.STEPIC_SECRET;
  return {
    env: e.APP_ENV,
    databaseUrl: e.DATABASE_URL,
    host: e.HOST ?? (production ? '0.0.0.0' : '127.0.0.1'),
    port: e.PORT,
    appOrigin,
    contentDir: e.CONTENT_DIR,
    siteDir: e.SITE_DIR,
    requestTimeoutInSeconds: e.REQUEST_TIMEOUT,
    stepik: {
      baseUrl: trimSlash(e.STEPIK_BASE_URL),
      clientId: e.STEPIC_CLIENT_ID,
      clientSecret: e.STEPIC_SECRET,
      classIds: e.STEPIK_CLASS_IDS ? e.STEPIK_CLASS_IDS.split(',').map(Number) : [],
      requestsPerSecond: e.STEPIK_REQUESTS_PER_SECOND,
      fakePort: e.FAKE_STEPIK_PORT,
      syncIntervalInSeconds: e.SYNC_INTERVAL,
    },
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    secureCookies: appOrigin.startsWith('https:'),
    telegram: {
      botToken: production ? e.TELEGRAM_BOT_TOKEN_PROD : e.TELEGRAM_BOT_TOKEN_DEV,
      apiRoot: trimSlash(e.TELEGRAM_API_ROOT),
      botUsername: e.TELEGRAM_BOT_USERNAME?.replace(/^@/, ''),
      initDataMaxAgeInSeconds: e.TELEGRAM_INIT_DATA_MAX_AGE,
      loginMaxAgeInSeconds: e.TELEGRAM_LOGIN_MAX_AGE,
      webhookSecret: e.TELEGRAM_WEBHOOK_SECRET,
      mtproto:
        e.TELEGRAM_API_ID && e.TELEGRAM_API_HASH
          ? { apiId: e.TELEGRAM_API_ID, apiHash: e.TELEGRAM_API_HASH, session: e.TELEGRAM_SESSION }
          : undefined,
      group: e.TELEGRAM_GROUP,
    },
    staff: {
      emails: (e.STAFF_EMAILS ?? '')
        .split(',')
        .map((x) => x.trim().toLowerCase())
        .filter(Boolean),
      telegramIds: (e.STAFF_TELEGRAM_IDS ?? '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
        .map(Number),
    },
    timeZone: e.TIME_ZONE,
    stuckAfterDays: e.STUCK_AFTER_DAYS,
    google:
      e.GOOGLE_CLIENT_ID && e.GOOGLE_CLIENT_SECRET
        ? {
            clientId: e.GOOGLE_CLIENT_ID,
            clientSecret: e.GOOGLE_CLIENT_SECRET,
            authorizeUrl: e.GOOGLE_AUTHORIZE_URL,
            tokenUrl: e.GOOGLE_TOKEN_URL,
          }
        : undefined,
    stepikLogin:
      stepikLoginId && stepikLoginSecret
        ? { clientId: stepikLoginId, clientSecret: stepikLoginSecret }
        : undefined,
    boomstream: {
      apiKey: e.BOOMSTREAM_SECRET,
      apiUrl: trimSlash(e.BOOMSTREAM_API_URL),
      subscription: e.BOOMSTREAM_SUBSCRIPTION,
      playerUrl: trimSlash(e.BOOMSTREAM_PLAYER_URL),
      accessDays: e.BOOMSTREAM_ACCESS_DAYS,
      standIn,
    },
    appSecret: e.APP_SECRET ?? 'development-only-secret-do-not-use-in-production',
    courseAudience: e.COURSE_AUDIENCE,
  };
}

// On globalThis: the Astro page bundle carries its own copy of this module (see db/instance.ts).
const holder = ((globalThis as Record<symbol, unknown>)[Symbol.for('course-site.config')] ??=
  {}) as { cached?: Config };

/** The process's configuration, parsed on first use. */
export function getConfig(): Config {
  holder.cached ??= loadConfig();
  return holder.cached;
}

/** Forgets the parsed configuration (after process.env changed: tests, npm start with the fake Stepik). */
export function resetConfig(): void {
  holder.cached = undefined;
}
