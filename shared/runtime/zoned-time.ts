// Runtime: wall clocks in IANA time zones, DST-correct, on the runtime's Intl (what luxon does
// underneath), so no function bundles a date library. Instants are epoch milliseconds; a
// "wall" time is the zone's calendar date and clock read as if it were UTC (epoch ms), so
// calendar arithmetic on it is plain UTC arithmetic. Checked against luxon by property tests
// (test/unit/zoned-time.test.ts, test/unit/opening-hours.test.ts).

const MINUTE = 60_000;
const DAY = 86_400_000;

/** An IANA zone the runtime knows (what luxon's IANAZone.isValidZone checks). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz }).format();
    return tz.length > 0;
  } catch {
    return false;
  }
}

const formats = new Map<string, Intl.DateTimeFormat>();
function formatIn(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formats.set(zone, f);
  }
  return f;
}

/**
 * The wall clocks read lately, by zone and instant: formatToParts costs ~5 µs, and the same
 * few instants are read again and again (a nearby answer's 20 stores each ask whether they
 * are open now, and each of their opening times today is an instant read twice or three
 * times). Exact (an instant's wall clock never changes); the oldest is dropped past WALLS_KEPT.
 */
const walls = new Map<string, number>();
const WALLS_KEPT = 2048;

/** The zone's wall clock at an instant, read as if it were UTC (epoch ms). */
export function wallClock(zone: string, ts: number): number {
  const key = `${zone} ${ts}`;
  const known = walls.get(key);
  if (known !== undefined) return known;
  const p: Record<string, number> = {};
  for (const part of formatIn(zone).formatToParts(ts)) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (((ts % 1000) + 1000) % 1000);
  if (walls.size >= WALLS_KEPT) walls.delete(walls.keys().next().value!);
  walls.set(key, wall);
  return wall;
}

/** The zone's offset from UTC at an instant, in minutes. */
export const offsetMinutes = (zone: string, ts: number) => Math.round((wallClock(zone, ts) - ts) / MINUTE);

/**
 * The instant of a wall time in a zone, by the fix-point luxon uses (first guess: the offset
 * at the wall time read as UTC): a wall time that does not exist (the spring-forward gap)
 * moves forward by the gap; one that exists twice (the autumn fold) is one of its two
 * instants (which one follows the first guess, as in luxon).
 */
export function instantOf(zone: string, wall: number): number {
  const o = offsetMinutes(zone, wall);
  let guess = wall - o * MINUTE;
  const o2 = offsetMinutes(zone, guess);
  if (o === o2) return guess;
  guess -= (o2 - o) * MINUTE;
  const o3 = offsetMinutes(zone, guess);
  if (o2 === o3) return guess;
  return wall - Math.min(o2, o3) * MINUTE;
}

/** The instant the zone's calendar day holding `ts` starts. */
export const startOfLocalDay = (zone: string, ts: number) => instantOf(zone, Math.floor(wallClock(zone, ts) / DAY) * DAY);

/** `days` later on the zone's calendar at the same wall time (23 or 25 real hours a day across a DST change). */
export const plusLocalDays = (zone: string, ts: number, days: number) => instantOf(zone, wallClock(zone, ts) + days * DAY);

/**
 * ISO 8601 with the zone's offset at that instant ("2026-11-24T10:00:00+01:00"), as luxon's
 * toISO writes it: milliseconds unless `suppressMilliseconds` and they are zero, and `Z` for
 * the zone named UTC or GMT.
 */
export function isoWithOffset(ts: number, zone: string, options: { suppressMilliseconds?: boolean } = {}): string {
  const offset = offsetMinutes(zone, ts);
  const wall = new Date(ts + offset * MINUTE).toISOString();
  const local = options.suppressMilliseconds && ts % 1000 === 0 ? wall.slice(0, 19) : wall.slice(0, 23);
  if (/^(utc|gmt)$/i.test(zone)) return `${local}Z`;
  return `${local}${offsetSuffix(offset)}`;
}

/** "+01:00", "-03:30". */
export function offsetSuffix(offsetMinutes: number): string {
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
