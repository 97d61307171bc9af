// The event catalogue: every domain event the product publishes, gathered from the events.ts
// each module declares them in. One list, one naming style (`<subject>.<what-happened>`,
// kebab-case), a version each; the README's event table and the tests follow it.

import { appointmentEvents } from '#shared/appointments/index.ts';
import { reservationEvents } from '#shared/inventory/index.ts';
import { orderEvents } from '#shared/orders/index.ts';
import type { EventType } from '#shared/platform/events.ts';
import { proximityEvents } from '#shared/proximity/index.ts';

export const eventCatalogue: Array<EventType<object> & { module: string }> = [
  ...Object.values(reservationEvents).map((e) => ({ ...e, module: 'inventory' })),
  ...Object.values(appointmentEvents).map((e) => ({ ...e, module: 'appointments' })),
  ...Object.values(proximityEvents).map((e) => ({ ...e, module: 'proximity' })),
  ...Object.values(orderEvents).map((e) => ({ ...e, module: 'orders' })),
];
