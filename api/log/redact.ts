/**
 * Boomstream echoes the whole request URI (with `apikey=` and our buyer `hash=`) in its JSON
 * replies and may quote parameters in its messages. Anything we surface from it (error
 * messages, log lines) goes through here first.
 */
const REDACTED = '[redacted]';

/** Query parameters that carry a secret whatever their value (a media code is one: it plays the video). */
const SECRET_PARAMS = /\b(apikey|api_key|hash|id_recovery|media)=[^&\s"'<>]*/gi;

export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(new URLSearchParams({ s: secret }).toString().slice(2));
  }
  // Longest first, so a secret that contains another is replaced whole.
  for (const form of [...forms].sort((a, b) => b.length - a.length))
    out = out.split(form).join(REDACTED);
  return out.replace(SECRET_PARAMS, (_match, name: string) => `${name}=${REDACTED}`);
}
