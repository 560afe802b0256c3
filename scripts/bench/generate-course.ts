/** Writes a synthetic course (modules × lessons, Markdown bodies, media codes) for benchmarks. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Deterministic 8-character media code for lesson i, part p. */
export function syntheticCode(i: number, p: number): string {
  let n = i * 7 + p + 1_000_003;
  let code = 'Bx';
  for (let k = 0; k < 6; k++) {
    code += ALPHABET[n % ALPHABET.length];
    n = Math.floor(n / ALPHABET.length) + k * 13;
  }
  return code;
}

export function generateCourse(
  dir: string,
  { modules, lessonsPerModule }: { modules: number; lessonsPerModule: number },
): { lessons: number; codes: string[] } {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'lessons'), { recursive: true });
  const codes: string[] = [];
  let i = 0;
  const tree = {
    course: { title: 'Синтетический курс для замеров', stepik_course_id: 1, demo: true },
    modules: Array.from({ length: modules }, (_, m) => ({
      title: `Модуль ${m + 1}`,
      stepik_section_id: 100_000 + m,
      position: m + 1,
      lessons: Array.from({ length: lessonsPerModule }, (_, l) => {
        i++;
        const parts = i % 3 === 0 ? 2 : 1;
        const videos = Array.from({ length: parts }, (_, p) => ({
          code: syntheticCode(i, p),
          title: `часть ${p + 1}`,
        }));
        codes.push(...videos.map((v) => v.code));
        const slug = `lesson-${i}`;
        writeFileSync(
          path.join(dir, 'lessons', `${slug}.md`),
          `---\ndescription: "Урок ${i}: краткое описание для карточки и программы курса."\n---\n\n` +
            `## Теория\n\nТекст урока ${i}. `.padEnd(
              900,
              'Съешь же ещё этих мягких французских булок, да выпей чаю. ',
            ) +
            '\n\n```python\nfor n in range(10):\n    print(n * n)\n```\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n',
        );
        return { slug, title: `Урок ${i}`, lesson_id: 2_000_000 + i, position: l + 1, videos };
      }),
    })),
  };
  writeFileSync(path.join(dir, 'course.yaml'), stringify(tree));
  return { lessons: i, codes };
}
