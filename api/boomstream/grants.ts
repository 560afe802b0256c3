/**
 * Per-student video access on Boomstream (boomstream.md §3, the vendor filter's flow, cached):
 * - no API key: the plain player URL — only the project's domain protection guards the video;
 * - first unlocked view: ppv/addbuyer (notification=0, our viewer hash, access_expire = now +
 *   accessDays), the grant recorded in `passwords`, the player URL with `?id_recovery=<hash>`;
 * - later views: the recorded grant, no API call, until it nears its end; then ppv/updatebuyer
 *   with a new access_expire;
 * - the API failing: a recorded grant that has not run out still plays; without one the view is
 *   `unavailable` (the plain URL would show the student Boomstream's purchase prompt), with a
 *   one-line warning; nothing recorded, so the next view tries again.
 * Neither the API key, a hash nor a media code is ever logged: the hash is a bearer token for
 * the video and the code plays it wherever domain protection is off; logs name a short digest.
 */
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { createBoomstreamApi, type BoomstreamApi, type BuyerInput } from './api-client.ts';
import { BoomstreamApiError, isBuyerNotFound } from './api-error.ts';
import { mediaLogRef } from './media-code.ts';
import {
  findActiveGrants,
  findGrant,
  markGrantRevoked,
  saveGrant,
  type GrantRow,
} from './grant-store.ts';
import { describeError } from '../log/safe-error.ts';
import { playerUrl, standInPlayerUrl } from './player.ts';
import { singleFlight } from './single-flight.ts';
import { buyerEmail } from './viewer-email.ts';
import { viewerHash } from './viewer-hash.ts';

export type GrantConfig = Pick<Config, 'boomstream' | 'appSecret' | 'appOrigin'>;

export interface VideoAccessRequest {
  userId: number;
  /** Null for Telegram-only students: they are registered under a synthetic address. */
  email: string | null | undefined;
  mediaCode: string;
  now?: Date;
}

/** The player URL, or no per-student access could be set up and none recorded still holds. */
export type VideoAccess = { embedUrl: string } | { unavailable: true };

export interface RevokeResult {
  /** Media codes whose grant is now inactive (the buyer deleted, or already gone on Boomstream). */
  revoked: string[];
  /** Media codes whose buyer could not be deleted; their grant stays active so a retry finds it. */
  failed: string[];
}

const DAY_IN_MS = 86_400_000;
/** Renew this long before the end, so a page opened just before it does not stop mid-lesson. */
const RENEW_BEFORE_END_IN_MS = 3_600_000;
/** Boomstream keeps whole seconds; an end date this much earlier than we asked is an older one it kept. */
const END_DATE_TOLERANCE_IN_MS = 60_000;

const hasApi = (config: GrantConfig): boolean =>
  Boolean(config.boomstream.apiKey && config.boomstream.subscription);

function apiFor(config: GrantConfig): { api: BoomstreamApi; subscription: string } | null {
  if (!hasApi(config)) return null;
  const { apiKey, subscription, apiUrl } = config.boomstream;
  return { api: createBoomstreamApi({ apiUrl, apiKey: apiKey! }), subscription: subscription! };
}

function isFresh(row: Pick<GrantRow, 'active' | 'endDate'>, now: Date): boolean {
  return (
    row.active &&
    row.endDate !== null &&
    row.endDate.getTime() - now.getTime() > RENEW_BEFORE_END_IN_MS
  );
}

function warn(what: string, error: BoomstreamApiError, mediaCode: string): void {
  // error.message is already redacted; the code too, in case a reply quotes it; one line.
  console.warn(`Boomstream: ${what}: ${describeError(error, [mediaCode])}`);
}

/**
 * Registers the buyer, then does what the vendor filter does after addbuyer: if Boomstream kept
 * an older end date (the buyer already existed), extend it; if the recovery code is not
 * activated yet (`Recovery` 0), activate it with the subscription's activation count.
 */
async function addBuyer(api: BoomstreamApi, buyer: BuyerInput, endDate: Date): Promise<void> {
  const added = await api.addBuyer({ ...buyer, accessExpire: endDate });
  if (
    added.accessExpiresAt &&
    added.accessExpiresAt.getTime() < endDate.getTime() - END_DATE_TOLERANCE_IN_MS
  ) {
    await api.updateBuyer({ ...buyer, accessExpire: endDate });
  }
  if (added.recovery === 0) {
    const info = await api.buyerInfo(buyer);
    if (info.activation !== null && info.activation > 0)
      await api.updateBuyer({ ...buyer, activation: info.activation });
  }
}

/** Extends a recorded buyer; if Boomstream no longer has it (deleted in the cabinet), adds it again. */
async function renewBuyer(api: BoomstreamApi, buyer: BuyerInput, endDate: Date): Promise<void> {
  try {
    await api.updateBuyer({ ...buyer, accessExpire: endDate });
  } catch (error) {
    if (!(error instanceof BoomstreamApiError) || error.kind !== 'failed') throw error;
    await addBuyer(api, buyer, endDate);
  }
}

async function grant(
  database: Database,
  config: GrantConfig,
  request: VideoAccessRequest,
  now: Date,
  row: GrantRow | undefined,
): Promise<VideoAccess> {
  const { userId, mediaCode } = request;
  const base = config.boomstream.playerUrl;
  const client = apiFor(config)!;
  // Whole seconds: what Boomstream stores, so our end date and theirs agree.
  const endDate = new Date(
    Math.floor((now.getTime() + config.boomstream.accessDays * DAY_IN_MS) / 1000) * 1000,
  );
  // A live row keeps its hash (a rotated APP_SECRET must not orphan existing buyers).
  const hash = row?.active ? row.password : viewerHash(config.appSecret, userId, mediaCode);
  const buyer: BuyerInput = {
    subscription: client.subscription,
    media: mediaCode,
    email: buyerEmail(userId, request.email, config.appOrigin),
    hash,
  };
  try {
    if (row?.active) await renewBuyer(client.api, buyer, endDate);
    else await addBuyer(client.api, buyer, endDate);
  } catch (error) {
    if (!(error instanceof BoomstreamApiError)) throw error;
    // A grant that has not quite run out still plays; the plain URL would only ask for a code.
    const usable = row?.active && (row.endDate === null || row.endDate > now);
    warn(
      `no per-student access for user ${userId} to video ${mediaLogRef(mediaCode)}, ${usable ? 'using the recorded grant' : 'video unavailable'}`,
      error,
      mediaCode,
    );
    return usable ? { embedUrl: playerUrl(base, mediaCode, row.password) } : { unavailable: true };
  }
  await saveGrant(database, { userId, mediaCode, hash, endDate });
  return { embedUrl: playerUrl(base, mediaCode, hash) };
}

/** Whether a player URL needs this student's grant row (a Boomstream API is configured). */
export function embedNeedsGrant(config: GrantConfig): boolean {
  return !config.boomstream.standIn && hasApi(config);
}

/**
 * The player URL when it can be given from what is known, without asking Boomstream or writing:
 * offline, the stand-in player on this server (never in production); without an API, the plain
 * player; with one, from the student's recorded grant while it is fresh. Undefined: a grant must
 * be made or renewed (ensureVideoAccess does it).
 */
export function recordedEmbedUrl(
  config: GrantConfig,
  mediaCode: string,
  row: Pick<GrantRow, 'active' | 'endDate' | 'password'> | undefined,
  now: Date,
): string | undefined {
  if (config.boomstream.standIn) return standInPlayerUrl(mediaCode);
  if (!hasApi(config)) return playerUrl(config.boomstream.playerUrl, mediaCode);
  if (row && isFresh(row, now))
    return playerUrl(config.boomstream.playerUrl, mediaCode, row.password);
  return undefined;
}

export async function ensureVideoAccess(
  database: Database,
  config: GrantConfig,
  request: VideoAccessRequest,
): Promise<VideoAccess> {
  const { userId, mediaCode } = request;
  const now = request.now ?? new Date();
  const without = recordedEmbedUrl(config, mediaCode, undefined, now);
  if (without !== undefined) return { embedUrl: without };
  const row = await findGrant(database, userId, mediaCode);
  const recorded = recordedEmbedUrl(config, mediaCode, row, now);
  if (recorded !== undefined) return { embedUrl: recorded };
  // Concurrent first views in this process share one set of calls; the row is read again
  // inside, so a view that arrives just after another finished reuses its grant.
  return singleFlight(database, `${userId}:${mediaCode}`, async () => {
    const current = await findGrant(database, userId, mediaCode);
    if (current && isFresh(current, now))
      return { embedUrl: playerUrl(config.boomstream.playerUrl, mediaCode, current.password) };
    return grant(database, config, request, now, current);
  });
}

export async function revokeVideoAccess(
  database: Database,
  config: GrantConfig,
  request: { userId: number; mediaCodes: string[] },
): Promise<RevokeResult> {
  const { userId } = request;
  const rows = await findActiveGrants(database, userId, [...new Set(request.mediaCodes)]);
  const result: RevokeResult = { revoked: [], failed: [] };
  if (!rows.length) return result;
  const client = apiFor(config);
  if (!client) {
    console.warn(
      `Boomstream: cannot delete ${rows.length} buyer(s) of user ${userId}: no API key or subscription configured`,
    );
    result.failed = rows.map((row) => row.mediaCode);
    return result;
  }
  for (const row of rows) {
    try {
      await client.api.deleteBuyer({ subscription: client.subscription, hash: row.password });
    } catch (error) {
      if (!(error instanceof BoomstreamApiError)) throw error;
      if (!isBuyerNotFound(error)) {
        warn(
          `could not delete the buyer of user ${userId} for video ${mediaLogRef(row.mediaCode)}; the grant stays active`,
          error,
          row.mediaCode,
        );
        result.failed.push(row.mediaCode);
        continue;
      }
      // Already gone on Boomstream (deleted in the cabinet, or an earlier revoke that did not record).
    }
    await markGrantRevoked(database, row.id);
    result.revoked.push(row.mediaCode);
  }
  return result;
}
