/**
 * Answers for requests Node's HTTP parser refuses before any route sees them: headers over
 * the limit (431), a request that does not arrive in time (408), a chunk extension too long
 * (413), anything else it cannot read (400). Node's own answers have no body; these are the
 * contract's JSON `{error, message}` with the API's headers, and the connection closes, as
 * Node's does. Written straight to the socket (there is no response object for such a
 * request), and only where no answer is under way on it: bytes of ours in the middle of
 * another answer would corrupt it for the client.
 */
import { maxHeaderSize, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { JSON_HEADERS } from '#api/http.ts';
import { ru } from '#api/i18n/ru.ts';
import { BODY_LIMIT_IN_BYTES } from './api-app.ts';

type Refusal = { status: number; error: string; message: string };

function refusalOf(code: string | undefined): Refusal {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        error: 'headers_too_large',
        message: ru.api.headersTooLarge(Math.floor(maxHeaderSize / 1024)),
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return {
        status: 413,
        error: 'body_too_large',
        message: ru.api.bodyTooLarge(BODY_LIMIT_IN_BYTES / 1024),
      };
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { status: 408, error: 'request_timeout', message: ru.api.requestTimeout };
    default:
      return { status: 400, error: 'bad_request', message: ru.api.malformedRequest };
  }
}

/** The whole answer, status line to body, for `code` (Node's error code) with these headers. */
export function clientErrorAnswer(
  code: string | undefined,
  headers: readonly [string, string][],
): Buffer {
  const { status, error, message } = refusalOf(code);
  const body = Buffer.from(JSON.stringify({ error, message }));
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}`,
    ...[...headers, ...Object.entries(JSON_HEADERS)].map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${body.length}`,
    'Connection: close',
  ];
  return Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

/** A `clientError` listener for `server` that answers as above, with the API's `headers`. */
export function answerClientErrors(
  headers: readonly [string, string][],
): (error: NodeJS.ErrnoException, socket: Duplex) => void {
  const answers = new Map<string | undefined, Buffer>();
  return (error, socket) => {
    // The peer is gone, or an answer is already on its way: nothing can be said (as Node does).
    const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code !== 'ECONNRESET' && socket.writable && !inFlight?.headersSent) {
      let answer = answers.get(error.code);
      if (!answer) answers.set(error.code, (answer = clientErrorAnswer(error.code, headers)));
      socket.write(answer);
    }
    socket.destroy(error);
  };
}
