// Bench scenarios: the profile context.

import * as profiles from '#shared/profiles/index.ts';
import type { BenchScenario } from '#test/bench/scenario.ts';

const seeded = async (ctx: Parameters<NonNullable<BenchScenario['setup']>>[0]) => {
  await profiles.updateProfile(ctx.deps, 'bench-customer', { name: 'Bench Customer' });
  await profiles.setIdentity(ctx.deps, 'bench-customer', 'phone', '+34600000001');
};

let customerToken: string;
let staffToken: string;

export const scenarios: BenchScenario[] = [
  {
    name: 'GET /me (existing profile)',
    setup: async (ctx) => {
      await seeded(ctx);
      customerToken = await ctx.customer('bench-customer');
    },
    request: () => ({ method: 'GET', path: '/me', token: customerToken }),
    floorCalls: 1,
  },
  {
    name: 'PATCH /me',
    setup: async (ctx) => {
      await seeded(ctx);
      customerToken = await ctx.customer('bench-customer');
    },
    request: (_ctx, i) => ({ method: 'PATCH', path: '/me', token: customerToken, body: { name: `Bench ${i}` } }),
    // An UpdateItem alone could do it; we read first to create the profile on first use.
    floorCalls: 1,
  },
  {
    name: 'POST /customers/lookup (by phone)',
    setup: async (ctx) => {
      await seeded(ctx);
      staffToken = await ctx.staff('mad-sol');
    },
    request: () => ({ method: 'POST', path: '/customers/lookup', token: staffToken, body: { phone: '600 000 001' } }),
    floorCalls: 2,
  },
];
