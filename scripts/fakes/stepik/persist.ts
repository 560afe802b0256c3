/**
 * The demo fake's memory across restarts: who passed which step, and the port it listened on,
 * in one JSON file (data/fake-stepik.json by default). Without it a restarted `npm start`
 * forgets every passed step, the next sync stores 0/5 and /admin shows "open, 0/5".
 *
 * Written after every change, atomically (a temporary file renamed over the old one), so a
 * crash mid-write leaves the previous state, never half a file.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { FakeStepRecord, FakeStepikState } from './state.ts';

export const DEFAULT_FAKE_STATE_FILE = path.join('data', 'fake-stepik.json');

const recordSchema = z.object({
  passed: z.boolean(),
  score: z.number(),
  firstSuccess: z.number().nullable(),
  totalSubmissions: z.number(),
  lastViewed: z.number().nullable(),
});
const fileSchema = z.object({
  format: z.literal('fake-stepik-state'),
  version: z.literal(1),
  port: z.number().int().min(0).max(65535),
  /** learner id → step id → record */
  progress: z.record(z.string(), z.record(z.string(), recordSchema)),
});

export type FakeStateFile = z.output<typeof fileSchema>;

/** The saved state, or undefined when there is none; a broken file is named in the error. */
export function readFakeStateFile(file: string): FakeStateFile | undefined {
  if (!existsSync(file)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(
      `${file}: not JSON (${(error as Error).message}); delete it to start the fake Stepik afresh`,
    );
  }
  const result = fileSchema.safeParse(parsed);
  if (!result.success)
    throw new Error(
      `${file}: ${result.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ')}; delete it to start the fake Stepik afresh`,
    );
  return result.data;
}

export function writeFakeStateFile(file: string, port: number, state: FakeStepikState): void {
  const progress: FakeStateFile['progress'] = {};
  for (const [userId, records] of state.progress)
    progress[String(userId)] = Object.fromEntries(
      [...records].map(([stepId, record]) => [String(stepId), record]),
    );
  const body: FakeStateFile = { format: 'fake-stepik-state', version: 1, port, progress };
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(body, null, 2)}\n`);
  renameSync(temporary, file);
}

/** Replaces the state's progress with the saved one; steps the course no longer has are dropped. */
export function restoreProgress(state: FakeStepikState, saved: FakeStateFile): void {
  state.progress.clear();
  for (const [userId, records] of Object.entries(saved.progress)) {
    const restored = new Map<number, FakeStepRecord>();
    for (const [stepId, record] of Object.entries(records))
      if (state.catalog.steps.has(Number(stepId))) restored.set(Number(stepId), record);
    if (restored.size) state.progress.set(Number(userId), restored);
  }
}

/** From now on every progress change rewrites the file. */
export function persistProgress(state: FakeStepikState, file: string, port: number): void {
  state.onProgressChange = () => writeFakeStateFile(file, port, state);
  writeFakeStateFile(file, port, state);
}
