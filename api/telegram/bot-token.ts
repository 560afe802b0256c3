/** Bot token helpers shared by the Telegram checks. */

/** Misuse (an empty or non-string token) is a programming error, so it throws instead of returning a result. */
export function assertBotToken(botToken: unknown): asserts botToken is string {
  if (typeof botToken !== 'string' || botToken.length === 0) throw new TypeError('a Telegram bot token is required (got an empty value)');
}

/**
 * The bot's numeric id: the part of the token before the colon (`123456:ABC…` → 123456).
 * The Ed25519 check needs only this id, never the secret part.
 */
export function botIdFromToken(botToken: string): number {
  assertBotToken(botToken);
  const match = /^([1-9][0-9]*):./.exec(botToken);
  const botId = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(botId)) throw new TypeError('a Telegram bot token looks like "<numeric bot id>:<secret>"');
  return botId;
}
