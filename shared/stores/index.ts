// The stores module's public API: the only file other modules, functions and infra import.

export { backfillNearby } from './backfill-nearby.ts';
export { existingStore, findStore, requireStore, saveStore } from './directory.ts';
export { findNearby, type NearbyTrace, nearbyStores, rankNearby } from './find-nearby.ts';
export { haversineKm } from './geo.ts';
export { hoursOn, isOpenAt, type Weekday, weekdayOf, weekdays } from './opening-hours.ts';
export { getStore, getStores, putStore, putStores, storeFromItem } from './repository.ts';
export { offersPickup, pickupReadyAt, roundKm, takesReturns } from './rules.ts';
export {
  geoQuery,
  nearbyQuery,
  nearbyResponse,
  nearbyStoreSchema,
  type Store,
  storePathSchema,
  storeSchema,
  storeUpsertBody,
  storeViewSchema,
  type TimeRange,
  timeRange,
} from './schemas.ts';
