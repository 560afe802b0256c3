/** The `{meta, <plural>: [...]}` wrapper and page slicing every fake list answer uses. */

export interface Page<T> {
  meta: { page: number; has_next: boolean; has_previous: boolean };
  items: T[];
}

/** `?page=N` (1 when absent or unreadable, as Stepik). */
export function pageNumber(url: URL): number {
  const n = Number(url.searchParams.get('page') ?? '1');
  return Number.isInteger(n) && n >= 1 ? n : 1;
}

export function paginate<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  const start = (page - 1) * pageSize;
  return {
    meta: { page, has_next: start + pageSize < items.length, has_previous: page > 1 },
    items: items.slice(start, start + pageSize),
  };
}

/** The JSON body; `extra` adds side-loaded arrays (e.g. `enrollments`), as Stepik does. */
export function envelope<T>(
  plural: string,
  page: Page<T>,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { meta: page.meta, [plural]: page.items, ...extra };
}

export const NOT_FOUND = { detail: 'Not found.' };
export const NOT_AUTHENTICATED = { detail: 'Authentication credentials were not provided.' };
export const NO_PERMISSION = { detail: 'You do not have permission to perform this action.' };
