// Local runtime: demo data for `npm start`, written through the same repositories the
// handlers use, so demo data is always data the API could have written itself.

import { setPreferences } from '#shared/notifications/index.ts';
import * as profiles from '#shared/profiles/index.ts';
import { normalizeOrReject } from '#shared/profiles/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { seedAppointments } from './seed-appointments.ts';
import { seedCatalog } from './seed-catalog.ts';
import { seedInventory } from './seed-inventory.ts';
import { seedOrders } from './seed-orders.ts';
import { seedProximity } from './seed-proximity.ts';

export const demoCustomers = [
  {
    id: 'cust-demo-lucia',
    name: 'Lucía Fernández',
    email: 'lucia.fernandez@example.com',
    phone: '+34 612 345 678',
    loyalty: 'OMNI-100234',
    tier: 'gold',
  },
  {
    id: 'cust-demo-marc',
    name: 'Marc Puig',
    email: 'marc.puig@example.com',
    phone: '+34 622 111 222',
    loyalty: 'OMNI-100877',
    tier: 'silver',
  },
  {
    id: 'cust-demo-ana',
    name: 'Ana Gómez',
    email: 'ana.gomez@example.com',
    phone: '+34 633 987 654',
    loyalty: 'OMNI-101500',
    tier: 'none',
  },
] as const;

export async function seedProfiles(deps: Deps): Promise<void> {
  for (const c of demoCustomers) {
    await profiles.updateProfile(deps, c.id, {
      name: c.name,
      sizes: { top: 'M', bottom: '38', shoe: '39' },
      favouriteCategories: ['denim', 'knitwear'],
      communication: { email: true, push: true },
    });
    await profiles.setConsent(deps, c.id, 'marketing', true);
    await profiles.setConsent(deps, c.id, 'proximity', c.tier !== 'none');
    await profiles.setIdentity(deps, c.id, 'email', normalizeOrReject(deps, 'email', c.email, 'email'));
    await profiles.setIdentity(deps, c.id, 'phone', normalizeOrReject(deps, 'phone', c.phone, 'phone'));
    await profiles.setIdentity(deps, c.id, 'loyalty', normalizeOrReject(deps, 'loyalty', c.loyalty, 'loyalty'));
    await profiles.setLoyaltyTier(deps, c.id, c.tier);
  }
  // Lucía reads her messages in Spanish, by e-mail and SMS (both land in the local inbox, so
  // the demo shows them whenever it runs); Marc in English, never at night.
  await setPreferences(deps, 'cust-demo-lucia', { channels: ['email', 'sms'], language: 'es', timeZone: 'Europe/Madrid' });
  await setPreferences(deps, 'cust-demo-marc', {
    channels: ['email'],
    language: 'en',
    quietHours: { start: '22:00', end: '08:00' },
    timeZone: 'Europe/Madrid',
  });
}

/** Every context's seed, in dependency order. */
export async function seedAll(deps: Deps): Promise<void> {
  await seedProfiles(deps);
  await seedCatalog(deps);
  await seedInventory(deps);
  await seedAppointments(deps);
  await seedProximity(deps);
  await seedOrders(deps);
}
