/**
 * The PPV reply shapes, zod-checked. No raw ppv/* sample was ever published (see
 * shared/fixtures/boomstream/SOURCES.md); the field names come from the vendor's Moodle filter
 * and a third-party Java client. So the schemas are lenient where those clients are: unknown
 * fields (Version, Versions, RequestURI — which echoes our API key) are dropped, numbers may
 * arrive as strings, and `info` keeps the XML-style `Items.Item` nesting.
 */
import { z } from 'zod';
import { parseMoscowTime } from './moscow-time.ts';

export const envelopeSchema = z.object({
  Status: z.string(),
  Message: z.string().nullish(),
});

/** 5, "5", "" (→ null) or absent. */
const looseCount = z.preprocess(
  (v) => (v === '' ? null : v),
  z
    .union([
      z.number().int(),
      z
        .string()
        .regex(/^-?\d+$/)
        .transform(Number),
    ])
    .nullish(),
);

/** `YYYY-MM-DD HH:mm:ss` in Moscow; the zero date and unreadable text are "no date" (as the vendor filter treats them). */
const moscowDate = z
  .union([z.string(), z.null()])
  .optional()
  .transform((v) => (v ? (parseMoscowTime(v) ?? null) : null));

const addBuyerSchema = z.object({
  Message: z.string().nullish(),
  AccessExpirationDate: moscowDate,
  Recovery: looseCount,
  Hash: z.union([z.string(), z.number().transform(String)]).nullish(),
});

export interface AddBuyerResult {
  /** When Boomstream says the buyer's access ends; null = no end date. */
  accessExpiresAt: Date | null;
  /** The vendor filter reads 0 as "recovery code not activated yet". Null when absent. */
  recovery: number | null;
  /** The buyer hash Boomstream reports (ours when we sent one). */
  hash: string | null;
}

export function parseAddBuyer(body: unknown): AddBuyerResult | undefined {
  const parsed = addBuyerSchema.safeParse(body);
  if (!parsed.success) return undefined;
  return {
    accessExpiresAt: parsed.data.AccessExpirationDate,
    recovery: parsed.data.Recovery ?? null,
    hash: parsed.data.Hash ?? null,
  };
}

const infoItemSchema = z.object({
  Activation: looseCount,
  AccessExpirationDate: moscowDate,
  Period: looseCount,
});

const infoSchema = z.object({
  // XML turned into JSON: one <Item> is an object, several are an array, none may be "" or [].
  Items: z
    .union([
      z.object({ Item: z.union([infoItemSchema, z.array(infoItemSchema)]).nullish() }),
      z.array(z.unknown()).max(0),
      z.literal(''),
      z.null(),
    ])
    .optional(),
});

export interface BuyerInfoResult {
  /** How many recovery-code activations the subscription grants (what updatebuyer `activation=` takes). */
  activation: number | null;
  /** The subscription's fixed end date, if it has one. */
  accessExpiresAt: Date | null;
  /** The subscription's validity in days, if it is set that way. */
  periodInDays: number | null;
}

export function parseBuyerInfo(body: unknown): BuyerInfoResult | undefined {
  const parsed = infoSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const items = parsed.data.Items;
  const raw = items && typeof items === 'object' && !Array.isArray(items) ? items.Item : undefined;
  const item = Array.isArray(raw) ? raw[0] : raw;
  return {
    activation: item?.Activation ?? null,
    accessExpiresAt: item?.AccessExpirationDate ?? null,
    periodInDays: item?.Period ?? null,
  };
}
