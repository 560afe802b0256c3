/**
 * What /admin's query string asks for, bounded before it reaches a query: a module, a search
 * text, a page and the "не досмотрели" filter. Whatever is typed into the address bar gives a normal page, never a 500.
 */
import type { Course, Module } from '../course/schema.ts';
import { parsePageNumber } from '../input/integers.ts';
import { withoutControlCharacters } from '../input/text.ts';

/** Far past any real roster at 50 a page; only keeps the offset a sane number. */
export const MAX_PAGE = 100_000;
/** An email or a full name fits; a longer search is cut, not refused. */
const MAX_SEARCH_CHARS = 200;

export interface MatrixView {
  module: Module;
  search: string;
  pageNumber: number;
  /** `?watched=under`: only students with an open lesson of the module not watched enough. */
  notWatched: boolean;
}

export function parseMatrixQuery(course: Course, params: URLSearchParams): MatrixView {
  return {
    module:
      course.modules.find((m) => String(m.position) === params.get('module')) ?? course.modules[0]!,
    search: withoutControlCharacters(params.get('q') ?? '').slice(0, MAX_SEARCH_CHARS),
    pageNumber: parsePageNumber(params.get('page'), MAX_PAGE),
    notWatched: params.get('watched') === 'under',
  };
}
