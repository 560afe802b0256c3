/**
 * Every Russian string the students see, in one place: the site, the API's error messages and
 * (later) the bot. Functions build the strings that carry numbers, with Russian plural forms.
 */

import { plural } from './plural.ts';

export { plural };

/** 45 → "45 секунд", 600 → "10 минут", 7200 → "2 часа" */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} ${plural(seconds, ['секунду', 'секунды', 'секунд'])}`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} ${plural(minutes, ['минуту', 'минуты', 'минут'])}`;
  const hours = Math.ceil(minutes / 60);
  return `${hours} ${plural(hours, ['час', 'часа', 'часов'])}`;
}

export const ru = {
  site: {
    lang: 'ru',
    demoBadge: 'Демо-курс',
    demoNotice: 'Это демонстрационный курс: идентификаторы Stepik и коды видео в нём выдуманы.',
    nav: { home: 'Главная', course: 'Программа курса', cabinet: 'Кабинет', login: 'Войти' },
    /** The names of a page's navigation landmarks, so a screen reader tells them apart. */
    navLabel: 'Разделы сайта',
    lessonPagerLabel: 'Соседние уроки',
    skipToContent: 'Перейти к содержимому',
    footer: 'Задания — на Stepik, видео — на Boomstream, всё вместе — здесь.',
    home: {
      start: 'Открыть программу курса',
      howTitle: 'Как проходить курс',
      how: [
        'Читайте теорию урока на этом сайте или в Telegram.',
        'Решайте задачи урока на Stepik — ссылка есть на странице урока.',
        'Когда все шаги урока пройдены, здесь откроется видео к нему.',
      ],
      modulesTitle: 'Модули курса',
    },
    course: {
      title: 'Программа курса',
      intro: 'Видео урока открывается, когда пройдены шаги этого урока на Stepik.',
    },
    moduleLabel: (position: number) => `Модуль ${position}`,
    lessonsCount: (n: number) => `${n} ${plural(n, ['урок', 'урока', 'уроков'])}`,
    lessonLabel: (number: number) => `Урок ${number}`,
    videosCount: (n: number) => `${n} ${plural(n, ['видео', 'видео', 'видео'])}`,
    lesson: {
      onStepik: 'Задачи урока на Stepik',
      noStepik: 'У этого урока нет заданий на Stepik.',
      videoTitle: 'Видео',
      previous: 'Предыдущий урок',
      next: 'Следующий урок',
      backToCourse: 'Вся программа',
    },
    state: {
      unknown: '',
      locked: 'Видео закрыто',
      unlocked: 'Видео открыто',
      /** "3 из 5 шагов": {steps} takes the form for {total} from stepsForms. */
      progressTemplate: '{passed} из {total} {steps}',
      stepsForms: ['шага', 'шагов', 'шагов'] as const,
      progress: (passed: number, total: number) =>
        `${passed} из ${total} ${plural(total, ['шага', 'шагов', 'шагов'])}`,
    },
    video: {
      loading: 'Проверяем доступ к видео…',
      signIn: 'Войдите, чтобы смотреть видео к урокам.',
      signInAction: 'Войти',
      locked: 'Видео откроется, когда вы пройдёте все шаги этого урока на Stepik.',
      progress: 'Пройдено: {progress}.',
      openStepik: 'Перейти к урокам на Stepik',
      checkAgain: 'Проверить снова',
      checking: 'Проверяем…',
      tooOften: 'Проверять можно не чаще раза в полминуты. Попробуйте чуть позже.',
      /** On the disabled button while a throttled refresh waits: "Проверить снова (через 25 с)". */
      checkAgainIn: 'Проверить снова (через {seconds} с)',
      noVideo: 'К этому уроку нет видео.',
      failed: 'Не удалось проверить доступ к видео. Обновите страницу или попробуйте позже.',
      unavailable:
        'Видеосервис сейчас не отвечает, поэтому видео не открылось. Попробуйте снова через минуту.',
      retry: 'Попробовать снова',
      partTitle: 'Часть {n}',
    },
    login: {
      title: 'Вход',
      intro: 'Войдите любым удобным способом — вы всегда попадёте в один и тот же аккаунт.',
      passwordTitle: 'Почта и пароль Boomstream',
      passwordHint: 'Пароль — 9 цифр из письма Boomstream с доступом к курсу.',
      email: 'Почта',
      password: 'Пароль',
      submit: 'Войти',
      submitting: 'Входим…',
      telegramTitle: 'Через Telegram',
      otherTitle: 'Другие способы',
      google: 'Войти через Google',
      stepik: 'Войти через Stepik',
      networkError: 'Нет связи с сервером. Проверьте интернет и попробуйте ещё раз.',
    },
    cabinet: {
      title: 'Личный кабинет',
      hello: (name: string) => (name ? `Здравствуйте, ${name}!` : 'Здравствуйте!'),
      waysTitle: 'Способы входа',
      waysIntro:
        'Привяжите другие способы входа, чтобы заходить откуда удобно. Отвязать можно всё, кроме последнего способа.',
      linked: 'привязан',
      notLinked: 'не привязан',
      way: {
        password: 'Почта и пароль Boomstream',
        telegram: 'Telegram',
        google: 'Google',
        stepik: 'Stepik',
      },
      stepikWhy:
        'Привяжите Stepik, чтобы сайт видел ваш прогресс и открывал видео к пройденным урокам.',
      stepikId: (id: number) => `аккаунт Stepik № ${id}`,
      telegramId: (id: number) => `Telegram ID ${id}`,
      link: 'Привязать',
      unlink: 'Отвязать',
      linkStepik: 'Привязать Stepik',
      signOut: 'Выйти',
      signOutEverywhere: 'Выйти на всех устройствах',
      notices: { unlinked: 'Способ входа отвязан.', linked: 'Способ входа привязан.' } as Record<
        string,
        string
      >,
      progressTitle: 'Прогресс по курсу',
      progressIntro:
        'Видео урока открывается, когда пройдены его шаги на Stepik. Прогресс обновляется каждые несколько минут.',
      progressNeedsStepik: 'Чтобы сайт видел ваш прогресс, привяжите Stepik выше.',
      moduleSummary: (open: number, total: number) => `открыто ${open} из ${total}`,
      unlockedOn: (date: string) => `открыто ${date}`,
      grantedByStaff: 'открыто преподавателем',
      revokedByStaff: 'закрыто преподавателем',
      waitsForPrevious: 'откроется после предыдущего урока',
      noVideo: 'без видео',
    },
    miniApp: {
      title: 'Вход из Telegram',
      intro: 'Вы открыли курс в Telegram. Как войти?',
      continueAs: (name: string) => (name ? `Продолжить как ${name}` : 'Продолжить через Telegram'),
      continueHint: 'Новый аккаунт на сайте, связанный с вашим Telegram.',
      haveAccount: 'У меня уже есть доступ от Boomstream',
      haveAccountHint:
        'Введите почту и пароль из письма Boomstream — Telegram привяжется к этому аккаунту.',
      link: 'Привязать Telegram и войти',
      signedInAs: (name: string) => `Вы вошли через Telegram${name ? ` как ${name}` : ''}.`,
    },
    admin: {
      title: 'Прогресс студентов',
      unauthorized: 'Войдите, чтобы открыть раздел для преподавателей.',
      forbidden: 'Этот раздел — только для преподавателей курса.',
      signIn: 'Войти',
      module: 'Модуль',
      search: 'Поиск: почта, имя, id',
      apply: 'Показать',
      exportCsv: 'Скачать CSV',
      syncNow: 'Синхронизировать сейчас',
      syncStarted: 'Синхронизация запущена — обновите страницу через минуту.',
      syncBusy: 'Синхронизация уже идёт.',
      syncNotConfigured: 'Синхронизация со Stepik не настроена (нет STEPIC_CLIENT_ID).',
      lastSync: (when: string, status: string) => `Последняя синхронизация: ${when} — ${status}`,
      neverSynced: 'Синхронизации ещё не было.',
      status: { ok: 'успешно', failed: 'ошибка', running: 'идёт' } as Record<string, string>,
      student: 'Студент',
      students: (shown: number, total: number) => `Показано ${shown} из ${total}`,
      grant: 'Открыть',
      revoke: 'Закрыть',
      reset: 'Сбросить',
      granted: 'открыт вручную',
      revoked: 'закрыт вручную',
      previous: 'ждёт предыдущий',
      changed: 'Доступ изменён.',
      previousPage: '← Назад',
      nextPage: 'Дальше →',
      pagerLabel: 'Страницы списка студентов',
      form: {
        action: 'action: нужно grant, revoke или reset.',
        userId: 'userId: нужен номер пользователя (целое число от 1).',
        lesson: 'lesson: нужен адрес урока (slug) или его номер на Stepik из этого курса.',
        back: 'back: нужен адрес страницы /admin без пробелов и управляющих символов.',
      },
    },
    linkTelegram: {
      title: 'Привязать Telegram?',
      text: (name: string) =>
        `Привязать Telegram${name ? ` (${name})` : ''} к вашему аккаунту на сайте? Тогда вы сможете входить через него.`,
      confirm: 'Привязать',
      cancel: 'Отмена',
    },
    authResult: {
      failedTitle: 'Не получилось войти',
      conflictTitle: 'Этот аккаунт уже занят',
      back: 'Вернуться ко входу',
      toCabinet: 'В личный кабинет',
    },
    notFound: {
      title: 'Страница не найдена',
      text: 'Такой страницы нет. Возможно, урок переименовали — загляните в программу курса.',
      back: 'К программе курса',
    },
  },
  api: {
    databaseUnavailable: 'База данных не отвечает.',
    /** The database lacks this build's migrations (a deploy under way): no sign-in works yet. */
    databaseNotMigrated: 'Сайт обновляется: база данных ещё не готова. Попробуйте через минуту.',
    unauthorized: 'Войдите, чтобы продолжить.',
    crossSite: 'Запрос пришёл с другого сайта и отклонён.',
    routeNotFound: 'Такого адреса в API нет.',
    /** POST /api/telegram/webhook while the bot polls (no TELEGRAM_WEBHOOK_SECRET). */
    webhookOff: 'Бот получает обновления сам (long polling): приём через webhook выключен.',
    methodNotAllowed: (allowed: string) => `Этот адрес принимает только ${allowed}.`,
    bodyTooLarge: (limitInKb: number) => `Тело запроса больше ${limitInKb} КБ.`,
    lengthRequired: 'Укажите длину тела запроса (Content-Length).',
    /** Node's parser refused the request before any route saw it (server/client-errors.ts). */
    headersTooLarge: (limitInKb: number) => `Заголовки запроса больше ${limitInKb} КБ.`,
    requestTimeout: 'Запрос пришёл не целиком за отведённое время.',
    malformedRequest: 'Запрос не по протоколу HTTP/1.1: сервер не смог его прочесть.',
    badJson: 'Тело запроса должно быть JSON.',
    lessonNotFound: 'Такого урока нет.',
    noVideo: 'К этому уроку нет видео.',
    locked: 'Видео откроется, когда вы пройдёте шаги этого урока на Stepik.',
    refreshTooOften: 'Проверять прогресс можно не чаще раза в полминуты.',
    stepikNotLinked: 'Привяжите аккаунт Stepik в личном кабинете — тогда сайт увидит ваш прогресс.',
    stepikUnavailable:
      'Stepik сейчас не отвечает. Прогресс обновится автоматически через несколько минут.',
    syncNotConfigured: 'Синхронизация со Stepik не настроена на этом сайте.',
    videoUnavailable:
      'Видеосервис сейчас не отвечает, поэтому видео не открылось. Попробуйте снова через минуту.',
    internal: 'Что-то пошло не так на сервере. Попробуйте ещё раз чуть позже.',
  },
  release: {
    /** `10 декабря в 10:00 (МСК)`: the date, the time and the zone's short name. */
    dateAt: (date: string, time: string, zone: string) => `${date} в ${time} (${zone})`,
  },
  /** Watched video (POST /api/watch/:lessonId, the lesson page, the cabinet, /admin). */
  watch: {
    badReport: (detail: string) => `Отчёт о просмотре не разобран: ${detail}.`,
    unknownPart: 'В этом уроке нет такой части видео.',
    badDuration:
      'Длительность видео в отчёте не подходит: нужно число секунд больше нуля, не больше суток.',
    pastTheEnd: 'Отчёт о просмотре выходит за конец видео.',
    durationMismatch: 'Длительность видео в отчёте не совпадает с известной для этой части.',
    locked: 'Видео этого урока для вас закрыто: просмотр не засчитан.',
    /** On the lesson page, under the video: "посмотрено 64 % видео урока". */
    lessonWatched: (percent: number) => `посмотрено ${percent} % видео урока`,
    /** The template the browser fills in ({percent}). */
    lessonWatchedTemplate: 'посмотрено {percent} % видео урока',
    /** Beside a lesson in the course tree and the cabinet. */
    short: (percent: number) => `посмотрено ${percent} %`,
    shortTemplate: 'посмотрено {percent} %',
    /** /admin: beside the steps in a cell, and the filter. */
    cell: (percent: number) => `видео ${percent} %`,
    notWatchedFilter: 'Только не досмотревшие',
    notWatchedHint:
      'Студенты, у которых в этом модуле есть открытый урок с видео, посмотренным меньше, чем нужно.',
    standInStarted:
      'Boomstream не настроен: вместо плеера — учебный плеер на этом сайте (таймер; просмотр засчитывается как настоящий). BOOMSTREAM_STAND_IN=0 — обычные ссылки на Boomstream.',
    /** The offline stand-in player (npm start without Boomstream). */
    standIn: {
      title: 'Учебный плеер',
      note: 'Boomstream не настроен: вместо видео — таймер, который сообщает странице о просмотре так же, как плеер Boomstream.',
      play: 'Смотреть',
      pause: 'Пауза',
      again: 'Сначала',
      seek: 'Перемотка',
      rate: 'Скорость',
      notFound: 'В курсе нет такого видео.',
    },
  },
  auth: {
    malformedProfile:
      'В имени или адресе почты из этого аккаунта есть недопустимые символы, поэтому войти не получилось.',
    password: {
      malformed: 'Введите адрес почты и пароль.',
      wrong: 'Неверная почта или пароль. Пароль — 9 цифр из письма Boomstream с доступом к курсу.',
      throttled: (retryAfterInSeconds: number) =>
        `Слишком много неудачных попыток входа. Попробуйте снова через ${formatWait(retryAfterInSeconds)}.`,
    },
    telegram: {
      notConfigured: 'Вход через Telegram не настроен на этом сайте.',
      bad: 'Не удалось подтвердить вход через Telegram. Попробуйте войти ещё раз.',
      stale: 'Данные входа через Telegram устарели. Войдите ещё раз.',
    },
    oauth: {
      notConfigured: 'Этот способ входа не настроен на этом сайте.',
      badState: 'Ссылка для входа устарела или уже использована. Начните вход заново.',
      denied: 'Вход отменён.',
      failed: 'Не удалось завершить вход. Попробуйте ещё раз чуть позже.',
    },
    link: {
      taken: {
        telegram:
          'Этот аккаунт Telegram уже привязан к другому пользователю сайта. Войдите через Telegram и отвяжите его там — или напишите в поддержку.',
        google:
          'Этот аккаунт Google уже привязан к другому пользователю сайта. Войдите через Google и отвяжите его там — или напишите в поддержку.',
        stepik:
          'Этот аккаунт Stepik уже привязан к другому пользователю сайта. Войдите тем способом и отвяжите Stepik — или напишите в поддержку.',
      },
      already: {
        telegram: 'К вашему аккаунту уже привязан другой Telegram. Сначала отвяжите его.',
        google: 'К вашему аккаунту уже привязан другой Google-аккаунт. Сначала отвяжите его.',
        stepik: 'К вашему аккаунту уже привязан другой аккаунт Stepik. Сначала отвяжите его.',
      },
      notLinked: 'Этот способ входа не привязан.',
      lastWayIn: 'Это единственный способ войти в ваш аккаунт — его нельзя отвязать.',
    },
  },
  /** Linking Stepik and Telegram from every door: one-time links, their errors, the notices block. */
  linking: {
    failedTitle: 'Не получилось привязать Stepik',
    takenTitle: 'Этот аккаунт Stepik уже привязан к другому пользователю',
    linkedTitle: 'Stepik привязан',
    confirmTitle: 'Привязать Stepik?',
    confirmText: (name: string) =>
      `Сейчас откроется Stepik: аккаунт, в который вы там вошли, будет привязан к аккаунту на сайте курса${name ? ` (${name})` : ''}. Тогда сайт и бот увидят ваш прогресс.`,
    confirm: 'Перейти на Stepik',
    linkedBackToTelegram:
      'Аккаунт Stepik привязан. Вернитесь в Telegram — курс сам увидит привязку и ваш прогресс.',
    stateLost:
      'Привязка Stepik прервалась: браузер вернулся со Stepik без данных, с которыми она началась (прошло больше 10 минут, её начали в другом браузере или ответ Stepik пришёл повторно). Начните привязку заново — кнопкой «Привязать Stepik» в кабинете или в Telegram.',
    denied:
      'Stepik не дал доступа к аккаунту: привязку отменили на странице Stepik. Если это вышло случайно, начните привязку заново и разрешите доступ.',
    providerError: (code: string) =>
      `Stepik отказал в привязке (ошибка «${code}»). Попробуйте ещё раз чуть позже.`,
    exchangeFailed:
      'Stepik не подтвердил, чей это аккаунт: не удалось обменять ответ Stepik на доступ. Попробуйте ещё раз через минуту.',
    token: {
      unknown:
        'Ссылка для привязки не найдена. Откройте её заново кнопкой «Привязать Stepik» в Telegram или в кабинете.',
      expired:
        'Ссылка для привязки устарела: она действует 10 минут. Нажмите «Привязать Stepik» ещё раз — придёт новая.',
      used: 'Эта ссылка для привязки уже использована. Нажмите «Привязать Stepik» ещё раз — придёт новая.',
    } as Record<'unknown' | 'expired' | 'used', string>,
    otherAccount:
      'Эта ссылка выдана для другого аккаунта, чем тот, в который вы вошли в этом браузере. Выйдите из этого аккаунта или откройте ссылку заново из Telegram.',
    alreadyLinked: 'Stepik уже привязан к вашему аккаунту.',
    linkStepik: 'Привязать Stepik',
    slotNotLinked:
      'Видео откроется, когда вы пройдёте шаги этого урока на Stepik. Привяжите аккаунт Stepik — тогда курс увидит ваш прогресс.',
    opening: 'Открываем Stepik…',
    openedHint: 'Stepik открылся в браузере. Привяжите аккаунт там и вернитесь сюда.',
    failed: 'Не удалось начать привязку. Попробуйте ещё раз чуть позже.',
    telegram: {
      title: 'Уведомления в Telegram',
      intro:
        'Привяжите Telegram — бот курса пришлёт сообщение, как только откроется видео к уроку, и покажет ваш прогресс.',
      action: 'Подключить уведомления',
      opening: 'Открываем Telegram…',
      notConfigured: 'Бот курса не настроен на этом сайте (нет TELEGRAM_BOT_USERNAME).',
      alreadyLinked: 'Telegram уже привязан к вашему аккаунту.',
    },
    api: {
      unknownKind: 'Привязать можно только stepik или telegram.',
    },
  },
  /**
   * Why a lesson is closed (api/access/rules.ts CLOSED_REASONS): a short badge, the sentence
   * and the action it calls for. Plain strings only: they travel to the browser as JSON, and
   * api/access/reason-text.ts puts them together the same way for the site and the bot.
   * `{progress}` becomes "3 из 5 шагов".
   */
  reasons: {
    not_a_student: {
      badge: 'вы не в списке курса',
      sentence: 'Этот аккаунт не записан на курс: видео видят только студенты курса.',
      hint: 'Если вы купили курс, войдите по почте и паролю из письма Boomstream (пароль — 9 цифр). В Telegram — кнопкой «У меня уже есть доступ от Boomstream» на экране входа, и Telegram привяжется к этому аккаунту; на сайте — на странице входа, а затем привяжите Telegram или Google в личном кабинете.',
      action: 'Войти по почте и паролю Boomstream',
    },
    stepik_not_linked: {
      badge: 'привяжите Stepik',
      sentence: 'Сайт не видит ваш прогресс: аккаунт Stepik не привязан.',
      hint: 'Привяжите Stepik — тогда видео будут открываться по мере прохождения уроков.',
      action: 'Привязать Stepik',
    },
    not_in_course: {
      badge: 'вас нет в курсе на Stepik',
      sentence: 'Аккаунт Stepik привязан, но в курсе на Stepik вас нет.',
      hint: 'Запишитесь на курс на Stepik по ссылке и нажмите «Проверить снова».',
      action: 'Записаться на курс на Stepik',
    },
    steps: {
      badge: '{progress}',
      sentence: 'Видео откроется, когда вы пройдёте шаги этого урока на Stepik.',
      hint: 'Пройдено: {progress}.',
      action: 'Перейти к шагам на Stepik',
    },
    previous: {
      badge: 'после предыдущего урока',
      sentence: 'Видео откроется, когда откроется предыдущий урок.',
      hint: '',
      action: 'К предыдущему уроку',
    },
    /** A release date: {date} is "10 декабря в 10:00 (МСК)" in the course time zone. */
    not_yet: {
      badge: 'откроется {date}',
      sentence: 'Видео откроется {date}.',
      hint: 'Пройдено: {progress}.',
      /** Only while steps are left: until the date, the student can pass what the rule may want. */
      action: 'Пройти шаги на Stepik',
    },
    /** Videos of an earlier lesson to watch first: {watched} and {required} are whole percent. */
    watch: {
      badge: 'посмотрено {watched}\u00a0% видео урока «{lesson}», нужно {required}\u00a0%',
      sentence: 'Видео откроется, когда вы посмотрите {required}\u00a0% видео урока «{lesson}».',
      hint: 'Посмотрено {watched}\u00a0%.',
      action: 'Смотреть видео урока «{lesson}»',
    },
    revoked: {
      badge: 'закрыто преподавателем',
      sentence: 'Преподаватель закрыл это видео для вас.',
      hint: 'Если это ошибка, напишите преподавателю курса.',
      action: '',
    },
    closed: {
      badge: 'пока закрыто',
      sentence: 'Это видео пока закрыто для всех студентов.',
      hint: 'Когда оно откроется, спросите у преподавателя курса.',
      action: '',
    },
    /** A reason this version does not know (a newer server): shown as it is. */
    unknown: {
      badge: 'видео закрыто',
      sentence: 'Видео пока закрыто.',
      hint: '',
      action: '',
    },
  },
  /** `cli students …`: the course roster (COURSE_AUDIENCE=roster). One line each, English like the rest of the CLI. */
  roster: {
    usage: 'usage: students add|remove <email or telegram id>… | students list [--stuck]',
    added: (n: number, created: number) =>
      `added ${n} to the roster (${created} new account${created === 1 ? '' : 's'})`,
    removed: (n: number) => `removed ${n} from the roster`,
    notOnRoster: (ref: string) => `${ref}: not on the roster`,
    badRef: (ref: string) => `${ref}: not an email or a Telegram id (digits); nothing was changed`,
    unknownUser: (ref: string) => `${ref}: no such student; nothing was changed`,
    header: 'id\temail\tname\ttelegram\tstepik\tsource\tadded\tsigned in\tstuck',
    empty: 'the roster is empty',
    stuck: {
      never_signed_in: 'never signed in',
      stepik_not_linked: 'Stepik not linked',
      not_in_course: 'not in the Stepik course',
    } as Record<string, string>,
  },
  /**
   * The Telegram bot. Messages are sent as HTML: the callers escape every value they pass in
   * (titles, names), so only the tags written here reach Telegram as markup.
   */
  bot: {
    commands: {
      start: 'Начать: программа курса и ваш прогресс',
      course: 'Программа курса: модули и уроки',
      progress: 'Мой прогресс: какие видео открыты',
      help: 'Как пользоваться ботом',
    },
    menuButton: 'Курс',
    greeting: (name: string) => (name ? `Здравствуйте, ${name}!` : 'Здравствуйте!'),
    welcome: [
      'Это бот курса: здесь программа курса, ваш прогресс и уведомления, когда открывается видео к уроку.',
      '',
      'Чтобы бот узнал вас, откройте курс кнопкой ниже — вход через Telegram произойдёт сам. Если у вас уже есть доступ от Boomstream (почта и пароль из письма), там же можно привязать Telegram к этому аккаунту.',
      '',
      'После входа вернитесь сюда и нажмите /start.',
    ].join('\n'),
    openCabinet: 'Открыть курс и войти',
    openCabinetKnown: 'Личный кабинет',
    signInHint: 'Войдите через кнопку «Курс», чтобы видеть здесь свой прогресс.',
    course: {
      chooseModule: 'Выберите модуль:',
      moduleTitle: (position: number, title: string) => `Модуль ${position}. ${title}`,
      chooseLesson: 'Выберите урок:',
      /** "Уроки 9–16 из 20" above a page of a long module. */
      pageRange: (from: number, to: number, total: number) => `Уроки ${from}–${to} из ${total}`,
      moduleSummary: (open: number, total: number) => `✅ ${open} из ${total}`,
      pageLabel: (page: number, pages: number) => `${page} / ${pages}`,
      previousPage: '◀',
      nextPage: '▶',
      allModules: '⬅ Все модули',
    },
    lesson: {
      label: (number: number, title: string) => `${number}. ${title}`,
      heading: (number: number, title: string) => `Урок ${number}. ${title}`,
      open: '✅',
      locked: '🔒',
      steps: (passed: number, total: number) =>
        `${passed} из ${total} ${plural(total, ['шага', 'шагов', 'шагов'])}`,
      stateOpen: '✅ Видео открыто.',
      stateLocked: '🔒 Видео откроется, когда вы пройдёте шаги этого урока на Stepik.',
      stateProgress: (steps: string) => `Пройдено: ${steps}.`,
      stateRevoked: '🔒 Видео закрыто преподавателем.',
      statePrevious: '🔒 Видео откроется после предыдущего урока.',
      noVideo: 'К этому уроку нет видео.',
      openLesson: 'Открыть урок',
      openStepik: 'Задачи на Stepik',
      watchVideo: 'Смотреть видео',
      backToModule: '⬅ Назад к модулю',
      notFound: 'Такого урока нет в курсе — откройте программу курса.',
    },
    progress: {
      title: 'Ваш прогресс',
      videos: (open: number, total: number) =>
        `Открыто видео: ${open} из ${total} ${plural(total, ['урока', 'уроков', 'уроков'])}.`,
      module: (position: number, title: string, open: number, total: number) =>
        `Модуль ${position}. ${title} — ${open} из ${total}`,
      next: (title: string, steps: string) =>
        steps ? `Следующий урок: «${title}», пройдено ${steps}.` : `Следующий урок: «${title}».`,
      allOpen: 'Все видео курса открыты. Отличная работа!',
      nextButton: 'Следующий урок',
      courseButton: 'Программа курса',
    },
    help: [
      '<b>Как пользоваться ботом</b>',
      '',
      '/course — программа курса: модули, уроки и их состояние (✅ видео открыто, 🔒 пока закрыто).',
      '/progress — сколько видео открыто и какой урок следующий.',
      '/help — эта справка.',
      '',
      'Задачи решаются на Stepik. Когда вы пройдёте шаги урока, видео к нему откроется, а бот пришлёт сообщение.',
      'Кнопка «Курс» внизу слева открывает сайт курса прямо в Telegram.',
    ].join('\n'),
    unknownMessage: 'Я понимаю только команды. Откройте /course или посмотрите /help.',
    staleButton: 'Эта кнопка устарела — откройте /course заново.',
    error: 'Что-то пошло не так. Попробуйте ещё раз чуть позже.',
    unlocked: (title: string) => `🎬 Видео к уроку «${title}» открыто`,
    /** The buttons that link Stepik, refresh a closed lesson and lead on; /start <token>. */
    linking: {
      linkStepik: 'Привязать Stepik',
      checkAgain: 'Проверить снова',
      nextLesson: (title: string) => `Дальше: ${title}`,
      refreshed: 'Прогресс обновлён.',
      tooOften: (seconds: number) =>
        `Проверять можно не чаще раза в 30 секунд. Осталось ${formatWait(seconds)}.`,
      telegramLinked: (name: string) =>
        `✅ Telegram привязан${name ? ` к аккаунту ${name}` : ''}. Сюда будут приходить сообщения, когда откроется видео к уроку.`,
      token: {
        unknown:
          'Ссылка для привязки не найдена. Откройте «Уведомления в Telegram» в личном кабинете на сайте ещё раз.',
        expired:
          'Ссылка для привязки устарела: она действует 10 минут. Откройте «Уведомления в Telegram» в личном кабинете ещё раз.',
        used: 'Эта ссылка для привязки уже использована. Если Telegram не привязался, получите новую в личном кабинете.',
      } as Record<'unknown' | 'expired' | 'used', string>,
    },
  },
  cliBuild: {
    /** `npm start` compiles the CLI, the bot and the server to dist/node when their sources changed. */
    building: 'Собираю CLI, бота и сервер в dist/node (esbuild)…',
  },
  /** /admin: who is stuck, the live sync, the failing-sync banner and the staff's Telegram alerts. */
  adminStuck: {
    title: 'Кому нужна помощь',
    intro: 'Студенты, у которых что-то мешает открыть видео. Каждый список можно скачать в CSV.',
    lists: {
      neverLinkedStepik: 'Не привязали Stepik',
      noRecentProgress: (days: number) =>
        `Нет прогресса больше ${days} ${plural(days, ['дня', 'дней', 'дней'])}`,
      linkedNotInCourse: 'Привязали Stepik, но их нет в журнале курса',
      rosterNeverSignedIn: 'В списке курса, но ни разу не входили',
    },
    count: (n: number) => `${n} ${plural(n, ['студент', 'студента', 'студентов'])}`,
    empty: 'Никого.',
    shownOf: (shown: number, total: number) =>
      `Показаны первые ${shown} из ${total} — все есть в CSV.`,
    downloadCsv: 'Скачать CSV',
    email: 'Почта',
    name: 'Имя',
    lastProgress: 'Последний прогресс',
    never: 'не было',
    unknownList: (known: string) => `Нет такого списка. Есть: ${known}.`,
    /** Times on /admin always say in which zone they are. */
    timeZoneNote: (zone: string) => `Время — ${zone}.`,
    sync: {
      running: 'Синхронизация идёт…',
      starting: 'Запускаем синхронизацию…',
      done: (students: number, unlocked: number, seconds: number) =>
        `Готово: ${students} ${plural(students, ['студент', 'студента', 'студентов'])} в журнале, открыто ${unlocked} ${plural(unlocked, ['урок', 'урока', 'уроков'])}, ${seconds} с.`,
      failed: (message: string) => `Синхронизация не удалась: ${message}`,
      lost: 'Не удалось узнать, как идёт синхронизация. Обновите страницу.',
    },
    banner: {
      failing: (since: string, failures: number) =>
        `Синхронизация со Stepik не работает с ${since} (${failures} ${plural(failures, ['неудачный запуск', 'неудачных запуска', 'неудачных запусков'])} подряд). Прогресс студентов не обновляется.`,
      lastError: (message: string) => `Последняя ошибка: ${message}`,
    },
    alerts: {
      failed: (when: string, message: string) =>
        `⚠️ Синхронизация со Stepik не удалась (${when}).\n${message}\n\nСледующие неудачи подряд не присылаю — напишу, когда заработает.`,
      recovered: (when: string) => `✅ Синхронизация со Stepik снова работает (${when}).`,
    },
    navAdmin: 'Преподавателю',
    /** Matrix cells in words (no 🔒/✅ alone: readable without an emoji font). */
    cell: { open: 'открыт', closed: 'закрыт' },
  },
} as const;

export type Strings = typeof ru;
