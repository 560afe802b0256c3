/** The Bot API's envelope: `{ok:true,result}` or `{ok:false,error_code,description,parameters?}`. */
import type { ResponseParameters } from 'grammy/types';

export interface ApiFailure {
  ok: false;
  error_code: number;
  description: string;
  parameters?: ResponseParameters;
}

export type ApiReply = { ok: true; result: unknown } | ApiFailure;

export const ok = (result: unknown): ApiReply => ({ ok: true, result });

export const failure = (
  errorCode: number,
  description: string,
  parameters?: ResponseParameters,
): ApiFailure => ({
  ok: false,
  error_code: errorCode,
  description,
  ...(parameters ? { parameters } : {}),
});

export const badRequest = (detail: string): ApiFailure => failure(400, `Bad Request: ${detail}`);

/** Thrown inside a method to answer with that failure. */
export class ApiRefusal extends Error {
  readonly reply: ApiFailure;
  constructor(reply: ApiFailure) {
    super(reply.description);
    this.reply = reply;
  }
}

export function refuse(reply: ApiFailure): never {
  throw new ApiRefusal(reply);
}

export const TOO_MANY_REQUESTS = (retryAfterInSeconds: number): ApiFailure =>
  failure(429, `Too Many Requests: retry after ${retryAfterInSeconds}`, {
    retry_after: retryAfterInSeconds,
  });

export const BLOCKED = failure(403, 'Forbidden: bot was blocked by the user');
