/**
 * What can go wrong talking to Stepik. Messages name the endpoint and what happened; they never
 * carry the client secret or a token (both travel in headers only, never in a URL).
 */

/** A request that failed for good: an unexpected status, or transient failures until retries ran out. */
export class StepikHttpError extends Error {
  /** The last HTTP status, or null when the last attempt got no answer (network error, timeout). */
  readonly status: number | null;
  /** `GET /api/lessons`, `POST /oauth2/token/`. */
  readonly endpoint: string;
  readonly attempts: number;
  constructor(
    message: string,
    details: { status: number | null; endpoint: string; attempts: number },
  ) {
    super(message);
    this.name = 'StepikHttpError';
    this.status = details.status;
    this.endpoint = details.endpoint;
    this.attempts = details.attempts;
  }
}

/** 401 that renewing the token did not cure, a learner's token that was refused, or bad client credentials. */
export class StepikUnauthorizedError extends StepikHttpError {
  constructor(message: string, details: { endpoint: string; attempts: number }) {
    super(message, { status: 401, ...details });
    this.name = 'StepikUnauthorizedError';
  }
}

/** 403: the token's user lacks rights (e.g. is not a teacher of the course). Never retried. */
export class StepikPermissionError extends StepikHttpError {
  /** Stepik's own `detail` text, e.g. "You do not have permission to perform this action." */
  readonly detail: string;
  constructor(endpoint: string, detail: string, attempts: number) {
    super(`Stepik refused ${endpoint} (403): ${detail}`, { status: 403, endpoint, attempts });
    this.name = 'StepikPermissionError';
    this.detail = detail;
  }
}

/** A 2xx answer that is not JSON or does not have the shape the client relies on. */
export class StepikResponseError extends Error {
  readonly endpoint: string;
  /** `lessons[0].steps`, or '' when the whole body is wrong. */
  readonly field: string;
  constructor(endpoint: string, field: string, problem: string) {
    super(
      `Stepik ${endpoint} returned an unexpected response: ${field ? `${field}: ` : ''}${problem}`,
    );
    this.name = 'StepikResponseError';
    this.endpoint = endpoint;
    this.field = field;
  }
}
