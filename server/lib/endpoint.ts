/** Small helpers the thin endpoints share: reading bodies (already capped by the router). */
export { redirect } from '#api/http.ts';

/** A classic HTML form post (no JavaScript): it gets redirects instead of JSON. */
export function isFormPost(request: Request): boolean {
  const type = request.headers.get('content-type') ?? '';
  return (
    type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')
  );
}

/** The body as a plain object (JSON or form); undefined when it cannot be read. */
export async function readBody(request: Request): Promise<Record<string, unknown> | undefined> {
  try {
    if (isFormPost(request)) return Object.fromEntries((await request.formData()).entries());
    const text = await request.text();
    if (!text.trim()) return {};
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
