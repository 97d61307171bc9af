// Schemas: the shared customer profile, as clients see it and as they may change it.

import * as z from 'zod';
import { externalId, isoDateTime } from '../platform/schemas.ts';
import { identityKinds } from './identity-rules.ts';

const consentPurposes = ['marketing', 'proximity'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

export const loyaltyTiers = ['none', 'silver', 'gold', 'platinum'] as const;

const consent = z.object({ granted: z.boolean(), updatedAt: isoDateTime });

const sizes = z
  .object({
    top: z.string().min(1).max(8).optional(),
    bottom: z.string().min(1).max(8).optional(),
    dress: z.string().min(1).max(8).optional(),
    shoe: z.string().min(1).max(8).optional(),
  })
  .strict();

const communication = z.object({ email: z.boolean().optional(), sms: z.boolean().optional(), push: z.boolean().optional() }).strict();

export const profileSchema = z.object({
  customerId: z.string(),
  name: z.string().optional(),
  preferredStoreId: externalId.optional(),
  sizes: sizes,
  favouriteCategories: z.array(z.string()),
  communication: communication,
  consents: z.object({ marketing: consent.optional(), proximity: consent.optional() }),
  identities: z.object({ email: z.string().optional(), phone: z.string().optional(), loyalty: z.string().optional() }),
  loyaltyTier: z.enum(loyaltyTiers),
  guest: z.boolean(),
  /** Pickups this customer let expire, chain-wide. */
  uncollectedPickups: z.number().int().optional(),
  createdAt: isoDateTime,
  updatedAt: isoDateTime,
});
export type Profile = z.infer<typeof profileSchema>;

export const profilePatchSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    preferredStoreId: externalId.nullable().optional(),
    sizes: sizes.optional(),
    favouriteCategories: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
    communication: communication.optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).length > 0, 'Send at least one field to change.');
export type ProfilePatch = z.infer<typeof profilePatchSchema>;

export const consentBodySchema = z.object({ granted: z.boolean() }).strict();
export const consentPathSchema = z.object({ purpose: z.enum(consentPurposes) });

export const identityPathSchema = z.object({ kind: z.enum(identityKinds) });
export const identityBodySchema = z.object({ value: z.string().trim().min(1).max(254) }).strict();

export const lookupBodySchema = z
  .object({
    email: z.string().max(254).optional(),
    phone: z.string().max(40).optional(),
    loyalty: z.string().max(40).optional(),
    /** ISO country to read a phone number without international prefix. */
    country: z.string().length(2).optional(),
  })
  .strict()
  .refine((b) => [b.email, b.phone, b.loyalty].filter(Boolean).length === 1, 'Send exactly one of email, phone or loyalty.');
export type LookupCommand = z.output<typeof lookupBodySchema>;

export const customerSummarySchema = z.object({
  customerId: z.string(),
  name: z.string().optional(),
  loyaltyTier: z.enum(loyaltyTiers),
  guest: z.boolean(),
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;
