/** fetch() with a cookie jar and no automatic redirects: a small stand-in for a browser in HTTP tests. */
export class Browserish {
  readonly cookies = new Map<string, string>();
  readonly origin: string;

  constructor(origin: string) {
    this.origin = origin;
  }

  async fetch(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size)
      headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    let body = init.body;
    if (init.json !== undefined) {
      headers.set('Content-Type', 'application/json');
      body = JSON.stringify(init.json);
    }
    if ((init.method ?? 'GET') !== 'GET' && !headers.has('Origin'))
      headers.set('Origin', this.origin);
    const url = path.startsWith('http') ? path : `${this.origin}${path}`;
    const response = await fetch(url, { ...init, body, headers, redirect: 'manual' });
    if (new URL(url).origin === this.origin) this.store(response);
    return response;
  }

  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /max-age=0/i.test(a.trim())) || value === '';
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  /** Follows redirects across hosts (to fakes and back), keeping our cookies. */
  async follow(path: string, limit = 10): Promise<Response> {
    let response = await this.fetch(path);
    for (let i = 0; i < limit && response.status >= 300 && response.status < 400; i++) {
      const next = new URL(
        response.headers.get('location')!,
        response.url || `${this.origin}${path}`,
      ).toString();
      response = await this.fetch(next);
    }
    return response;
  }
}
