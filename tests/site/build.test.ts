/**
 * Builds the real site from the demo course, scans the client output for media codes, serves
 * it and reads every page; then shows that a broken lesson file fails the build by name.
 */
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtSite } from '../support/built-site.ts';
import { loadCourseContent, listLessons } from '#api/course/load.ts';
import { runAstroBuild } from '#scripts/build.ts';
import { createSqliteDatabase, type TestDatabase } from '../support/databases.ts';
import { findLeaks } from '../support/scan.ts';
import { startBuiltServer, type RunningServer } from '../support/server.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUT = builtSite();
const { course } = loadCourseContent(path.join(ROOT, 'content'));
const lessons = listLessons(course);
const codes = lessons.flatMap((l) => l.videos.map((v) => v.code));

describe('the built site', () => {
  let server: RunningServer;
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createSqliteDatabase();
    server = await startBuiltServer(OUT, { DATABASE_URL: db.url });
  });

  afterAll(async () => {
    await server?.stop();
    await db?.dispose();
  });

  it('has a demo course with codes to look for', () => {
    expect(course.modules.length).toBeGreaterThanOrEqual(3);
    expect(lessons.length).toBeGreaterThanOrEqual(10);
    expect(codes.length).toBeGreaterThanOrEqual(lessons.length);
  });

  it('puts no media code anywhere in the client output', () => {
    expect(findLeaks(path.join(OUT, 'client'), codes)).toEqual([]);
  });

  it('the scanner finds a planted code (so the check above can fail)', () => {
    const planted = path.join(OUT, 'client', '_astro', 'planted.js.map');
    writeFileSync(planted, JSON.stringify({ sourcesContent: [`const c = "${codes[3]}"`] }));
    try {
      expect(findLeaks(path.join(OUT, 'client'), codes)).toEqual([
        { file: planted, secret: codes[3] },
      ]);
    } finally {
      rmSync(planted);
    }
  });

  it('answers /healthz with ok once the database answers', async () => {
    const response = await fetch(`${server.origin}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it.each(lessons.map((l) => [l.slug, l] as const))(
    'renders the lesson page /lessons/%s',
    async (slug, lesson) => {
      const response = await fetch(`${server.origin}/lessons/${slug}`);
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain('<html lang="ru"');
      expect(html).toContain(lesson.title.replace(/"/g, '&quot;').split(':')[0]);
      expect(html).toContain(`https://stepik.org/lesson/${lesson.stepikLessonId}`);
      expect(html).toContain(`data-video-slot data-lesson-id="${lesson.stepikLessonId}"`);
      expect(html).toContain('name="viewport"');
      for (const video of lesson.videos) expect(html).not.toContain(video.code);
      // The site's menu and the pager are two navigation landmarks: a screen reader lists them
      // by name, so each has its own (axe-core: landmark-unique).
      const navs = [...html.matchAll(/<nav\b[^>]*>/g)].map(
        (m) => /aria-label="([^"]+)"/.exec(m[0])?.[1],
      );
      expect(navs).toEqual(['Разделы сайта', 'Соседние уроки']);
    },
  );

  it('lists every module and lesson on the course page, with a place for the lock state', async () => {
    const html = await (await fetch(`${server.origin}/course`)).text();
    for (const m of course.modules) expect(html).toContain(m.title);
    for (const l of lessons) expect(html).toContain(`href="/lessons/${l.slug}"`);
    expect(html.match(/data-lesson-state /g)?.length).toBe(
      lessons.filter((l) => l.videos.length).length,
    );
  });

  it('serves the home page and a Russian 404', async () => {
    const home = await fetch(`${server.origin}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain(course.title);
    const missing = await fetch(`${server.origin}/lessons/no-such-lesson`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('Страница не найдена');
  });

  it('answers /healthz with 503 when the database does not answer', async () => {
    const broken = await startBuiltServer(OUT, {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere',
    });
    try {
      const response = await fetch(`${broken.origin}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ ok: false, error: 'database_unavailable' });
    } finally {
      await broken.stop();
    }
  });
});

describe('a broken lesson file', () => {
  const contentCopy = path.join(ROOT, '.test-builds', `broken-content-${process.pid}`);
  const out = path.join(ROOT, '.test-builds', `broken-site-${process.pid}`);

  afterAll(() => {
    rmSync(contentCopy, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });

  it('fails the build with a message naming the file and the field', async () => {
    mkdirSync(contentCopy, { recursive: true });
    cpSync(path.join(ROOT, 'content'), contentCopy, { recursive: true });
    const file = path.join(contentCopy, 'lessons', 'variables.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/^description:.*\n/m, ''));
    const build = await runAstroBuild(ROOT, {
      ...process.env,
      ASTRO_OUT_DIR: out,
      CONTENT_DIR: path.relative(ROOT, contentCopy),
    });
    expect(build.code).not.toBe(0);
    expect(build.output).toContain(`broken-content-${process.pid}/lessons/variables.md`);
    expect(build.output).toMatch(/description: is required/);
  });
});
