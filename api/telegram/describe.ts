/** One-line, human-readable summaries of check results, for logs and the operator CLI. */
import { formatUnixSeconds } from './freshness.ts';
import type { InitData } from './init-data-fields.ts';
import type { LoginWidgetData } from './login-widget.ts';
import type { CheckFailure } from './result.ts';

/** `bad hash (the data was not signed with this bot token or was changed)` */
export function describeFailure(failure: CheckFailure<string>): string {
  return `${failure.reason.replaceAll('_', ' ')} (${failure.message})`;
}

function describeUser(user: { id: number; first_name: string; last_name?: string; username?: string }): string {
  const name = user.username ?? [user.first_name, user.last_name].filter(Boolean).join(' ');
  return `user ${user.id} (${name})`;
}

/** `user 987654321 (anna_test), auth_date 2025-01-01T00:00:00Z, start_param lesson_42` */
export function describeInitData(data: InitData): string {
  const parts = [data.user ? describeUser(data.user) : 'no user', `auth_date ${formatUnixSeconds(data.authDate)}`];
  if (data.startParam !== undefined) parts.push(`start_param ${data.startParam}`);
  return parts.join(', ');
}

/** `user 42 (john), auth_date 2019-08-14T19:24:48Z` */
export function describeLoginWidget(data: LoginWidgetData): string {
  return `${describeUser(data.user)}, auth_date ${formatUnixSeconds(data.authDate)}`;
}
