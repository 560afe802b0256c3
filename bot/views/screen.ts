/** What one bot message shows: HTML text and its inline keyboard. */
import type { InlineKeyboard } from 'grammy';

export interface Screen {
  /** HTML (parse_mode HTML): every value in it was escaped. */
  text: string;
  keyboard: InlineKeyboard;
}

/** The options every screen is sent or edited with. */
export function screenOptions(screen: Screen): {
  parse_mode: 'HTML';
  reply_markup: InlineKeyboard;
  link_preview_options: { is_disabled: true };
} {
  return {
    parse_mode: 'HTML',
    reply_markup: screen.keyboard,
    link_preview_options: { is_disabled: true },
  };
}
