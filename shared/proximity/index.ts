// The proximity module's public API: the only file other modules, functions and infra import.

export { listBeacons, registerBeacon, removeBeacon, setProximitySettings } from './beacons.ts';
export { proximityEvents } from './events.ts';
export { exportCustomer } from './export-customer.ts';
export { createOffer, readOffer, replaceOffer } from './offers.ts';
export { isPresent } from './presence-rules.ts';
export { recordSighting } from './record-sighting.ts';
export { redeemOffer } from './redeem-offer.ts';
export {
  type BeaconRegistration,
  beaconPathSchema,
  beaconRegistrationSchema,
  beaconSchema,
  type OfferInput,
  offerInputSchema,
  offerPathSchema,
  offerSchema,
  type ProximitySettings,
  presenceEntrySchema,
  presenceQuerySchema,
  proximitySettingsSchema,
  redemptionBodySchema,
  redemptionSchema,
  sightingBodySchema,
  sightingResponseSchema,
  storePathSchema,
} from './schemas.ts';
export { listPresence } from './store-presence.ts';
