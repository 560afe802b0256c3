/** JSON responses in the shape of the HTTP contract: errors are {"error": code, "message": text}. */
export const HTTP = {
  ok: 200,
  noContent: 204,
  found: 302,
  badRequest: 400,
  unauthorized: 401,
  forbidden: 403,
  notFound: 404,
  conflict: 409,
  gone: 410,
  unprocessable: 422,
  tooManyRequests: 429,
  serviceUnavailable: 503,
} as const;

/** The headers of every JSON answer (the session lanes before the router send them too). */
export const JSON_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/json; charset=utf-8',
  'Cache-Control': 'no-store',
};

export function json(
  body: unknown,
  status: number = HTTP.ok,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

export function jsonError(
  status: number,
  error: string,
  message: string,
  headers: Record<string, string> = {},
): Response {
  return json({ error, message }, status, headers);
}

/** A redirect that no cache keeps (303 after a form post, so the browser follows with GET). */
export function redirect(location: string, status = 303): Response {
  return new Response(null, {
    status,
    headers: { Location: location, 'Cache-Control': 'no-store' },
  });
}
