/**
 * render.yaml against Render's published schema (vendored in tests/fixtures/render), and what
 * the schema cannot see: the commands exist, every service declares what the config requires
 * in production, no variable name is misspelt, no service is on a plan Render does not offer.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '#api/config.ts';
import { NODE_ENTRIES } from '#scripts/build-node.ts';
import { commands } from '#scripts/commands/index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const blueprint = parse(readFileSync(path.join(ROOT, 'render.yaml'), 'utf8')) as Blueprint;
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};

interface EnvVar {
  key?: string;
  value?: string;
  fromGroup?: string;
  sync?: boolean;
  generateValue?: boolean;
  fromDatabase?: { name: string };
  fromService?: { name: string; envVarKey?: string };
}
interface Service {
  type: string;
  name: string;
  plan?: string;
  region?: string;
  buildCommand?: string;
  startCommand?: string;
  preDeployCommand?: string;
  healthCheckPath?: string;
  envVars?: EnvVar[];
}
interface Blueprint {
  services: Service[];
  databases: { name: string; plan?: string; region?: string }[];
  envVarGroups?: { name: string; envVars: EnvVar[] }[];
}

/** Every variable a service gets: its own and its groups'. */
function envOf(service: Service): EnvVar[] {
  return (service.envVars ?? []).flatMap((v) =>
    v.fromGroup
      ? (blueprint.envVarGroups?.find((g) => g.name === v.fromGroup)?.envVars ?? [])
      : [v],
  );
}

/** What an operator types into the Dashboard for a `sync: false` variable (or Render generates). */
const EXAMPLES: Record<string, string> = {
  TELEGRAM_BOT_TOKEN_PROD: `123456789:${'A'.repeat(35)}`,
  TELEGRAM_BOT_USERNAME: 'course_bot',
  APP_SECRET: 'K'.repeat(44),
  BOOMSTREAM_SUBSCRIPTION: 'AbCd1234',
  STAFF_EMAILS: 'teacher@example.ru',
  STAFF_TELEGRAM_IDS: '123456789',
};

/** What the process will see on Render: literal values as they are, every other source as a plausible value. */
function simulatedEnv(service: Service): Record<string, string> {
  const env: Record<string, string> = { PORT: '10000' };
  for (const v of envOf(service)) {
    if (!v.key) continue;
    if (v.value !== undefined) env[v.key] = String(v.value);
    else if (v.fromDatabase) env[v.key] = 'postgresql://course:secret@dpg-internal/course';
    else env[v.key] = EXAMPLES[v.key] ?? 'set-in-the-dashboard';
  }
  return env;
}

describe('render.yaml', () => {
  const schema = JSON.parse(
    readFileSync(path.join(ROOT, 'tests/fixtures/render/render.yaml.schema.json'), 'utf8'),
  );
  const validate = new Ajv2020({
    strict: false,
    allErrors: true,
    validateFormats: false,
    logger: false,
  }).compile(schema);

  it("is valid against Render's Blueprint schema", () => {
    const valid = validate(blueprint);
    expect(validate.errors ?? [], JSON.stringify(validate.errors, null, 2)).toEqual([]);
    expect(valid).toBe(true);
  });

  it.each([
    [
      'a misspelt field',
      (b: Blueprint) => Object.assign(b.services[0]!, { healthcheckPath: '/healthz' }),
    ],
    [
      'a number for the Postgres version',
      (b: Blueprint) => Object.assign(b.databases[0]!, { postgresMajorVersion: 17 }),
    ],
    ['the retired env key', (b: Blueprint) => Object.assign(b.services[1]!, { env: 'node' })],
  ])('would catch %s (the schema check can fail)', (_name, spoil) => {
    const copy = structuredClone(blueprint);
    spoil(copy);
    expect(validate(copy)).toBe(false);
  });

  it('has the web service, the bot worker, the sync cron job and PostgreSQL', () => {
    expect(blueprint.services.map((s) => s.type).sort()).toEqual(['cron', 'web', 'worker']);
    expect(blueprint.databases).toHaveLength(1);
    const web = blueprint.services.find((s) => s.type === 'web')!;
    expect(web).toMatchObject({
      healthCheckPath: '/healthz',
      buildCommand: 'npm ci && npm run build',
      preDeployCommand: 'node dist/node/cli.mjs migrate',
    });
    expect(blueprint.services.find((s) => s.type === 'cron')).toMatchObject({
      schedule: '*/10 * * * *',
      startCommand: 'node dist/node/cli.mjs sync',
    });
  });

  /** Whether an npm script compiles dist/node, directly or through the scripts it runs. */
  const buildsNode = (script: string): boolean =>
    script === 'build:node' ||
    (pkg.scripts[script] ?? '')
      .split('&&')
      .some((p) => /^npm run ([\w:-]+)$/.exec(p.trim())?.[1] === 'build:node');

  it('starts every service and step with plain node on the compiled JavaScript its build step made', () => {
    for (const service of blueprint.services) {
      for (const line of [service.startCommand, service.preDeployCommand]) {
        if (!line) continue;
        expect(
          line,
          `${service.name}: "${line}" would compile TypeScript or keep npm running`,
        ).toMatch(/^node (?:--[\w-]+(?:=\S+)? )*dist\/node\/[\w-]+\.mjs( |$)/);
        const built = (service.buildCommand ?? '')
          .split('&&')
          .map((p) => /^npm run ([\w:-]+)$/.exec(p.trim())?.[1])
          .filter((s): s is string => !!s);
        expect(
          built.some(buildsNode),
          `${service.name}: its buildCommand does not run npm run build:node`,
        ).toBe(true);
      }
    }
  });

  it.each(['buildCommand', 'startCommand', 'preDeployCommand'] as const)(
    'runs only npm scripts and CLI commands that exist (%s)',
    (field) => {
      for (const service of blueprint.services) {
        const line = service[field];
        if (!line) continue;
        for (const part of line.split('&&').map((p) => p.trim())) {
          if (/^npm ci( --include=dev)?$/.test(part)) continue;
          // Node's own flags (--max-semi-space-size=8) may come before the entry, if Node takes them.
          const node = /^node (?:--[\w-]+(?:=\S+)? )*dist\/node\/([\w-]+)\.mjs(?: (.+))?$/.exec(
            part,
          );
          if (node) {
            // A flag this Node does not know stops it before the entry runs ("bad option").
            const flags = part.slice('node '.length, part.indexOf('dist/node/')).split(/\s+/);
            const accepted = spawnSync(process.execPath, [...flags.filter(Boolean), '-e', '0'], {
              encoding: 'utf8',
            });
            expect(accepted.status, `${service.name}: ${accepted.stderr}`).toBe(0);
            const entry = NODE_ENTRIES.find((e) => e.name === node[1]);
            expect(
              entry,
              `${service.name}: "${part}" runs no entry of scripts/build-node.ts`,
            ).toBeDefined();
            expect(
              existsSync(path.join(ROOT, entry!.source)),
              `${service.name}: ${entry!.source} does not exist`,
            ).toBe(true);
            const args = node[2]?.split(/\s+/) ?? [];
            if (entry!.name === 'cli')
              expect(
                commands.some((c) => c.name === args.slice(0, c.name.split(' ').length).join(' ')),
                `${service.name}: no CLI command "${node[2]}"`,
              ).toBe(true);
            else expect(args, `${service.name}: ${part} takes no arguments`).toEqual([]);
            continue;
          }
          const m = /^npm run ([\w:-]+)(?: -- (.+))?$/.exec(part);
          expect(
            m,
            `${service.name}.${field}: "${part}" is not "npm ci" or "npm run <script>"`,
          ).not.toBeNull();
          expect(
            pkg.scripts[m![1]!],
            `${service.name}: package.json has no script "${m![1]}"`,
          ).toBeDefined();
          if (m![1] === 'cli') {
            const args = m![2]!.split(/\s+/);
            expect(
              commands.some((c) => c.name === args.slice(0, c.name.split(' ').length).join(' ')),
              `${service.name}: no CLI command "${m![2]}"`,
            ).toBe(true);
          }
        }
      }
    },
  );

  it('keeps the pre-deploy step a single command (Render passes shell operators as arguments)', () => {
    for (const service of blueprint.services)
      expect(service.preDeployCommand ?? '').not.toMatch(/&&|\|\||;/);
  });

  it.each(['web', 'worker', 'cron'])(
    'declares every variable the %s service needs in production',
    (type) => {
      const service = blueprint.services.find((s) => s.type === type)!;
      expect(() => loadConfig(simulatedEnv(service))).not.toThrow();
      const config = loadConfig(simulatedEnv(service));
      expect(config.env).toBe('production');
      expect(config.databaseUrl).toMatch(/^postgres/);
      if (type === 'worker') expect(config.telegram.botToken).toBeTruthy();
      if (type === 'cron') expect(config.stepik.clientId).toBeTruthy();
    },
  );

  it('names only variables the configuration knows (no typo goes unnoticed)', () => {
    const known = new Set(CONFIG_VARIABLES);
    for (const service of blueprint.services) {
      for (const v of envOf(service))
        if (v.key)
          expect(known.has(v.key), `${service.name}: unknown variable ${v.key}`).toBe(true);
    }
  });

  it('keeps secrets out of the file and takes shared ones from the web service', () => {
    for (const service of blueprint.services) {
      for (const v of envOf(service)) {
        if (v.key && /SECRET|TOKEN|PASSWORD|HASH|SESSION/.test(v.key))
          expect(
            v.value,
            `${service.name}: ${v.key} must not be written in render.yaml`,
          ).toBeUndefined();
        if (v.fromService)
          expect(
            blueprint.services
              .find((s) => s.name === v.fromService!.name)
              ?.envVars?.some((w) => w.key === v.fromService!.envVarKey),
          ).toBe(true);
      }
    }
  });

  it('puts everything in the database region, on plans Render offers, with Node pinned', () => {
    const region = blueprint.databases[0]!.region;
    for (const service of blueprint.services) {
      expect(service.region).toBe(region);
      if (service.type !== 'web')
        expect(service.plan, `${service.name}: Render has no free ${service.type}`).not.toBe(
          'free',
        );
    }
    expect(blueprint.databases[0]!.plan).not.toBe('free');
    const pinned = existsSync(path.join(ROOT, '.node-version'))
      ? readFileSync(path.join(ROOT, '.node-version'), 'utf8').trim()
      : '';
    expect(pinned).toMatch(/^22(\.|$)/);
  });
});
