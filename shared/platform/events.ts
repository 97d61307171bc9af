// Platform: how a domain event is declared. Each module lists the events it publishes in its
// own events.ts with defineEvent; functions/events/catalogue.ts gathers them into the one
// catalogue (names unique, one naming style, a version each) that the publisher and the
// README's event table follow.

/** `<subject>.<what happened>`, lower-case words joined by hyphens: "order.ready-for-pickup". */
export const eventNamePattern = /^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/;

export type EventType<Detail extends object = Record<string, unknown>> = {
  readonly name: string;
  readonly version: number;
  /** One line for the catalogue: when it is published. */
  readonly description: string;
  /** Consumed inside the product too (notifications): the outbox item goes on the due-time index (platform/timers.ts). */
  readonly dispatched?: boolean;
  /** Type-level only: the payload this event carries. */
  readonly detail?: Detail;
};

export function defineEvent<Detail extends object>(
  name: string,
  description: string,
  options: { version?: number; dispatched?: boolean } = {},
): EventType<Detail> {
  if (!eventNamePattern.test(name)) throw new Error(`Event name ${name} does not follow <subject>.<what-happened> in kebab-case.`);
  return { name, version: options.version ?? 1, description, ...(options.dispatched ? { dispatched: true } : {}) };
}
