/**
 * The checks Telegram makes on what the bot sends that matter to us, with Telegram's wording:
 * callback data of 1–64 bytes, Mini App buttons only on https, no loopback URLs in buttons,
 * well-formed HTML with parse_mode HTML, message text of 1–4096 characters.
 */
import { badRequest, refuse } from './replies.ts';

const HTML_TAGS =
  /<\/?(?:b|strong|i|em|u|ins|s|strike|del|a|code|pre|tg-spoiler|span|blockquote|tg-emoji)(?:\s[^<>]*)?>/gi;
const HTML_ENTITY = /&(?:lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi;
const LOOPBACK = /^(localhost|127(?:\.\d+){3}|\[::1\]|0\.0\.0\.0)$/i;

/** The text as Telegram shows it (tags removed, entities decoded), or a 400 for broken markup. */
export function visibleText(text: unknown, parseMode: unknown): string {
  if (typeof text !== 'string' || text.length === 0) refuse(badRequest('message text is empty'));
  if (parseMode !== 'HTML') return text;
  const stripped = text.replace(HTML_TAGS, '');
  if (stripped.includes('<') || stripped.includes('>'))
    refuse(badRequest('can\'t parse entities: Unsupported start tag or unescaped "<" or ">"'));
  if (stripped.replace(HTML_ENTITY, '').includes('&'))
    refuse(badRequest("can't parse entities: Character entity is not closed or unsupported"));
  return stripped.replace(
    HTML_ENTITY,
    (entity) =>
      ({ '&lt;': '<', '&gt;': '>', '&amp;': '&', '&quot;': '"' })[entity.toLowerCase()] ?? '?',
  );
}

export function checkTextLength(visible: string): void {
  if (visible.trim().length === 0) refuse(badRequest('message text is empty'));
  if (visible.length > 4096) refuse(badRequest('message is too long'));
}

function checkUrl(url: unknown, what: string, httpsOnly: boolean): void {
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    return refuse(
      badRequest(`inline keyboard button ${what} '${String(url)}' is invalid: Wrong HTTP URL`),
    );
  }
  if (!['http:', 'https:', 'tg:'].includes(parsed.protocol) || LOOPBACK.test(parsed.hostname))
    refuse(
      badRequest(`inline keyboard button ${what} '${String(url)}' is invalid: Wrong HTTP URL`),
    );
  if (httpsOnly && parsed.protocol !== 'https:')
    refuse(
      badRequest(
        `inline keyboard button ${what} '${String(url)}' is invalid: Only HTTPS links are allowed`,
      ),
    );
}

export function checkReplyMarkup(markup: unknown): void {
  if (markup === undefined) return;
  const rows = (markup as { inline_keyboard?: unknown }).inline_keyboard;
  if (!Array.isArray(rows)) refuse(badRequest("can't parse reply keyboard markup JSON object"));
  for (const row of rows) {
    if (!Array.isArray(row))
      refuse(
        badRequest(
          'field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays',
        ),
      );
    for (const button of row as Record<string, unknown>[]) {
      if (typeof button.text !== 'string' || !button.text)
        refuse(badRequest('text buttons are unallowed in the inline keyboard'));
      const kinds = ['callback_data', 'url', 'web_app'].filter((k) => k in button);
      if (kinds.length !== 1) refuse(badRequest('BUTTON_TYPE_INVALID'));
      if ('callback_data' in button) {
        const data = button.callback_data;
        if (typeof data !== 'string' || data.length === 0 || Buffer.byteLength(data, 'utf8') > 64)
          refuse(badRequest('BUTTON_DATA_INVALID'));
      }
      if ('url' in button) checkUrl(button.url, 'URL', false);
      if ('web_app' in button)
        checkUrl((button.web_app as { url?: unknown } | undefined)?.url, 'Web App URL', true);
    }
  }
}
