/** The HTML of `GET /_fake/`: learners × lessons with plain forms (no script) to change progress. */
import { escapeHtml } from './http.ts';
import type { FakeStepikState } from './state.ts';

/** A page for people: past this many learners the table would be unusable anyway. */
const MAX_LEARNERS_SHOWN = 100;

function button(
  fields: Record<string, string | number | boolean>,
  label: string,
  title: string,
  action = '/_fake/progress',
): string {
  const inputs = Object.entries(fields)
    .map(
      ([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(String(v))}">`,
    )
    .join('');
  return `<form method="post" action="${action}">${inputs}<button title="${escapeHtml(title)}">${escapeHtml(label)}</button></form>`;
}

function courseTable(state: FakeStepikState, courseId: number): string {
  const { catalog } = state;
  const course = catalog.courses.get(courseId)!;
  const lessons = catalog.courseLessons(courseId);
  const learners = [...state.learners.values()]
    .filter((l) => !state.isTeacher(l.id))
    .slice(0, MAX_LEARNERS_SHOWN);
  const head = lessons
    .map((l) => `<th title="урок ${l.id}">${escapeHtml(l.title)}<br><small>${l.id}</small></th>`)
    .join('');
  const rows = learners.map((learner) => {
    const cells = lessons.map((lesson) => {
      const steps = catalog.lessonSteps(lesson.id);
      const passed = steps.filter((s) => state.stepRecord(learner.id, s.id)?.passed).length;
      const all = steps.length > 0 && passed === steps.length;
      const stepButtons = steps
        .map((s) => {
          const isPassed = Boolean(state.stepRecord(learner.id, s.id)?.passed);
          return button(
            { user: learner.id, step: s.id, passed: !isPassed },
            `${isPassed ? '✓' : '·'}${s.position}`,
            `шаг ${s.id} (${s.blockName}): ${isPassed ? 'снять' : 'отметить пройденным'}`,
          );
        })
        .join('');
      const lessonButton = button(
        { user: learner.id, lesson: lesson.id, passed: !all },
        all ? 'снять урок' : 'урок пройден',
        `урок ${lesson.id}`,
      );
      return `<td class="${all ? 'done' : ''}"><b>${passed}/${steps.length}</b><div class="steps">${stepButtons}</div>${lessonButton}</td>`;
    });
    const reset = button(
      { user: learner.id },
      'сброс',
      'забыть весь прогресс ученика',
      '/_fake/reset',
    );
    return `<tr><th>${escapeHtml(`${learner.firstName} ${learner.lastName}`)}<br><small>${learner.id}</small>${reset}</th>${cells.join('')}</tr>`;
  });
  return `<h2>${escapeHtml(course.title)} <small>(курс ${course.id})</small></h2><table><tr><th>Ученик</th>${head}</tr>${rows.join('')}</table>`;
}

export function renderAdminPage(state: FakeStepikState): string {
  const courses =
    [...state.catalog.courses.keys()].map((id) => courseTable(state, id)).join('') ||
    '<p>Курсов нет.</p>';
  const faults = state.faults.list();
  const more =
    state.learners.size > MAX_LEARNERS_SHOWN
      ? `<p>Показаны первые ${MAX_LEARNERS_SHOWN} учеников из ${state.learners.size}.</p>`
      : '';
  return `<!doctype html><html lang="ru"><meta charset="utf-8"><title>Fake Stepik — прогресс</title>
<style>body{font:14px system-ui,sans-serif;margin:1rem}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px;vertical-align:top}
td.done{background:#e6f6e6}form{display:inline}.steps{display:flex;flex-wrap:wrap;gap:2px;margin:2px 0}button{font-size:12px}</style>
<h1>Fake Stepik</h1>
<p>Отметьте шаги пройденными — синхронизация сайта увидит их, как на настоящем Stepik. JSON: <a href="/_fake/state">/_fake/state</a>.
${button({}, 'сбросить весь прогресс', 'забыть прогресс всех учеников', '/_fake/reset')}</p>
<p>Сбои: ${faults.length ? escapeHtml(faults.map((f) => `${f.kind}×${f.times} на ${f.pathPrefix}`).join(', ')) : 'нет'}; задержка ${state.faults.latencyInMs} мс.</p>
${more}${courses}</html>`;
}
