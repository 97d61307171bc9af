// The profiles module's public API: the only file other modules, functions and infra import.

export { setConsent } from './consents.ts';
export { exportCustomer } from './export-customer.ts';
export { forgetCustomer } from './forget-customer.ts';
export { ensureProfile } from './get-or-create-profile.ts';
export { removeIdentity, setIdentity } from './identities.ts';
export {
  guessIdentityKinds,
  type IdentityKind,
  identityKinds,
  maskEmail,
  maskPhone,
  normalizeIdentity,
  normalizeOrReject,
} from './identity-rules.ts';
export { lookupCustomer } from './lookup-customer.ts';
export { DEFAULT_PHONE_COUNTRIES, fullPhoneMetadata, phoneMetadataFor } from './phone-metadata.ts';
export {
  getProfile,
  getProfiles,
  guestMerged,
  identityClaimItem,
  profileExists,
  profileFromItem,
  profileItem,
  purchasedCategories,
  purchasesWrite,
  resolveIdentity,
  uncollectedPickupCounted,
} from './repository.ts';
export { newProfile } from './rules.ts';
export {
  consentBodySchema,
  consentPathSchema,
  customerSummarySchema,
  identityBodySchema,
  identityPathSchema,
  type LookupCommand,
  lookupBodySchema,
  loyaltyTiers,
  type Profile,
  type ProfilePatch,
  profilePatchSchema,
  profileSchema,
} from './schemas.ts';
export { setLoyaltyTier, updateProfile } from './update-profile.ts';
