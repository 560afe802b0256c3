import { apiFetch } from './api-client.ts';
// A leaf module without imports: safe in the browser (the build scan checks what ships).
import { formatProgress } from '../../api/i18n/plural.ts';

interface ProgressLesson {
  lessonId: string | number;
  slug: string;
  stepsPassed: number;
  stepsTotal: number;
  unlocked: boolean;
}

interface StateStrings {
  locked: string;
  unlocked: string;
  progressTemplate: string;
  stepsForms: [string, string, string];
}

/** Shows each lesson's state next to it; stays silent for a visitor who is not signed in. */
export async function fillLessonStates(): Promise<void> {
  const slots = document.querySelectorAll<HTMLElement>('[data-lesson-state]');
  const stringsHolder = document.querySelector<HTMLElement>('[data-lesson-state-strings]');
  if (!slots.length || !stringsHolder) return;
  const strings = JSON.parse(stringsHolder.dataset.lessonStateStrings ?? '{}') as StateStrings;
  let lessons: ProgressLesson[];
  try {
    const response = await apiFetch('/api/progress');
    if (!response.ok) return;
    lessons = ((await response.json()) as { lessons: ProgressLesson[] }).lessons;
  } catch {
    return;
  }
  const byId = new Map(lessons.flatMap((l) => [[String(l.lessonId), l], [l.slug, l]] as const));
  for (const slot of slots) {
    const lesson = byId.get(slot.dataset.lessonId ?? '');
    if (!lesson) continue;
    slot.dataset.state = lesson.unlocked ? 'unlocked' : 'locked';
    // Words only: the icon is drawn by CSS from data-state (global.css), never an emoji.
    slot.textContent = lesson.unlocked
      ? strings.unlocked
      : lesson.stepsTotal > 0
        ? formatProgress(strings.progressTemplate, strings.stepsForms, lesson.stepsPassed, lesson.stepsTotal)
        : strings.locked;
  }
}
