/**
 * The site as a Telegram Mini App. Telegram opens our pages with its launch data in the URL
 * fragment (#tgWebAppData=…, kept in sessionStorage for later pages); only then is the WebApp
 * SDK loaded — a separate chunk, never on the server (it touches `window` on import). Inside
 * Telegram the API calls carry `Authorization: tma <initData>`, since cookies are unreliable
 * in Telegram Web's iframe.
 */
export interface MiniApp {
  initData: string;
  initDataUnsafe?: { user?: { first_name?: string } };
  platform?: string;
  ready?: () => void;
  expand?: () => void;
  openLink?: (url: string) => void;
  /** 'activated': the Mini App is in front again (Bot API 8.0). */
  onEvent?: (event: string, callback: () => void) => void;
  BackButton?: { show(): void; hide(): void; onClick(callback: () => void): void };
}

declare global {
  interface Window {
    Telegram?: { WebApp?: MiniApp };
  }
}

function launchedFromTelegram(): boolean {
  if (/[#&]tgWebAppData=/.test(location.hash)) return true;
  try {
    return (sessionStorage.getItem('__telegram__initParams') ?? '').includes('tgWebAppData');
  } catch {
    return false;
  }
}

function setUp(app: MiniApp): MiniApp {
  document.documentElement.dataset.telegram = app.platform ?? 'unknown';
  app.ready?.();
  app.expand?.();
  // Telegram's own Back button: back through our pages, hidden on the first one.
  if (app.BackButton && history.length > 1 && location.pathname !== '/course') {
    app.BackButton.onClick(() => history.back());
    app.BackButton.show();
  }
  // Links to other sites (Stepik) open in Telegram's browser, not inside the Mini App.
  document.addEventListener('click', (event) => {
    const anchor = (event.target as Element | null)?.closest?.(
      'a[href]',
    ) as HTMLAnchorElement | null;
    if (!anchor || !app.openLink) return;
    const url = new URL(anchor.href, location.href);
    if (url.origin === location.origin || !/^https?:$/.test(url.protocol)) return;
    event.preventDefault();
    app.openLink(url.toString());
  });
  return app;
}

let ready: Promise<MiniApp | null> | undefined;

/** The Mini App when the page runs inside Telegram (with initData), otherwise null. */
export function miniApp(): Promise<MiniApp | null> {
  ready ??= (async () => {
    const present = window.Telegram?.WebApp;
    if (present?.initData) return setUp(present);
    if (!launchedFromTelegram()) return null;
    const sdk = (await import('@twa-dev/sdk')).default as unknown as MiniApp;
    return sdk.initData ? setUp(sdk) : null;
  })();
  return ready;
}
