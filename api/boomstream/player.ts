/**
 * The player URL we hand to an entitled student: `https://play.boomstream.com/<code>`, plus
 * `?id_recovery=<hash>` when the student is a PPV buyer, which makes Boomstream play the video
 * for that buyer without asking for a code (boomstream.md §3). The hash works as a bearer
 * token: build this URL only for its owner and never log it.
 */
import { assertMediaCode } from './media-code.ts';

function parseBaseUrl(playerBaseUrl: string): URL {
  let base: URL;
  try {
    base = new URL(playerBaseUrl);
  } catch {
    throw new TypeError('the Boomstream player base URL must be an absolute http(s) URL');
  }
  if (!['http:', 'https:'].includes(base.protocol))
    throw new TypeError('the Boomstream player base URL must use http or https');
  if (base.search || base.hash)
    throw new TypeError('the Boomstream player base URL must have no query or fragment');
  return base;
}

/** Each base's origin and path, checked and parsed once: the gate builds URLs on every view. */
const bases = new Map<string, { origin: string; prefix: string }>();

function parsedBase(playerBaseUrl: string): { origin: string; prefix: string } {
  let parsed = bases.get(playerBaseUrl);
  if (parsed === undefined) {
    const base = parseBaseUrl(playerBaseUrl);
    parsed = { origin: base.origin, prefix: `${base.origin}${base.pathname.replace(/\/+$/, '')}` };
    if (bases.size < 16) bases.set(playerBaseUrl, parsed);
  }
  return parsed;
}

/** What URLSearchParams leaves as it is: a hash of only these needs no encoding. */
const FORM_SAFE = /^[A-Za-z0-9*._-]+$/;

export function playerUrl(playerBaseUrl: string, code: string, viewerHash?: string): string {
  assertMediaCode(code);
  // The parsed base is already in URL form, and a media code is letters and digits: the joined
  // string is what `new URL(…).toString()` gives (tests/boomstream/player.test.ts compares).
  const url = `${parsedBase(playerBaseUrl).prefix}/${code}`;
  if (viewerHash === undefined) return url;
  // Our hashes are hex; the check only stops an empty or mangled value from producing a URL
  // that silently shows the "enter your code" screen.
  if (!/^[\x21-\x7e]{1,256}$/.test(viewerHash))
    throw new TypeError('a viewer hash must be 1–256 printable characters');
  const query = FORM_SAFE.test(viewerHash)
    ? `id_recovery=${viewerHash}`
    : new URLSearchParams({ id_recovery: viewerHash }).toString();
  return `${url}?${query}`;
}

/** Where this server serves the offline stand-in player (scripts/fakes/boomstream/stand-in-player.ts). */
export const STAND_IN_PLAYER_PATH = '/_player';

/** The stand-in's page for one video: same-origin and root-relative, whatever host the browser used. */
export function standInPlayerUrl(code: string): string {
  assertMediaCode(code);
  return `${STAND_IN_PLAYER_PATH}/${code}`;
}

/**
 * The origin whose player events a lesson page accepts (the gate tells the page): the configured
 * Boomstream player host, or `self` (the page's own origin) for the offline stand-in.
 */
export function playerOrigin(config: {
  boomstream: { playerUrl: string; standIn: boolean };
}): string {
  return config.boomstream.standIn ? 'self' : parsedBase(config.boomstream.playerUrl).origin;
}
