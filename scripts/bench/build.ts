/** Benchmark: `astro build` wall time for the demo course and a generated 1,000-lesson course. */
import { rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { listLessons, loadCourseContent } from '#api/course/load.ts';
import { runAstroBuild } from '../build.ts';
import { findLeaks } from '#tests/support/scan.ts';
import { generateCourse } from './generate-course.ts';

const ROOT = process.cwd();

async function timeBuild(label: string, contentDir: string, codes: string[]): Promise<string> {
  const out = path.join(ROOT, '.bench', `out-${label}`);
  rmSync(out, { recursive: true, force: true });
  const lessons = listLessons(loadCourseContent(path.join(ROOT, contentDir)).course).length;
  const started = performance.now();
  const result = await runAstroBuild(ROOT, {
    ...process.env,
    ASTRO_OUT_DIR: out,
    CONTENT_DIR: contentDir,
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.code !== 0) throw new Error(`build of ${label} failed:\n${result.output}`);
  const leaks = findLeaks(path.join(out, 'client'), codes).length;
  rmSync(out, { recursive: true, force: true });
  return `| ${label} | ${lessons} | ${seconds.toFixed(1)} s | ${((seconds * 1000) / lessons).toFixed(1)} ms | ${leaks} |`;
}

export async function benchBuild(): Promise<void> {
  const demo = loadCourseContent(path.join(ROOT, 'content')).course;
  const demoCodes = listLessons(demo).flatMap((l) => l.videos.map((v) => v.code));
  const generatedDir = path.join('.bench', 'content-1000');
  const generated = generateCourse(path.join(ROOT, generatedDir), {
    modules: 10,
    lessonsPerModule: 100,
  });
  console.log(
    '| course | lessons | astro build (wall) | per lesson | media codes in dist/client |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  console.log(await timeBuild('demo', 'content', demoCodes));
  console.log(await timeBuild('generated', generatedDir, generated.codes));
}
