/**
 * Authorized GETs of Stepik's `{meta, <plural>}` API: the Bearer token (renewed once on a 401),
 * the meaning of 403/404, JSON and shape checks, and the `meta.has_next` page loop.
 */
import type { z } from 'zod';
import {
  StepikHttpError,
  StepikPermissionError,
  StepikResponseError,
  StepikUnauthorizedError,
} from './errors.ts';
import { endpointName, type StepikHttp } from './http.ts';
import { parseEnvelope, type Meta } from './schemas.ts';
import type { ClientCredentialsToken } from './token.ts';

/** A guard against a server whose `has_next` never turns false. */
export const MAX_PAGES = 10_000;

export interface GetOptions {
  /** A learner's own token (progresses); without it the application's token is used and renewed. */
  accessToken?: string;
  /** 404 means "no such object" (`/api/<plural>/<id>`): answer null instead of throwing. */
  notFoundIsNull?: boolean;
}

export class StepikApi {
  constructor(
    private readonly http: StepikHttp,
    private readonly appToken: ClientCredentialsToken,
  ) {}

  /** One GET; the parsed JSON body, or null for an allowed 404. */
  async getJson(
    path: string,
    query: URLSearchParams | undefined,
    options: GetOptions = {},
  ): Promise<unknown> {
    const endpoint = endpointName({ method: 'GET', path });
    const send = (token: string) =>
      this.http.send({ method: 'GET', path, query, headers: { Authorization: `Bearer ${token}` } });
    let token = options.accessToken ?? (await this.appToken.get());
    let answer = await send(token);
    if (answer.status === 401 && options.accessToken === undefined) {
      // Expired or revoked early: renew once. A second 401 is not an expiry, so it is an error.
      this.appToken.invalidate(token);
      token = await this.appToken.get();
      answer = await send(token);
      if (answer.status === 401) {
        throw new StepikUnauthorizedError(
          `Stepik ${endpoint} answered 401 even with a freshly issued token`,
          { endpoint, attempts: answer.attempts },
        );
      }
    }
    const { status, attempts } = answer;
    if (status === 401)
      throw new StepikUnauthorizedError(
        `Stepik ${endpoint} refused the learner's access token (401): it has expired or was revoked`,
        { endpoint, attempts },
      );
    if (status === 403)
      throw new StepikPermissionError(endpoint, detailOf(answer.text) ?? 'Forbidden', attempts);
    if (status === 404 && options.notFoundIsNull) return null;
    if (status < 200 || status > 299) {
      const detail = detailOf(answer.text);
      throw new StepikHttpError(
        `Stepik ${endpoint} answered ${status}${detail ? `: ${detail}` : ''}`,
        { status, endpoint, attempts },
      );
    }
    try {
      return JSON.parse(answer.text);
    } catch {
      throw new StepikResponseError(
        endpoint,
        '',
        `not JSON (starts with ${JSON.stringify(answer.text.slice(0, 40))})`,
      );
    }
  }

  /** Every page of a list, calling `onPage` as each arrives; loops on `meta.has_next`, never on counts. */
  async walkPages<T extends z.ZodType>(
    path: string,
    plural: string,
    item: T,
    query: URLSearchParams,
    onPage: (items: z.output<T>[], page: number, meta: Meta) => Promise<void> | void,
    options: GetOptions = {},
  ): Promise<number> {
    const endpoint = endpointName({ method: 'GET', path });
    for (let page = 1; ; page++) {
      if (page > MAX_PAGES)
        throw new StepikResponseError(
          endpoint,
          'meta.has_next',
          `still true after ${MAX_PAGES} pages`,
        );
      const pageQuery = new URLSearchParams(query);
      if (page > 1) pageQuery.set('page', String(page));
      const body = await this.getJson(path, pageQuery, options);
      const { meta, items } = parseEnvelope(plural, item, body, endpoint);
      await onPage(items, page, meta);
      if (!meta.has_next) return page;
    }
  }

  /** All items of a list (every page). */
  async listAll<T extends z.ZodType>(
    path: string,
    plural: string,
    item: T,
    query: URLSearchParams,
    options: GetOptions = {},
  ): Promise<z.output<T>[]> {
    const all: z.output<T>[] = [];
    await this.walkPages(path, plural, item, query, (items) => void all.push(...items), options);
    return all;
  }
}

/** Stepik's error text: `{"detail": "…"}` (DRF), trimmed to one short line. */
function detailOf(text: string): string | undefined {
  try {
    const detail = (JSON.parse(text) as { detail?: unknown }).detail;
    return typeof detail === 'string' ? detail.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}
