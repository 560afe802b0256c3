/**
 * The one error the Boomstream client throws for anything the API did or did not do. Its
 * message is safe to log: it never holds the API key, a buyer hash or a request URL.
 */
export type BoomstreamErrorKind =
  /** Boomstream answered `{"Status":"Failed","Message":…}`: it understood and said no. */
  | 'failed'
  /** An HTTP error status without Boomstream's envelope. */
  | 'http'
  /** Connection refused, reset or dropped. */
  | 'network'
  | 'timeout'
  /** Not JSON, or JSON of an unexpected shape. */
  | 'invalid_response';

export class BoomstreamApiError extends Error {
  readonly kind: BoomstreamErrorKind;
  /** e.g. `ppv/addbuyer` */
  readonly method: string;
  readonly httpStatus: number | undefined;
  /** Boomstream's own `Message` (redacted), for `failed`. */
  readonly vendorMessage: string | undefined;

  constructor(
    kind: BoomstreamErrorKind,
    method: string,
    detail: string,
    options: { httpStatus?: number; vendorMessage?: string } = {},
  ) {
    super(`Boomstream ${method}: ${detail}`);
    this.name = 'BoomstreamApiError';
    this.kind = kind;
    this.method = method;
    this.httpStatus = options.httpStatus;
    this.vendorMessage = options.vendorMessage;
  }

  /** Worth one more try: the vendor filter retries transport failures, never a "Failed" answer. */
  get retryable(): boolean {
    return (
      this.kind === 'network' ||
      this.kind === 'timeout' ||
      this.kind === 'invalid_response' ||
      (this.kind === 'http' && (this.httpStatus ?? 0) >= 500)
    );
  }
}

/**
 * Boomstream's text for a missing buyer is not documented; these are the plausible wordings
 * (English and Russian). Used only to treat a repeated delete as done — so a "not found" about
 * the application (a wrong API key answers "Application not found"), the subscription or the
 * media never counts: those mean our configuration is wrong and the buyer may well still exist.
 */
const NOT_FOUND = /not\s*found|не\s*найден|does\s*n[o']t\s*exist|no\s+such|не\s*существует/i;
const ABOUT_SOMETHING_ELSE =
  /application|app\b|project|subscription|media|api\s*key|apikey|приложени|проект|подписк|медиа|ключ/i;

export function isBuyerNotFound(error: unknown): boolean {
  if (!(error instanceof BoomstreamApiError) || error.kind !== 'failed') return false;
  const message = error.vendorMessage ?? '';
  return NOT_FOUND.test(message) && !ABOUT_SOMETHING_ELSE.test(message);
}
