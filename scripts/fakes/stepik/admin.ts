/**
 * The fake's admin surface for the demo and for developers (never part of Stepik's API):
 *   GET  /_fake/           HTML: learners × lessons, buttons to pass/unpass steps and lessons, reset
 *   GET  /_fake/state      JSON snapshot (structure, who passed what, faults, request counts)
 *   POST /_fake/progress   {user, step? | lesson?, passed}   (JSON, or the page's forms)
 *   POST /_fake/reset      {user?}                            forgets step records
 *   POST /_fake/faults     see faults.ts
 *   POST /_fake/settings   {pageSize?, idsPageSize?, tokenLifetimeInSeconds?, expireTokens?}
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { renderAdminPage } from './admin-page.ts';
import { faultsRequestSchema } from './faults.ts';
import { readText, sendHtml, sendJson } from './http.ts';
import type { FakeStepikState } from './state.ts';

const id = z.coerce.number().int().positive();
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

const progressSchema = z.union([
  z.object({ user: id, step: id, passed: flag }),
  z.object({ user: id, lesson: id, passed: flag }),
]);
const resetSchema = z.object({ user: id.optional() });
const settingsSchema = z.strictObject({
  pageSize: z.number().int().min(1).max(1000).optional(),
  idsPageSize: z.number().int().min(1).max(1000).nullable().optional(),
  tokenLifetimeInSeconds: z.number().int().min(1).optional(),
  expireTokens: z.boolean().optional(),
});

class BadRequest extends Error {}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body);
  if (!result.success)
    throw new BadRequest(
      result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
    );
  return result.data;
}

async function readBody(request: IncomingMessage): Promise<{ body: unknown; fromForm: boolean }> {
  const text = await readText(request);
  if ((request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    return { body: Object.fromEntries(new URLSearchParams(text)), fromForm: true };
  }
  try {
    return { body: text ? JSON.parse(text) : {}, fromForm: false };
  } catch {
    throw new BadRequest('the body must be JSON');
  }
}

export function snapshot(state: FakeStepikState): Record<string, unknown> {
  const { catalog } = state;
  const counts: Record<string, number> = {};
  for (const r of state.requests) counts[r.path] = (counts[r.path] ?? 0) + 1;
  return {
    teacherId: state.teacherId,
    pageSize: state.pageSize,
    idsPageSize: state.idsPageSize,
    courses: [...catalog.courses.values()].map((c) => ({
      id: c.id,
      title: c.title,
      lessons: catalog
        .courseLessons(c.id)
        .map((l) => ({ id: l.id, title: l.title, steps: l.stepIds })),
    })),
    learners: [...state.learners.values()].map((l) => ({
      ...l,
      passedSteps: [...(state.progress.get(l.id)?.entries() ?? [])]
        .filter(([, r]) => r.passed)
        .map(([stepId]) => stepId),
    })),
    classes: [...state.classes.values()],
    faults: {
      pending: state.faults.list(),
      latencyInMs: state.faults.latencyInMs,
      latencyPathPrefix: state.faults.latencyPathPrefix,
    },
    requests: counts,
  };
}

function changeProgress(
  state: FakeStepikState,
  input: z.output<typeof progressSchema>,
): Record<string, unknown> {
  if (!state.learners.has(input.user)) throw new BadRequest(`no learner ${input.user}`);
  if ('step' in input) {
    if (!state.catalog.steps.has(input.step)) throw new BadRequest(`no step ${input.step}`);
    state.setStepPassed(input.user, input.step, input.passed);
    return { ok: true, user: input.user, step: input.step, passed: input.passed };
  }
  if (!state.catalog.lessons.has(input.lesson)) throw new BadRequest(`no lesson ${input.lesson}`);
  state.setLessonPassed(input.user, input.lesson, input.passed);
  return {
    ok: true,
    user: input.user,
    lesson: input.lesson,
    passed: input.passed,
    steps: state.catalog.lessons.get(input.lesson)!.stepIds,
  };
}

async function answerPost(
  state: FakeStepikState,
  path: string,
  request: IncomingMessage,
): Promise<{ result: unknown; fromForm: boolean }> {
  const { body, fromForm } = await readBody(request);
  switch (path) {
    case '/_fake/progress':
      return { result: changeProgress(state, parse(progressSchema, body)), fromForm };
    case '/_fake/reset': {
      const { user } = parse(resetSchema, body);
      state.resetProgress(user);
      return { result: { ok: true, user: user ?? null }, fromForm };
    }
    case '/_fake/faults':
      state.faults.apply(parse(faultsRequestSchema, body));
      return { result: snapshot(state).faults, fromForm };
    case '/_fake/settings': {
      const s = parse(settingsSchema, body);
      if (s.pageSize !== undefined) state.pageSize = s.pageSize;
      if (s.idsPageSize !== undefined) state.idsPageSize = s.idsPageSize;
      if (s.tokenLifetimeInSeconds !== undefined)
        state.tokenLifetimeInSeconds = s.tokenLifetimeInSeconds;
      if (s.expireTokens) state.expireAllTokens();
      return {
        result: {
          ok: true,
          pageSize: state.pageSize,
          idsPageSize: state.idsPageSize,
          tokenLifetimeInSeconds: state.tokenLifetimeInSeconds,
        },
        fromForm,
      };
    }
    default:
      throw new BadRequest(`unknown admin route ${path}`);
  }
}

/** Handles `/_fake/…`; false for other paths. */
export async function routeAdmin(
  state: FakeStepikState,
  request: IncomingMessage,
  url: URL,
  response: ServerResponse,
): Promise<boolean> {
  if (!url.pathname.startsWith('/_fake/')) return false;
  if (request.method === 'GET' && url.pathname === '/_fake/') {
    sendHtml(response, 200, renderAdminPage(state));
  } else if (request.method === 'GET' && url.pathname === '/_fake/state') {
    sendJson(response, 200, snapshot(state));
  } else if (request.method !== 'POST') {
    sendJson(response, 405, { error: 'method_not_allowed' });
  } else {
    await answerAdminPost(state, url, request, response);
  }
  return true;
}

async function answerAdminPost(
  state: FakeStepikState,
  url: URL,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  try {
    const { result, fromForm } = await answerPost(state, url.pathname, request);
    if (fromForm) {
      // Post/redirect/get: the page's plain forms land back on the page.
      response.writeHead(303, { Location: '/_fake/' });
      response.end();
    } else {
      sendJson(response, 200, result);
    }
  } catch (error) {
    if (!(error instanceof BadRequest)) throw error;
    sendJson(response, 400, { error: 'bad_request', message: error.message });
  }
}
