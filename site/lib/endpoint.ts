/** Small helpers the thin endpoints share: reading bodies, form-or-JSON answers, the client address. */
import type { APIContext } from 'astro';
import { clientAddress } from '../../api/auth/client-address.ts';
import type { Config } from '../../api/config.ts';

/** A classic HTML form post (no JavaScript): it gets redirects instead of JSON. */
export function isFormPost(request: Request): boolean {
  const type = request.headers.get('content-type') ?? '';
  return type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data');
}

/** The body as a plain object (JSON or form); undefined when it cannot be read. */
export async function readBody(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    if (isFormPost(request)) return Object.fromEntries((await request.formData()).entries());
    const text = await request.text();
    if (!text.trim()) return {};
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function requestAddress(context: APIContext, config: Config): string {
  let socket: string | undefined;
  try {
    socket = context.clientAddress;
  } catch {
    socket = undefined;
  }
  return clientAddress(context.request.headers.get('x-forwarded-for'), socket, config.trustedProxyHops);
}

export function redirect(location: string, status = 303): Response {
  return new Response(null, { status, headers: { Location: location, 'Cache-Control': 'no-store' } });
}
