// Bench fixtures: a store open every day 10:00–22:00 in Madrid's time zone, offering pickup
// and returns, placed where a scenario wants it.

import { type Store, storeSchema } from '#shared/stores/index.ts';

const hours = [{ open: '10:00', close: '22:00' }];

export function benchStore(storeId: string, lat: number, lon: number, extra: Partial<Store> = {}): Store {
  return storeSchema.parse({
    storeId,
    name: `Store ${storeId}`,
    address: { line1: 'Calle 1', city: 'Madrid', postalCode: '28013', country: 'ES' },
    location: { lat, lon },
    timeZone: 'Europe/Madrid',
    openingHours: { mon: hours, tue: hours, wed: hours, thu: hours, fri: hours, sat: hours, sun: hours },
    services: ['pickup', 'returns'],
    ...extra,
  });
}
