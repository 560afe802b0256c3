/**
 * Cross-site request check for every state-changing request. Browsers send `Origin` on POST
 * (and `Sec-Fetch-Site`); a request from another site is refused before any work is done.
 * Same-site means: the configured public origin, or the very host the browser addressed (the
 * Host header — a page on another site cannot make a browser send ours with its Origin).
 * Requests with neither header are not from a browser page, so a cookie cannot be abused.
 */
export function isCrossSiteRequest(headers: Headers, appOrigin: string): boolean {
  const origin = headers.get('origin');
  if (origin === 'null') return true;
  if (origin) {
    if (origin === appOrigin) return false;
    try {
      return new URL(origin).host !== headers.get('host');
    } catch {
      return true;
    }
  }
  return headers.get('sec-fetch-site') === 'cross-site';
}
