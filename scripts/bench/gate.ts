/**
 * Benchmark (a): GET /api/lessons/:id/video with a session, 64 connections, on SQLite and on
 * PostgreSQL, beside a bare node:http hello server measured in the same run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { setOverrides } from '../../api/access/overrides.ts';
import { createSession } from '../../api/auth/session.ts';
import { createPasswordUser } from '../../api/auth/users.ts';
import { listLessons, loadCourseContent } from '../../api/course/load.ts';
import { openDatabase } from '../../api/db/client.ts';
import { migrateDatabase } from '../../api/db/migrate.ts';
import { runAstroBuild } from '../build.ts';
import { runLoad, type LoadResult } from './load.ts';

const ROOT = process.cwd();
const PG_ADMIN_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function startChild(args: string[], env: Record<string, string>, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', ASTRO_NODE_LOGGING: 'disabled' }, stdio: 'ignore' });
  for (let i = 0; i < 1200; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  child.kill();
  throw new Error(`server on ${port} did not start`);
}

async function prepare(url: string): Promise<{ cookie: string; lessonId: string }> {
  const database = openDatabase(url);
  await migrateDatabase(database);
  const { course } = loadCourseContent(path.join(ROOT, 'content'));
  const lesson = listLessons(course).find((l) => l.videos.length > 1)!;
  const user = await createPasswordUser(database, { email: `bench-${Date.now()}@example.ru`, password: '000000000' });
  await setOverrides(database, { userId: user.id, lessons: [lesson], action: 'grant', actor: 'bench' });
  const { token } = await createSession(database, user.id);
  await database.close();
  return { cookie: `session=${token}`, lessonId: String(lesson.stepikLessonId ?? lesson.slug) };
}

const row = (name: string, r: LoadResult, base?: LoadResult) =>
  `| ${name} | ${Math.round(r.perSecond)} | ${r.p50InMs.toFixed(1)} | ${r.p99InMs.toFixed(1)} | ${r.errors} | ${base ? (r.perSecond / base.perSecond).toFixed(2) : '1.00'} |`;

export async function benchGate(): Promise<void> {
  const out = path.join(ROOT, '.bench', 'gate-site');
  const build = await runAstroBuild(ROOT, { ...process.env, ASTRO_OUT_DIR: out, CONTENT_DIR: 'content' });
  if (build.code !== 0) throw new Error(build.output);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-gate-'));
  const pgName = `bench_${Date.now()}`;
  const admin = postgres(PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${pgName}`);
  const pgUrl = new URL(PG_ADMIN_URL);
  pgUrl.pathname = `/${pgName}`;
  const children: ChildProcess[] = [];
  try {
    const hello = await startChild([path.join(ROOT, 'scripts/bench/hello-server.mjs')], {}, 4601);
    children.push(hello);
    const base = await runLoad('http://127.0.0.1:4601/');
    const results: [string, LoadResult][] = [];
    for (const [name, url] of [['gate, SQLite', `file:${path.join(tmp, 'bench.db')}`], ['gate, PostgreSQL', pgUrl.toString()]] as const) {
      const { cookie, lessonId } = await prepare(url);
      const port = name.includes('SQLite') ? 4602 : 4603;
      const server = await startChild(['--import', 'tsx', path.join(ROOT, 'server', 'main.ts')], { DATABASE_URL: url, SITE_DIR: out, APP_DOMAIN: `http://127.0.0.1:${port}` }, port);
      children.push(server);
      results.push([name, await runLoad(`http://127.0.0.1:${port}/api/lessons/${lessonId}/video`, { headers: { Cookie: cookie } })]);
      server.kill();
    }
    console.log('64 connections, 5 s each after 1 s of warm-up; the gate answers 200 with two player URLs.\n');
    console.log('| target | requests/s | p50 ms | p99 ms | errors | ratio to hello |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    console.log(row('node:http hello', base));
    for (const [name, r] of results) console.log(row(name, r, base));
  } finally {
    for (const child of children) child.kill();
    await admin.unsafe(`drop database if exists ${pgName} with (force)`);
    await admin.end();
    rmSync(tmp, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}
