/**
 * Cross-site request check for every state-changing request. Browsers send `Origin` on POST
 * (and `Sec-Fetch-Site`); a request from another site is refused before any work is done.
 * Requests without either header are not from a browser page, so a cookie cannot be abused.
 */
export function isCrossSiteRequest(headers: Headers, allowedOrigins: readonly string[]): boolean {
  const origin = headers.get('origin');
  if (origin && origin !== 'null') return !allowedOrigins.includes(origin);
  if (origin === 'null') return true;
  return headers.get('sec-fetch-site') === 'cross-site';
}
