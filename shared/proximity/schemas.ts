// Schemas: beacons, sightings, presence and proximity offers (with their audience rule tree).

import * as z from 'zod';
import { customerIdSchema, externalId, isoDateTime, queryInt } from '../platform/schemas.ts';
import { loyaltyTiers } from '../profiles/index.ts';

// ── beacons ─────────────────────────────────────────────────────────────────────────────

const hex = (bytes: number, what: string) =>
  z
    .string()
    .regex(new RegExp(`^[0-9a-fA-F]{${bytes * 2}}$`), `Not ${what} (${bytes * 2} hex digits).`)
    .transform((s) => s.toLowerCase());

const uuid = z
  .string()
  .regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'Not a UUID (8-4-4-4-12 hex digits).')
  .transform((s) => s.toLowerCase());
const uint16 = z.int().min(0).max(65535);

const iBeacon = { type: z.literal('ibeacon'), uuid, major: uint16, minor: uint16 };
/** Eddystone-UID: a 10-byte namespace and a 6-byte instance. */
const eddystone = { type: z.literal('eddystone'), namespace: hex(10, 'an Eddystone namespace'), instance: hex(6, 'an Eddystone instance') };

export type BeaconIdentity =
  | { type: 'ibeacon'; uuid: string; major: number; minor: number }
  | { type: 'eddystone'; namespace: string; instance: string };

/** Zones are per store: "entrance", "fitting-rooms", "denim"… */
const zoneId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'Use lower-case letters, digits and "-".');

const placement = { storeId: externalId, zone: zoneId, zoneName: z.string().trim().min(1).max(80).optional() };

export const beaconRegistrationSchema = z.discriminatedUnion('type', [
  z.object({ ...iBeacon, ...placement }).strict(),
  z.object({ ...eddystone, ...placement }).strict(),
]);
export type BeaconRegistration = z.output<typeof beaconRegistrationSchema>;

/** "ibeacon:<uuid>:<major>:<minor>" or "eddystone:<namespace>:<instance>", lower-case hex. */
const beaconIdSchema = z
  .string()
  .regex(
    /^(ibeacon:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}:\d{1,5}:\d{1,5}|eddystone:[0-9a-f]{20}:[0-9a-f]{12})$/,
    'Not a beacon id (ibeacon:<uuid>:<major>:<minor> or eddystone:<namespace>:<instance>).',
  );
export const beaconPathSchema = z.object({ beaconId: beaconIdSchema });

export const beaconSchema = z.object({
  beaconId: z.string(),
  type: z.enum(['ibeacon', 'eddystone']),
  uuid: z.string().optional(),
  major: z.number().optional(),
  minor: z.number().optional(),
  namespace: z.string().optional(),
  instance: z.string().optional(),
  storeId: z.string(),
  zone: z.string(),
  zoneName: z.string().optional(),
  updatedAt: isoDateTime,
});
export type Beacon = z.infer<typeof beaconSchema>;

export const storePathSchema = z.object({ storeId: externalId });

// ── per-store settings ──────────────────────────────────────────────────────────────────

export const proximitySettingsSchema = z
  .object({
    /** At most this many offers answer one sighting (0 = presence only, no offers). */
    maxOffersPerSighting: z.int().min(0).max(5).default(2),
    /** A repeat sighting of the same zone within this many seconds only extends presence. */
    cooldownSeconds: z.int().min(10).max(3600).default(60),
  })
  .strict();
export type ProximitySettings = z.output<typeof proximitySettingsSchema>;
export const defaultProximitySettings: ProximitySettings = proximitySettingsSchema.parse({});

// ── sightings ───────────────────────────────────────────────────────────────────────────

const proximityLevels = ['immediate', 'near', 'far', 'unknown'] as const;

const signal = {
  /** Received signal strength in dBm (negative; closer is higher). */
  rssi: z.int().min(-127).max(0).optional(),
  /** The OS's coarse estimate (iOS CLProximity), when no RSSI is at hand. */
  proximity: z.enum(proximityLevels).optional(),
  seenAt: isoDateTime,
};
const hasSignal = (r: { rssi?: number; proximity?: string }) => r.rssi !== undefined || r.proximity !== undefined;
const signalMessage = { message: 'Send rssi or proximity.', path: ['rssi'] };

const beaconReadingSchema = z.discriminatedUnion('type', [
  z
    .object({ ...iBeacon, ...signal })
    .strict()
    .refine(hasSignal, signalMessage),
  z
    .object({ ...eddystone, ...signal })
    .strict()
    .refine(hasSignal, signalMessage),
]);
export type BeaconReading = z.output<typeof beaconReadingSchema>;

const MAX_BEACONS_PER_SIGHTING = 20;
export const sightingBodySchema = z.object({ beacons: z.array(beaconReadingSchema).min(1).max(MAX_BEACONS_PER_SIGHTING) }).strict();

const ignoreReasons = ['unknown-beacon', 'store-closed', 'too-old', 'in-the-future'] as const;
export type IgnoreReason = (typeof ignoreReasons)[number];

const shownOfferSchema = z.object({
  offerId: z.string(),
  title: z.string(),
  description: z.string().optional(),
  priority: z.number(),
  validUntil: isoDateTime,
  storeId: z.string().optional(),
  zones: z.array(z.string()).optional(),
});

export const sightingResponseSchema = z.object({
  presence: z
    .object({
      storeId: z.string(),
      storeName: z.string(),
      zone: z.string(),
      zoneName: z.string().optional(),
      since: isoDateTime,
      zoneSince: isoDateTime,
      lastSeenAt: isoDateTime,
      /** True when this sighting started a visit (a timeline entry was written). */
      newVisit: z.boolean(),
      /** True when this was a repeat inside the cooldown: presence extended, nothing else. */
      repeat: z.boolean(),
    })
    .nullable(),
  offers: z.array(shownOfferSchema),
  ignored: z.array(z.object({ index: z.int(), beaconId: z.string(), reason: z.enum(ignoreReasons) })),
});
export type SightingResponse = z.infer<typeof sightingResponseSchema>;

// ── offers ──────────────────────────────────────────────────────────────────────────────

const category = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .transform((c) => c.toLowerCase());

/** Audience rules are data: a small tree over the customer's profile and history. */
export type AudienceRule =
  | { type: 'all'; rules: AudienceRule[] }
  | { type: 'any'; rules: AudienceRule[] }
  | { type: 'not'; rule: AudienceRule }
  | { type: 'loyaltyTier'; in: (typeof loyaltyTiers)[number][] }
  | { type: 'favouriteCategory'; in: string[] }
  | { type: 'bought'; category: string; withinDays?: number }
  | { type: 'notBought'; category: string; withinDays?: number }
  | { type: 'firstVisit' }
  | { type: 'appointmentToday' };

const MAX_RULE_NODES = 25;
const MAX_RULE_DEPTH = 4;

export const audienceRuleSchema: z.ZodType<AudienceRule> = z
  .lazy(() =>
    z.discriminatedUnion('type', [
      z.object({ type: z.literal('all'), rules: z.array(audienceRuleSchema).min(1).max(10) }).strict(),
      z.object({ type: z.literal('any'), rules: z.array(audienceRuleSchema).min(1).max(10) }).strict(),
      z.object({ type: z.literal('not'), rule: audienceRuleSchema }).strict(),
      z.object({ type: z.literal('loyaltyTier'), in: z.array(z.enum(loyaltyTiers)).min(1).max(loyaltyTiers.length) }).strict(),
      z.object({ type: z.literal('favouriteCategory'), in: z.array(category).min(1).max(20) }).strict(),
      z.object({ type: z.literal('bought'), category, withinDays: z.int().min(1).max(730).optional() }).strict(),
      z.object({ type: z.literal('notBought'), category, withinDays: z.int().min(1).max(730).optional() }).strict(),
      z.object({ type: z.literal('firstVisit') }).strict(),
      z.object({ type: z.literal('appointmentToday') }).strict(),
    ]),
  )
  .meta({ id: 'AudienceRule' }) as z.ZodType<AudienceRule>;

function ruleSize(rule: AudienceRule, depth = 1): { nodes: number; depth: number } {
  const children = rule.type === 'all' || rule.type === 'any' ? rule.rules : rule.type === 'not' ? [rule.rule] : [];
  return children.reduce(
    (acc, child) => {
      const c = ruleSize(child, depth + 1);
      return { nodes: acc.nodes + c.nodes, depth: Math.max(acc.depth, c.depth) };
    },
    { nodes: 1, depth },
  );
}

const frequencyCapSchema = z
  .object({
    times: z.int().min(1).max(20).default(1),
    /** day / week: calendar periods in the store's time zone; hours: a window from the first showing. */
    per: z.enum(['day', 'week', 'hours']).default('day'),
    hours: z.int().min(1).max(720).optional(),
  })
  .strict()
  .refine((c) => (c.per === 'hours') === (c.hours !== undefined), { message: 'Give hours exactly when per is "hours".', path: ['hours'] });
export type FrequencyCap = z.output<typeof frequencyCapSchema>;

export const offerInputSchema = z
  .object({
    title: z.string().trim().min(1).max(80),
    description: z.string().trim().min(1).max(500).optional(),
    /** No storeId: chain-wide. No zones: anywhere in the store(s). */
    target: z
      .object({ storeId: externalId.optional(), zones: z.array(zoneId).min(1).max(20).optional() })
      .strict()
      .default({}),
    audience: audienceRuleSchema.optional(),
    validFrom: isoDateTime,
    validUntil: isoDateTime,
    /** Shown only while the store is open (its weekly hours and exceptions). */
    openingHoursOnly: z.boolean().default(true),
    /** Higher first. */
    priority: z.int().min(0).max(1000).default(100),
    frequencyCap: frequencyCapSchema.default({ times: 1, per: 'day' }),
    /** Redemptions across all customers; absent = unlimited. */
    totalRedemptionLimit: z.int().min(1).max(10_000_000).optional(),
    /** Shown only while this SKU is available at the store where the customer is. */
    requiresStock: z.object({ sku: externalId }).strict().optional(),
  })
  .strict()
  .superRefine((offer, ctx) => {
    const from = Date.parse(offer.validFrom);
    const until = Date.parse(offer.validUntil);
    if (!(from < until)) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'validUntil must be after validFrom.' });
    if (until - from > 366 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['validUntil'], message: 'An offer runs at most 366 days.' });
    if (offer.audience) {
      const size = ruleSize(offer.audience);
      if (size.nodes > MAX_RULE_NODES) ctx.addIssue({ code: 'custom', path: ['audience'], message: `At most ${MAX_RULE_NODES} rules.` });
      if (size.depth > MAX_RULE_DEPTH)
        ctx.addIssue({ code: 'custom', path: ['audience'], message: `Rules nest at most ${MAX_RULE_DEPTH} deep.` });
    }
  });
export type OfferInput = z.output<typeof offerInputSchema>;

export const offerSchema = z.object({
  offerId: z.string(),
  title: z.string(),
  description: z.string().optional(),
  target: z.object({ storeId: z.string().optional(), zones: z.array(z.string()).optional() }),
  audience: z.unknown().optional(),
  validFrom: isoDateTime,
  validUntil: isoDateTime,
  openingHoursOnly: z.boolean(),
  priority: z.number(),
  frequencyCap: z.object({ times: z.number(), per: z.enum(['day', 'week', 'hours']), hours: z.number().optional() }),
  totalRedemptionLimit: z.number().optional(),
  requiresStock: z.object({ sku: z.string() }).optional(),
  redemptions: z.number(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Offer = Omit<z.infer<typeof offerSchema>, 'audience'> & { audience?: AudienceRule };

export const offerPathSchema = z.object({ offerId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Not an offer id.') });

export const redemptionBodySchema = z
  .object({ customerId: customerIdSchema, storeId: externalId })
  .strict()
  .meta({ examples: [{ customerId: 'cust-lucia', storeId: 'mad-sol' }] });
export const redemptionSchema = z.object({
  offerId: z.string(),
  customerId: z.string(),
  storeId: z.string(),
  redeemedAt: isoDateTime,
});

// ── presence (the associate's view) ─────────────────────────────────────────────────────

export const presenceEntrySchema = z.object({
  customerId: z.string(),
  name: z.string().optional(),
  loyaltyTier: z.enum(loyaltyTiers),
  zone: z.string(),
  zoneName: z.string().optional(),
  since: isoDateTime,
  zoneSince: isoDateTime,
  lastSeenAt: isoDateTime,
  appointmentToday: z.boolean(),
});

export const presenceQuerySchema = z
  .object({
    limit: queryInt(1, 50).default(25),
    cursor: z.string().min(1).max(1024).optional(),
  })
  .strict();
