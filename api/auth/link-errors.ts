/** What a failed Stepik linking tells the student: the cause, never a bare "войти". */
import { HTTP } from '../http.ts';
import { ru } from '../i18n/ru.ts';

export type LinkingProblem = 'state_lost' | 'denied' | 'exchange_failed' | 'taken';

export interface LinkingFailure {
  status: number;
  title: string;
  message: string;
}

/** `providerCode`: Stepik's `error=` (access_denied when the student pressed "Отклонить"). */
export function linkingFailure(problem: LinkingProblem, providerCode?: string): LinkingFailure {
  const t = ru.linking;
  if (problem === 'taken')
    return { status: HTTP.conflict, title: t.takenTitle, message: ru.auth.link.taken.stepik };
  if (problem === 'denied') {
    const message =
      !providerCode || providerCode === 'access_denied'
        ? t.denied
        : t.providerError(providerCode.slice(0, 60));
    return { status: HTTP.badRequest, title: t.failedTitle, message };
  }
  if (problem === 'exchange_failed')
    return { status: HTTP.badRequest, title: t.failedTitle, message: t.exchangeFailed };
  return { status: HTTP.badRequest, title: t.failedTitle, message: t.stateLost };
}
