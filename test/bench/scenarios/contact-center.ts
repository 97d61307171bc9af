// Bench scenarios: the contact center over the tablet's busy profile (50 orders from every
// channel, 10 appointments, visits): the chain-wide search by phone, the agent's card, a
// timeline page of one kind.

import type { BenchScenario } from '#test/bench/scenario.ts';
import { CUSTOMER, seedBusyProfile } from './orders.ts';

const table = 'contact-center-busy-profile';

export const scenarios: BenchScenario[] = [
  {
    name: 'GET /customers?q= (phone as the phone system passes it)',
    sharedTable: table,
    setup: seedBusyProfile,
    // Each scenario has its own token issuer: the token is signed per request, outside the measured time.
    request: async (ctx, i) => ({
      method: 'GET',
      path: `/customers?q=${encodeURIComponent(['0034 600 12 34 56', '+34 600-123-456', '600123456'][i % 3]!)}`,
      token: await ctx.agent('bench-agent'),
    }),
    // Floor: one BatchGet (what the text may be), then in parallel the profile, the latest
    // order and the audit Put.
    iterations: 150,
    floorCalls: 4,
  },
  {
    name: "GET /customers/{customerId} (the agent's card, 50 orders + 10 appointments)",
    sharedTable: table,
    request: async (ctx) => ({ method: 'GET', path: `/customers/${CUSTOMER}`, token: await ctx.agent('bench-agent') }),
    // One parallel round: profile + presence (+ preferences at the least: one BatchGet),
    // visits, orders, reservations, appointments, offers, notes, and the audit Put. We spend
    // one more: preferences come through the notifications module's own BatchGet.
    iterations: 150,
    floorCalls: 8,
  },
  {
    name: 'GET /customers/{customerId}/timeline?kind=order (page of 25)',
    sharedTable: table,
    request: async (ctx) => ({ method: 'GET', path: `/customers/${CUSTOMER}/timeline?kind=order`, token: await ctx.agent('bench-agent') }),
    // The profile (does the customer exist), the page (one Query on the kind index), the audit Put.
    iterations: 150,
    floorCalls: 3,
  },
];
