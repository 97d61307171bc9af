// Domain: turning beacon readings into "this customer is in this store, in this zone" —
// pure functions over readings, the registry and the store directory.

import type { Store } from '../stores/index.ts';
import type { Beacon, BeaconIdentity, BeaconReading, IgnoreReason } from './schemas.ts';

/** Readings older than this are history, not presence (phones batch and retry). */
const MAX_READING_AGE_MS = 5 * 60_000;
/** Tolerated clock skew of a phone ahead of ours. */
const MAX_READING_AHEAD_MS = 60_000;
/** Without a new sighting a presence lapses after this (also its TTL). */
export const PRESENCE_TTL_SECONDS = 15 * 60;

export function beaconIdOf(b: BeaconIdentity): string {
  return b.type === 'ibeacon' ? `ibeacon:${b.uuid}:${b.major}:${b.minor}` : `eddystone:${b.namespace}:${b.instance}`;
}

/** Stand-in dBm for the coarse proximity levels, so readings with and without RSSI compare. */
const levelStrength = { immediate: -45, near: -65, far: -85, unknown: -110 } as const;

export function signalStrength(r: Pick<BeaconReading, 'rssi' | 'proximity'>): number {
  if (r.rssi !== undefined) return r.rssi;
  return levelStrength[r.proximity ?? 'unknown'];
}

type Ignored = { index: number; beaconId: string; reason: IgnoreReason };
type FreshReading = { index: number; beaconId: string; strength: number; seenAt: Date };

/** Drops readings too old or too far ahead; keeps the strongest reading of each beacon. */
export function screenReadings(readings: BeaconReading[], now: Date): { fresh: FreshReading[]; ignored: Ignored[] } {
  const ignored: Ignored[] = [];
  const best = new Map<string, FreshReading>();
  readings.forEach((r, index) => {
    const beaconId = beaconIdOf(r);
    const seenAt = new Date(r.seenAt);
    const age = now.getTime() - seenAt.getTime();
    if (age > MAX_READING_AGE_MS || -age > MAX_READING_AHEAD_MS) {
      ignored.push({ index, beaconId, reason: age > 0 ? 'too-old' : 'in-the-future' });
      return;
    }
    const reading = { index, beaconId, strength: signalStrength(r), seenAt };
    const current = best.get(beaconId);
    if (!current || reading.strength > current.strength) best.set(beaconId, reading);
  });
  return { fresh: [...best.values()], ignored };
}

type Resolved = { beacon: Beacon; store: Store; reading: FreshReading };

/**
 * The nearest known beacon of an open store. Unknown beacons and beacons of a closed store
 * are reported, never fatal. Outside opening hours a store is not "closed": people linger
 * after closing time and associates want to see them (offers can still be limited to hours).
 */
export function nearestBeacon(
  fresh: FreshReading[],
  beacons: Map<string, Beacon>,
  stores: Map<string, Store>,
): { chosen?: Resolved; ignored: Ignored[] } {
  const ignored: Ignored[] = [];
  const usable: Resolved[] = [];
  for (const reading of fresh) {
    const beacon = beacons.get(reading.beaconId);
    if (!beacon) {
      ignored.push({ index: reading.index, beaconId: reading.beaconId, reason: 'unknown-beacon' });
      continue;
    }
    const store = stores.get(beacon.storeId);
    if (!store || store.status === 'closed') {
      ignored.push({ index: reading.index, beaconId: reading.beaconId, reason: 'store-closed' });
      continue;
    }
    usable.push({ beacon, store, reading });
  }
  // Strongest signal first; ties go to the most recent reading, then a stable order.
  usable.sort(
    (a, b) =>
      b.reading.strength - a.reading.strength ||
      b.reading.seenAt.getTime() - a.reading.seenAt.getTime() ||
      a.reading.beaconId.localeCompare(b.reading.beaconId),
  );
  return { chosen: usable[0], ignored: ignored.sort((a, b) => a.index - b.index) };
}

export type PresenceRecord = {
  customerId: string;
  storeId: string;
  zone: string;
  zoneName?: string;
  /** When this visit started. */
  since: string;
  zoneSince: string;
  lastSeenAt: string;
  /** When the last full evaluation (offers, visit) ran: the cooldown counts from here. */
  processedAt: string;
  cooldownUntil: string;
  expiresAt: number;
  /** A booked appointment at this store today, as of the last full evaluation (for the tablet). */
  appointmentToday: boolean;
};

/**
 * Proximity works only with the customer's proximity consent: without it a sighting records
 * nothing, and a presence stops showing to associates the moment it is withdrawn.
 */
export function hasProximityConsent<P extends { consents: { proximity?: { granted: boolean } } }>(profile: P | undefined): profile is P {
  return profile?.consents.proximity?.granted === true;
}

export function isPresent(p: Pick<PresenceRecord, 'expiresAt'> | undefined, now: Date): boolean {
  return p !== undefined && p.expiresAt * 1000 > now.getTime();
}

/** A repeat: still live in the same store and zone, inside the cooldown of the last evaluation. */
export function isRepeat(p: PresenceRecord | undefined, at: { storeId: string; zone: string; now: Date }): boolean {
  return isPresent(p, at.now) && p!.storeId === at.storeId && p!.zone === at.zone && Date.parse(p!.cooldownUntil) > at.now.getTime();
}

/** A visit starts when there is no live presence, or the live one is in another store. */
export function startsVisit(previous: PresenceRecord | undefined, storeId: string, now: Date): boolean {
  return !isPresent(previous, now) || previous!.storeId !== storeId;
}

export function presenceExpiry(now: Date): number {
  return Math.floor(now.getTime() / 1000) + PRESENCE_TTL_SECONDS;
}

/** The presence after a full evaluation at `now`. */
export function nextPresence(
  previous: PresenceRecord | undefined,
  at: {
    customerId: string;
    storeId: string;
    zone: string;
    zoneName?: string;
    now: Date;
    cooldownSeconds: number;
    appointmentToday: boolean;
  },
): PresenceRecord {
  const now = at.now.toISOString();
  const newVisit = startsVisit(previous, at.storeId, at.now);
  const sameZone = !newVisit && previous!.zone === at.zone;
  return {
    customerId: at.customerId,
    storeId: at.storeId,
    zone: at.zone,
    ...(at.zoneName ? { zoneName: at.zoneName } : {}),
    since: newVisit ? now : previous!.since,
    zoneSince: sameZone ? previous!.zoneSince : now,
    lastSeenAt: now,
    processedAt: now,
    cooldownUntil: new Date(at.now.getTime() + at.cooldownSeconds * 1000).toISOString(),
    expiresAt: presenceExpiry(at.now),
    appointmentToday: at.appointmentToday,
  };
}
