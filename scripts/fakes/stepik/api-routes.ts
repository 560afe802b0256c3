/**
 * `/api/<plural>` and `/api/<plural>/<id>` (stepik-api.md §1, §3): the `{meta, <plural>}`
 * wrapper, `ids[]` (unknown ids silently absent), the filters of §3 and `page`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  envelope,
  NO_PERMISSION,
  NOT_AUTHENTICATED,
  NOT_FOUND,
  pageNumber,
  paginate,
} from './envelope.ts';
import { courseGradesPage } from './grades.ts';
import { sendJson } from './http.ts';
import { progressJson } from './progresses.ts';
import {
  classJson,
  courseJson,
  lessonJson,
  sectionJson,
  stepJson,
  studentJson,
  unitJson,
  userJson,
} from './shapes.ts';
import type { FakeStepikState } from './state.ts';

type Json = Record<string, unknown>;
type Viewer = number | null;

interface Resource {
  /** The object for one id, or null (absent / not visible). */
  byId(id: string, viewer: Viewer): Json | null;
  /** The list for the query's filters (ids[] aside). */
  list(query: URLSearchParams, viewer: Viewer): Json[];
  /** Who may call it at all: 'token' (any valid token), 'teacher'. */
  needs?: 'token' | 'teacher';
  /** Side-loaded arrays Stepik adds to the answer. */
  extra?: Json;
}

const num = (q: URLSearchParams, name: string): number | null =>
  q.has(name) ? Number(q.get(name)) : null;
const orNull = <T>(value: T | undefined, json: (v: T) => Json): Json | null =>
  value === undefined ? null : json(value);

function resources(state: FakeStepikState): Record<string, Resource> {
  const c = state.catalog;
  const classesFor = (viewer: Viewer) =>
    [...state.classes.values()].filter(
      (k) => viewer !== null && (state.isTeacher(viewer) || k.studentIds.includes(viewer)),
    );
  return {
    courses: {
      byId: (id, viewer) => orNull(c.courses.get(Number(id)), (v) => courseJson(state, v, viewer)),
      list: (_q, viewer) => [...c.courses.values()].map((v) => courseJson(state, v, viewer)),
      extra: { enrollments: [] },
    },
    sections: {
      byId: (id) => orNull(c.sections.get(Number(id)), sectionJson),
      list: (q) =>
        [...c.sections.values()]
          .filter((s) => num(q, 'course') === null || s.courseId === num(q, 'course'))
          .sort((a, b) => a.position - b.position)
          .map(sectionJson),
    },
    units: {
      byId: (id) => orNull(c.units.get(Number(id)), unitJson),
      list: (q) =>
        [...c.units.values()]
          .filter(
            (u) =>
              (num(q, 'lesson') === null || u.lessonId === num(q, 'lesson')) &&
              (num(q, 'section') === null || u.sectionId === num(q, 'section')),
          )
          .map(unitJson),
    },
    lessons: {
      byId: (id) => orNull(c.lessons.get(Number(id)), (v) => lessonJson(state, v)),
      list: (q) =>
        (num(q, 'course') !== null
          ? c.courseLessons(num(q, 'course')!)
          : [...c.lessons.values()]
        ).map((v) => lessonJson(state, v)),
    },
    steps: {
      byId: (id) => orNull(c.steps.get(Number(id)), stepJson),
      list: (q) =>
        (num(q, 'lesson') !== null ? c.lessonSteps(num(q, 'lesson')!) : [...c.steps.values()]).map(
          stepJson,
        ),
    },
    users: {
      byId: (id) => orNull(state.learners.get(Number(id)), userJson),
      list: () => [...state.learners.values()].map(userJson),
    },
    classes: {
      byId: (id, viewer) =>
        orNull(
          classesFor(viewer).find((k) => k.id === Number(id)),
          classJson,
        ),
      list: (q, viewer) =>
        classesFor(viewer)
          .filter(
            (k) =>
              (num(q, 'course') === null || k.courseId === num(q, 'course')) &&
              (num(q, 'student') === null || k.studentIds.includes(num(q, 'student')!)),
          )
          .map(classJson),
    },
    students: {
      needs: 'teacher',
      byId: () => null,
      list: (q) =>
        [...state.classes.values()]
          .filter((k) => num(q, 'klass') === null || k.id === num(q, 'klass'))
          .flatMap((k) => k.studentIds.map((user, i) => studentJson(k, user, i))),
    },
    progresses: {
      needs: 'token',
      byId: (id, viewer) => progressJson(state, viewer!, id),
      // Progresses are only asked for by id.
      list: () => [],
    },
  };
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const unauthenticated: Answer = {
  status: 401,
  body: NOT_AUTHENTICATED,
  headers: { 'WWW-Authenticate': 'Bearer realm="api"' },
};
const forbidden: Answer = { status: 403, body: NO_PERMISSION };

function answerApi(state: FakeStepikState, request: IncomingMessage, url: URL): Answer | null {
  const match = /^\/api\/([a-z-]+)(?:\/([^/]+))?\/?$/.exec(url.pathname);
  if (!match || request.method !== 'GET') return null;
  const [, plural, id] = match as unknown as [string, string, string | undefined];
  const auth = request.headers.authorization;
  const token = state.tokenUser(auth);
  // As Django REST Framework: a token that is sent but unknown or expired is a 401 even on public data.
  if (auth !== undefined && !token) return unauthenticated;
  const viewer = token?.userId ?? null;
  const page = pageNumber(url);

  if (plural === 'course-grades' && id === undefined) {
    if (viewer === null) return unauthenticated;
    if (!state.isTeacher(viewer)) return forbidden;
    return { status: 200, body: envelope('course-grades', courseGradesPage(state, url, page)) };
  }
  const resource = resources(state)[plural];
  if (!resource) return { status: 404, body: NOT_FOUND };
  if (resource.needs && viewer === null) return unauthenticated;
  if (resource.needs === 'teacher' && !state.isTeacher(viewer!)) return forbidden;

  if (id !== undefined) {
    const item = resource.byId(decodeURIComponent(id), viewer);
    if (!item) return { status: 404, body: NOT_FOUND };
    return { status: 200, body: envelope(plural, paginate([item], 1, 1), resource.extra) };
  }
  const ids = url.searchParams.getAll('ids[]');
  if (ids.length > 0) {
    const items = [...new Set(ids)]
      .map((i) => resource.byId(i, viewer))
      .filter((item): item is Json => item !== null);
    // Stepik appears to answer every asked id at once; idsPageSize can make it page them.
    return {
      status: 200,
      body: envelope(
        plural,
        paginate(items, page, state.idsPageSize ?? Math.max(1, items.length)),
        resource.extra,
      ),
    };
  }
  return {
    status: 200,
    body: envelope(
      plural,
      paginate(resource.list(url.searchParams, viewer), page, state.pageSize),
      resource.extra,
    ),
  };
}

/** Handles `/api/…` GETs (stepics aside); false when the path is not one of these. */
export function routeApi(
  state: FakeStepikState,
  request: IncomingMessage,
  url: URL,
  response: ServerResponse,
): boolean {
  const answer = answerApi(state, request, url);
  if (!answer) return false;
  sendJson(response, answer.status, answer.body, answer.headers);
  return true;
}
