/**
 * zod schemas of the Stepik answers the client reads. Loose objects: Stepik sends many more
 * fields (and side-loaded arrays) than we use, and adds new ones; only the fields we rely on
 * are checked, so a change there fails loudly instead of silently unlocking the wrong video.
 */
import { z } from 'zod';
import { StepikResponseError } from './errors.ts';

const id = z.number().int();
const ids = z.array(id);
/** Stepik sends scores as 1.0, 0 or 854.0; null has not been seen but must not break a sync. */
const score = z
  .number()
  .nullable()
  .transform((v) => v ?? 0);

export const metaSchema = z.looseObject({
  page: z.number().int(),
  has_next: z.boolean(),
  has_previous: z.boolean().optional(),
});

export const courseSchema = z.looseObject({ id, title: z.string(), sections: ids });
export const sectionSchema = z.looseObject({
  id,
  course: id,
  position: z.number().int(),
  title: z.string(),
  units: ids,
});
export const unitSchema = z.looseObject({
  id,
  section: id,
  lesson: id,
  position: z.number().int(),
});
export const lessonSchema = z.looseObject({ id, title: z.string(), steps: ids });
export const stepSchema = z.looseObject({
  id,
  lesson: id,
  position: z.number().int(),
  block: z.looseObject({ name: z.string() }),
});

export const stepResultSchema = z.looseObject({ step_id: id, is_passed: z.boolean(), score });
export const courseGradeSchema = z.looseObject({
  user: id,
  course: id,
  score,
  /** Keyed "<lesson>-<position>"; the key is not the step id and, per learner, may be stale. */
  results: z.record(z.string(), stepResultSchema),
});

export const progressSchema = z.looseObject({
  id: z.string(),
  is_passed: z.boolean(),
  score,
  cost: z.number(),
  n_steps: z.number().int(),
  n_steps_passed: z.number().int(),
  last_viewed: z.number().nullable().optional(),
});

export const tokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
  token_type: z.string().regex(/^bearer$/i, 'must be "Bearer"'),
});

export type Meta = z.output<typeof metaSchema>;

/** `['lessons', 0, 'steps']` → `lessons[0].steps` */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** Parses with `schema` or throws a StepikResponseError naming the endpoint and the first bad field. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  body: unknown,
  endpoint: string,
): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const more =
    result.error.issues.length > 1
      ? ` (and ${result.error.issues.length - 1} more problem(s))`
      : '';
  throw new StepikResponseError(endpoint, formatIssuePath(issue.path), `${issue.message}${more}`);
}

/** The `{meta, <plural>: [...]}` wrapper every API list answer has. */
export function parseEnvelope<T extends z.ZodType>(
  plural: string,
  item: T,
  body: unknown,
  endpoint: string,
): { meta: Meta; items: z.output<T>[] } {
  const schema = z.looseObject({ meta: metaSchema, [plural]: z.array(item) });
  const parsed = parseOrThrow(schema, body, endpoint) as { meta: Meta } & Record<
    string,
    z.output<T>[]
  >;
  return { meta: parsed.meta, items: parsed[plural]! };
}
