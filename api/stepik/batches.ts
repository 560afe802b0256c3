/** `ids[]` batching (stepik-api.md §1): ≤ 30 ids a request and a query string well under 2 KB. */

export const MAX_IDS_PER_REQUEST = 30;
/** Leaves room for the origin, the path and `&page=N` under the ~2 KB a proxy may accept. */
export const MAX_IDS_QUERY_LENGTH = 1500;

/** The length `ids[]=x` adds to a query string (URLSearchParams encodes the brackets). */
const encodedLength = (id: number | string): number =>
  new URLSearchParams({ 'ids[]': String(id) }).toString().length + 1;

/** Unique ids in first-seen order, split into batches that respect both limits. */
export function batchIds<T extends number | string>(
  ids: readonly T[],
  maxPerBatch = MAX_IDS_PER_REQUEST,
  maxQueryLength = MAX_IDS_QUERY_LENGTH,
): T[][] {
  const batches: T[][] = [];
  let batch: T[] = [];
  let length = 0;
  for (const id of new Set(ids)) {
    const added = encodedLength(id);
    if (batch.length > 0 && (batch.length >= maxPerBatch || length + added > maxQueryLength)) {
      batches.push(batch);
      batch = [];
      length = 0;
    }
    batch.push(id);
    length += added;
  }
  if (batch.length) batches.push(batch);
  return batches;
}

export function idsQuery(ids: readonly (number | string)[]): URLSearchParams {
  const query = new URLSearchParams();
  for (const id of ids) query.append('ids[]', String(id));
  return query;
}

/** Merged answers of several batches: one object per id, in the order the ids were asked for. */
export function mergeById<T extends { id: K }, K extends number | string>(
  asked: readonly K[],
  found: readonly T[],
): T[] {
  const byId = new Map<K, T>();
  for (const item of found) if (!byId.has(item.id)) byId.set(item.id, item);
  const out: T[] = [];
  for (const id of new Set(asked)) {
    const item = byId.get(id);
    if (item) out.push(item);
  }
  return out;
}
