/**
 * The hottest reads of a signed-in student, answered before the API router: the gate
 * (GET /api/lessons/:lessonId/video) and GET /api/progress. Each starts from one prepared
 * statement that reads the cookie's session with what the answer needs (api/access/open-answer.ts,
 * api/auth/settled-session.ts), then answers with the same functions and the same JSON and
 * headers the router's handlers give — at a third of the cost, since no fetch Request/Response,
 * no middleware and no second session read sit in between.
 *
 * A lane only answers a settled session. No cookie, a session that is unknown, expired or due
 * for renewal (the router clears the cookie or sends it again), `Authorization: tma`, a query
 * string, HEAD, a lesson that is not there, or any failure: the request goes on to the router,
 * which answers it in full (503 when the database is down). tests/access/http-gate.test.ts
 * compares both ways header by header.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { lookUpGate } from '#api/access/open-answer.ts';
import { lookUpProgress, progressText } from '#api/access/progress.ts';
import { answerTextByRecord } from '#api/access/video-gate.ts';
import { sessionCookieName } from '#api/auth/session-cookie.ts';
import type { Config } from '#api/config.ts';
import { getCourse } from '#api/course/instance.ts';
import { getDatabase } from '#api/db/instance.ts';
import { JSON_HEADERS } from '#api/http.ts';
import { perTurn } from '#api/turn.ts';
import { parseCookieHeader } from './route-context.ts';

/** GET /api/lessons/:lessonId/video as browsers ask it: with a query, it takes the router. */
const GATE_PATH = /^\/api\/lessons\/([A-Za-z0-9_-]{1,200})\/video$/;

/** A lane's answer: its JSON, as UTF-8 where the lookup already has it. */
type Answer = { status: number; body: string; bytes?: Buffer } | null;
type NodeHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Returns a function that answers a request it has a lane for (true), or leaves it (false).
 * `apiHeaders` are the security headers of API answers; `router` is the API router.
 */
export function createSessionLanes(
  config: Config,
  apiHeaders: readonly [string, string][],
  router: NodeHandler,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const cookieName = sessionCookieName(config);
  // The answer's headers, as the router sends them, in one flat list (no per-request merge),
  // the body's length last: writeHead reads the list at once, so one list serves every answer.
  const head = [...apiHeaders, ...Object.entries(JSON_HEADERS), ['Content-Length', '']].flat();

  const gate = async (token: string, lessonId: string): Promise<Answer> => {
    const database = getDatabase();
    const course = getCourse();
    const lookup = await lookUpGate(database, config, course, token, lessonId);
    if (!lookup) return null;
    if ('body' in lookup) return { status: 200, body: lookup.body };
    const { student, lesson, record, stored } = lookup;
    return answerTextByRecord(database, config, course, student, lesson, record, stored);
  };

  const progress = async (token: string): Promise<Answer> => {
    const database = getDatabase();
    const course = getCourse();
    const lookup = await lookUpProgress(database, config, course, token);
    if (!lookup) return null;
    const text = await progressText(database, config, course, lookup.student.id, lookup.read);
    return { status: 200, ...text };
  };

  const run = async (
    req: IncomingMessage,
    res: ServerResponse,
    lane: (token: string) => Promise<Answer>,
  ): Promise<void> => {
    const cookie = req.headers.cookie;
    const token = cookie ? parseCookieHeader(cookie).get(cookieName) : undefined;
    // A failure here meets the router too, which answers it in the contract's shape.
    const answer = token ? await lane(token).catch(() => null) : null;
    if (!answer) {
      for (const [name, value] of apiHeaders) res.setHeader(name, value);
      return router(req, res);
    }
    // Encoded once, apart from the head: as a string, the body (Cyrillic: two bytes a character in
    // V8) would be measured, joined to the head into one two-byte string and encoded again.
    const body = answer.bytes ?? Buffer.from(answer.body);
    send({ res, status: answer.status, body });
  };

  /**
   * The answers made in this turn of the event loop, written together right after it
   * (#api/turn.ts). Under load the server then reads a batch of requests, answers them, and
   * writes the batch, instead of one write per read: each write on its own hands the socket to
   * the kernel while other requests wait, and the server spent about a third more CPU a request
   * (mostly in the kernel) to serve the same load.
   */
  const send = perTurn<{ res: ServerResponse; status: number; body: Buffer }>((answers) => {
    for (const { res, status, body } of answers) {
      // A socket that has gone away meanwhile takes the write and drops it; whatever else
      // fails ends that answer's connection only, never the others' in the batch.
      try {
        head[head.length - 1] = String(body.length);
        res.writeHead(status, head);
        res.end(body);
      } catch {
        res.destroy();
      }
    }
  });

  return (req, res) => {
    if (req.method !== 'GET') return false;
    if (req.url === '/api/progress') return (void run(req, res, progress), true);
    const match = GATE_PATH.exec(req.url ?? '');
    if (!match) return false;
    const lessonId = match[1]!;
    void run(req, res, (token) => gate(token, lessonId));
    return true;
  };
}
