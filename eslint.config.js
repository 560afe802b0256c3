// @ts-check
/**
 * `npm run lint` (with the Prettier check) and `npm run lint -- --fix`. The recommended rules of
 * ESLint, typescript-eslint and eslint-plugin-astro, Prettier's switch-off of the stylistic ones,
 * and the rules that hold the architecture (below: BOUNDARIES). The import rules resolve each
 * import to its file (import-x/no-restricted-paths), so `#api/db/client.ts`, `../db/client.ts`
 * and `./client.ts` are the same import to them.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import astro from 'eslint-plugin-astro';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = path.dirname(fileURLToPath(import.meta.url));

// ─── BOUNDARIES ────────────────────────────────────────────────────────────────────────────────

/**
 * The core's layers, lowest first. A module (api/<name>/ or api/<name>.ts) may import its own
 * layer and the layers below it, never one above. Every api module must be listed here (the
 * config throws otherwise), so a new module gets a place on purpose.
 */
const API_LAYERS = [
  // 0 Foundations, no other api module below them: HTTP statuses and responses, the Russian
  //   strings and plural rules, input parsing (DATABASE_URL too), log-safe errors and secret
  //   redaction, password hashing, the token bucket, what one event-loop turn gathers.
  ['http', 'i18n', 'input', 'log', 'crypto', 'rate', 'turn'],
  // 1 The settings, parsed from the environment once.
  ['config'],
  // 2 The database: connection, schema, migrations, dump and load.
  ['db'],
  // 3 What the course is made of and the outside services: course.yaml, the Stepik client,
  //   Boomstream (media grants), Telegram's signature and freshness checks.
  ['course', 'stepik', 'boomstream', 'telegram'],
  // 4 Who someone is and what they are told: sign-in, sessions and links; notifications; health.
  ['auth', 'notify', 'health'],
  // 5 Rules over people: the roster, who may open which lesson, what they watched (the rules
  //   read watched shares, a watch report asks the rules: one layer).
  ['roster', 'access', 'watch'],
  // 6 Flows that combine the rest: imports, the Stepik sync, the release scheduler, the staff
  //   views, the Telegram group import, the demo seed.
  ['import', 'sync', 'release', 'admin', 'telegram-group', 'demo'],
];

/**
 * Imports that cross the layers today, allowed one file at a time until they move (issue #12).
 * Each is [importing module, imported module, the imported file(s) relative to that module].
 */
const LAYER_EXCEPTIONS = [];

/** What a browser script may import: itself, the UI strings and pure helpers, the Mini App SDK. */
const BROWSER_ALLOWED = [
  './site/scripts',
  './api/i18n',
  './api/access/reason-text.ts',
  // Pure, import-free: the page and the server count watched time and round percents alike.
  './api/watch/intervals.ts',
  './api/watch/percent.ts',
  './node_modules/@twa-dev/sdk',
];

/** Who may read `process.env`: the one settings module, build and test tooling. */
const PROCESS_ENV_READERS = [
  'api/config.ts',
  '*.config.{js,mjs,ts}',
  'scripts/build.ts',
  'scripts/build-node.ts',
  // The CLI's entry loads .env into the environment before the config reads it.
  'scripts/run-cli.ts',
  'scripts/bench/**',
  'scripts/fakes/**',
  'tests/**',
  // To move behind api/config.ts (issue #12):
  'api/import/run-pool.ts', // UV_THREADPOOL_SIZE
  'site/lib/course-loader.ts', // CONTENT_DIR, at build time
  'scripts/cli.ts', // DEBUG
  'scripts/commands/start.ts', // writes the fake Stepik's settings for the config to read
];

/** Who may import Drizzle: the core, tests and the fakes. */
// Benchmarks seed thousands of rows in bulk, which the core has no function for.
const DRIZZLE_USERS = ['api/**', 'tests/**', 'scripts/fakes/**', 'scripts/bench/**'];
/** Files outside those that still import Drizzle, each with its reason (none today). */
const DRIZZLE_TO_MOVE = [];

function apiModulePath(name) {
  if (existsSync(path.join(ROOT, 'api', name))) return `./api/${name}`;
  if (existsSync(path.join(ROOT, 'api', `${name}.ts`))) return `./api/${name}.ts`;
  throw new Error(`eslint.config.js: API_LAYERS names api/${name}, which does not exist`);
}

function checkEveryApiModuleHasALayer() {
  const listed = new Set(API_LAYERS.flat());
  const modules = readdirSync(path.join(ROOT, 'api'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() || entry.name.endsWith('.ts'))
    .map((entry) => entry.name.replace(/\.ts$/, ''));
  const missing = modules.filter((name) => !listed.has(name));
  if (missing.length > 0) {
    throw new Error(`eslint.config.js: give api/${missing.join(', api/')} a place in API_LAYERS`);
  }
}

/** import-x/no-restricted-paths zones: each module against every module in a higher layer. */
function layerZones() {
  checkEveryApiModuleHasALayer();
  const zones = [];
  API_LAYERS.forEach((layer, index) => {
    const higher = API_LAYERS.slice(index + 1).flat();
    for (const name of layer) {
      const exceptions = LAYER_EXCEPTIONS.filter(([from]) => from === name);
      const plain = higher.filter((up) => !exceptions.some(([, to]) => to === up));
      const message = `api/${name} is in layer ${index}; it may not import a higher layer (API_LAYERS in eslint.config.js).`;
      if (plain.length > 0) {
        zones.push({ target: apiModulePath(name), from: plain.map(apiModulePath), message });
      }
      for (const [, to, except] of exceptions) {
        zones.push({ target: apiModulePath(name), from: apiModulePath(to), except, message });
      }
    }
  });
  return zones;
}

const coreZone = {
  target: './api',
  from: ['./site', './bot', './server', './scripts', './tests'],
  message:
    'api/ is the core: it imports nothing from the doors (site, bot, server, scripts) or tests.',
};

const apiZones = [coreZone, ...layerZones()];

const browserZone = {
  target: [
    './site/scripts',
    './api/i18n',
    './api/access/reason-text.ts',
    './api/watch/intervals.ts',
    './api/watch/percent.ts',
    './site/**/*.astro',
  ],
  from: './',
  except: BROWSER_ALLOWED,
  message: `Browser code imports only ${BROWSER_ALLOWED.join(', ')} (BROWSER_ALLOWED in eslint.config.js).`,
};

const processEnvSyntax = [
  {
    selector: "MemberExpression[object.name='process'][property.name='env']",
    message: 'Only api/config.ts reads process.env: take the setting from getConfig().',
  },
  {
    selector: "VariableDeclarator[init.name='process'] > ObjectPattern > Property[key.name='env']",
    message: 'Only api/config.ts reads process.env: take the setting from getConfig().',
  },
];

// ─── THE CONFIG ────────────────────────────────────────────────────────────────────────────────

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      '.astro/**',
      'node_modules/**',
      'data/**',
      '.ci/.node22/**',
      '.bench/**',
      '.scratch/**',
      '.test-builds/**',
      'api/db/migrations/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({ conditionNames: ['import', 'module', 'node', 'default'] }),
      ],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrors: 'none',
          ignoreRestSiblings: true,
        },
      ],
      // The input and log code strips control characters on purpose.
      'no-control-regex': 'off',
      'no-restricted-syntax': ['error', ...processEnvSyntax],
    },
  },
  {
    files: ['api/**/*.{ts,mts}'],
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: apiZones }] },
  },
  {
    files: ['site/scripts/**/*.ts', '**/*.astro/*.{js,ts}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: [browserZone] }],
      'import-x/no-nodejs-modules': 'error',
    },
  },
  {
    // The core modules that ship to the browser keep both sets of rules.
    files: ['api/i18n/**/*.ts', 'api/access/reason-text.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        { basePath: ROOT, zones: [...apiZones, browserZone] },
      ],
      'import-x/no-nodejs-modules': 'error',
    },
  },
  {
    files: PROCESS_ENV_READERS,
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    ignores: [...DRIZZLE_USERS, ...DRIZZLE_TO_MOVE],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^drizzle-orm(/.*)?$',
              message: 'Queries live in api/: call a core function instead of Drizzle.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
