/**
 * The offline stand-in for Boomstream's player: `/_player/<code>` on this server, a page that
 * "plays" a timer (a play button, a seekable progress bar, 1× or 2×) and posts the player's
 * events to the page that embeds it, with Boomstream's payload (`{method, code, time, duration}`:
 * `loaded`, `play`, `pause`, `progress` on a seek, `time` about every second, `stop` at the end).
 * So the offline demo (`npm start` without Boomstream) shows players that play, and the watch
 * tracking can be tried and tested end to end.
 *
 * Only with BOOMSTREAM_STAND_IN on (api/config.ts refuses it in production and beside a real
 * Boomstream configuration) — and `createStandInPlayer` refuses again by itself, so no wiring
 * mistake can put a fake player in front of real students. Loaded only then (a dynamic import
 * in server/site-server.ts): `serve` never loads the fakes otherwise.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '#api/config.ts';
import { listLessons } from '#api/course/load.ts';
import type { Course } from '#api/course/schema.ts';
import { STAND_IN_PLAYER_PATH } from '#api/boomstream/player.ts';
import { isMediaCode } from '#api/boomstream/media-code.ts';
import { ru } from '#api/i18n/ru.ts';
import { knownDuration } from '#api/watch/shares.ts';

export class StandInRefused extends Error {}

/** Why the stand-in must not run here, or undefined when it may. */
export function standInRefusal(
  config: Pick<Config, 'env' | 'boomstream'>,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  if (!config.boomstream.standIn) return 'BOOMSTREAM_STAND_IN is off';
  if (config.env === 'production') return 'APP_ENV is production';
  if (env.NODE_ENV === 'production') return 'NODE_ENV is production';
  if (config.boomstream.apiKey) return 'a real Boomstream (BOOMSTREAM_SECRET) is configured';
  return undefined;
}

export type StandInHandler = (req: IncomingMessage, res: ServerResponse) => void;

const SCRIPT_PATH = `${STAND_IN_PLAYER_PATH}/stand-in.js`;
const STYLE_PATH = `${STAND_IN_PLAYER_PATH}/stand-in.css`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
  res.end(body);
}

export function standInPage(code: string, duration: number, title: string): string {
  const t = ru.watch.standIn;
  return `<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}: ${escapeHtml(title)}</title>
<link rel="stylesheet" href="${STYLE_PATH}">
</head>
<body data-code="${escapeHtml(code)}" data-duration="${duration}" data-strings="${escapeHtml(JSON.stringify({ play: t.play, pause: t.pause, again: t.again }))}">
<main class="screen">
  <p class="title">${escapeHtml(title)}</p>
  <p class="clock" data-clock>0:00 / 0:00</p>
  <p class="note">${escapeHtml(t.note)}</p>
  <div class="bar"><div class="fill" data-fill></div></div>
</main>
<div class="controls">
  <button type="button" data-play>${escapeHtml(t.play)}</button>
  <input type="range" data-seek min="0" max="${duration}" step="0.1" value="0" aria-label="${escapeHtml(t.seek)}">
  <select data-rate aria-label="${escapeHtml(t.rate)}"><option value="1">1×</option><option value="2">2×</option></select>
</div>
<script src="${SCRIPT_PATH}"></script>
</body>
</html>
`;
}

/** The page's script: a wall-clock timer standing in for the video, posting Boomstream's events. */
export const STAND_IN_SCRIPT = `(() => {
  'use strict';
  const body = document.body;
  const code = body.dataset.code;
  const duration = Number(body.dataset.duration);
  const t = JSON.parse(body.dataset.strings);
  const button = document.querySelector('[data-play]');
  const seek = document.querySelector('[data-seek]');
  const rate = document.querySelector('[data-rate]');
  const clock = document.querySelector('[data-clock]');
  const fill = document.querySelector('[data-fill]');
  let time = 0;
  let playing = false;
  let last = 0;
  let sentAt = 0;
  const fmt = (s) => { s = Math.floor(s); return Math.floor(s / 60) + ':' + String(s % 60).padStart(2, '0'); };
  // Same origin as the lesson page (that is the only place it runs); Boomstream posts the same shape.
  const post = (method) => { if (window.parent !== window) window.parent.postMessage({ method, code, time: Math.round(time * 100) / 100, duration }, location.origin); };
  const render = () => {
    clock.textContent = fmt(time) + ' / ' + fmt(duration);
    fill.style.width = (100 * time / duration) + '%';
    seek.value = String(time);
    button.textContent = playing ? t.pause : time >= duration ? t.again : t.play;
    body.dataset.state = playing ? 'playing' : time >= duration ? 'ended' : 'paused';
    body.dataset.time = String(Math.round(time * 10) / 10);
  };
  const tick = () => {
    if (!playing) return;
    const now = performance.now();
    time = Math.min(duration, time + (now - last) / 1000 * Number(rate.value));
    last = now;
    if (time >= duration) {
      playing = false;
      post('time');
      post('stop');
    } else if (now - sentAt >= 1000) {
      sentAt = now;
      post('time');
    }
    render();
  };
  button.addEventListener('click', () => {
    if (playing) {
      tick();
      playing = false;
      post('pause');
    } else {
      if (time >= duration) { time = 0; post('progress'); }
      playing = true;
      last = sentAt = performance.now();
      post('play');
      post('time');
    }
    render();
  });
  seek.addEventListener('input', () => {
    tick();
    time = Math.min(duration, Math.max(0, Number(seek.value)));
    last = performance.now();
    post('progress');
    if (playing) post('time');
    render();
  });
  setInterval(tick, 200);
  render();
  post('loaded');
})();
`;

export const STAND_IN_STYLE = `
html, body { margin: 0; height: 100%; font-family: system-ui, sans-serif; background: #111; color: #eee; }
body { display: flex; flex-direction: column; }
.screen { flex: 1; display: flex; flex-direction: column; justify-content: center; align-items: center; gap: .4rem; padding: 1rem; text-align: center; background: linear-gradient(135deg, #1d3557, #2a9d8f); }
.title { margin: 0; font-size: 1.1rem; font-weight: 600; }
.clock { margin: 0; font-size: 2.2rem; font-variant-numeric: tabular-nums; }
.note { margin: 0; font-size: .8rem; opacity: .8; }
.bar { width: 80%; height: 6px; border-radius: 3px; background: rgba(255, 255, 255, .25); overflow: hidden; }
.fill { height: 100%; width: 0; background: #fff; }
.controls { display: flex; gap: .5rem; align-items: center; padding: .5rem; background: #000; }
.controls input { flex: 1; }
.controls button, .controls select { font: inherit; }
`;

/**
 * The handler for `/_player/*`: the page for a media code of the course, its script and style;
 * 404 for anything else. Throws StandInRefused where the stand-in must not run.
 */
export function createStandInPlayer(
  config: Pick<Config, 'env' | 'boomstream'>,
  course: () => Course,
  env: Record<string, string | undefined> = process.env,
): StandInHandler {
  const refusal = standInRefusal(config, env);
  if (refusal) throw new StandInRefused(`the offline stand-in player is not mounted: ${refusal}`);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain', 'GET only');
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    if (pathname === SCRIPT_PATH) return send(res, 200, 'text/javascript', STAND_IN_SCRIPT);
    if (pathname === STYLE_PATH) return send(res, 200, 'text/css', STAND_IN_STYLE);
    const code = pathname.slice(STAND_IN_PLAYER_PATH.length + 1);
    const video = isMediaCode(code)
      ? listLessons(course())
          .flatMap((l) => l.videos)
          .find((v) => v.code === code)
      : undefined;
    if (!video) return send(res, 404, 'text/plain', ru.watch.standIn.notFound);
    send(
      res,
      200,
      'text/html',
      standInPage(code, knownDuration(video, { standIn: true })!, video.title),
    );
  };
}
