/**
 * Which origin an OAuth callback returns to. The provider must send the browser back to the
 * host it started on: the state cookie (and the session) live on that host only, so a start at
 * http://127.0.0.1:4321 with APP_DOMAIN=http://localhost:4321 came back to a browser that had
 * neither ("Ссылка для входа устарела", which was not the cause). The addressed origin is used
 * only when both it and APP_DOMAIN are loopback names of the same port and scheme — a Host
 * header can never point a production redirect_uri elsewhere.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname.toLowerCase());
}

/**
 * `host`: the request's Host header as the browser sent it (Astro's own URL does not carry it:
 * without `security.allowedDomains` it says "localhost" whatever was addressed).
 */
export function callbackOrigin(appOrigin: string, host: string | null | undefined): string {
  const canonical = new URL(appOrigin);
  if (!host || !isLoopback(canonical)) return appOrigin;
  let addressed: URL;
  try {
    addressed = new URL(`${canonical.protocol}//${host}`);
  } catch {
    return appOrigin;
  }
  const samePort = addressed.port === canonical.port && addressed.host === host.toLowerCase();
  return samePort && isLoopback(addressed) ? addressed.origin : appOrigin;
}
