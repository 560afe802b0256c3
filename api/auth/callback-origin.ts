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

export function callbackOrigin(appOrigin: string, requestUrl: URL | string): string {
  let addressed: URL;
  try {
    addressed = new URL(requestUrl);
  } catch {
    return appOrigin;
  }
  const canonical = new URL(appOrigin);
  const sameService = addressed.protocol === canonical.protocol && addressed.port === canonical.port;
  return sameService && isLoopback(canonical) && isLoopback(addressed) ? addressed.origin : appOrigin;
}
