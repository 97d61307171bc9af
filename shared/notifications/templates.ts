// Domain: the messages' words, in Spanish and English. Pure. A template's `secret` (the
// pickup code) goes into the message text only: never its subject, the timeline or the logs.

import type { Language } from './schemas.ts';

export const messageKinds = [
  'order.placed-in-store',
  'order.ready-for-pickup',
  'order.pickup-reminder',
  'order.expired',
  'order.pickup-extended',
  'order.pickup-moved',
  'order.return-authorized',
  'order.return-received',
  'appointment.booked',
  'appointment.rescheduled',
  'appointment.cancelled',
  'appointment.reminder',
] as const;
export type MessageKind = (typeof messageKinds)[number];

export type TemplateData = {
  name?: string;
  storeName?: string;
  /** The store's time zone: times are written as the store's clock shows them. */
  timeZone: string;
  /** The pickup code (secret). */
  code?: string;
  deadline?: string;
  start?: string;
  channelOrderId?: string;
  /** A ship order's "arrives by" date (a calendar date). */
  arrivesBy?: string;
  /** A return authorization's code (not secret: the customer writes it on the parcel). */
  rmaCode?: string;
  /** How the goods come back. */
  method?: 'in_store' | 'courier';
  /** An amount in minor units of `currency` (a refund). */
  amount?: number;
  currency?: string;
};

type Rendered = { subject: string; text: string };

// Medium dates as luxon's DATETIME_MED and DATE_MED write them ("24 nov 2026, 10:00"), by Intl.
const formats = new Map<string, Intl.DateTimeFormat>();
const formatFor = (language: Language, zone: string, withTime: boolean) => {
  const key = `${language} ${zone} ${withTime}`;
  let f = formats.get(key);
  if (!f) {
    const time = withTime ? ({ hour: 'numeric', minute: 'numeric' } as const) : {};
    f = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', day: 'numeric', ...time, timeZone: zone });
    formats.set(key, f);
  }
  return f;
};

/** An instant in the store's zone; nothing for none (or one that does not parse). */
const when = (iso: string | undefined, zone: string, language: Language) => {
  const t = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(t) ? '' : formatFor(language, zone, true).format(t);
};

/** A calendar date (YYYY-MM-DD), whatever the zone. */
const day = (date: string | undefined, language: Language) => {
  const t = date ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
  return Number.isNaN(t) ? '' : formatFor(language, 'UTC', false).format(t);
};

const money = (minor: number | undefined, currency: string | undefined, language: Language) =>
  new Intl.NumberFormat(language === 'es' ? 'es-ES' : 'en-GB', { style: 'currency', currency: currency ?? 'EUR' }).format(
    (minor ?? 0) / 100,
  );

const texts: Record<Language, Record<MessageKind, (d: TemplateData, at: (iso?: string) => string) => Rendered>> = {
  es: {
    'order.placed-in-store': (d) => ({
      subject: `Gracias por tu compra en ${d.storeName}`,
      text: `Hola${d.name ? ` ${d.name}` : ''}: hemos recibido tu pedido ${d.channelOrderId ?? ''} en ${d.storeName}.${d.arrivesBy ? ` Lo recibirás como tarde el ${day(d.arrivesBy, 'es')}.` : ''} Te avisaremos de cada paso.`,
    }),
    'order.ready-for-pickup': (d, at) => ({
      subject: `Tu pedido ${d.channelOrderId ?? ''} está listo para recoger`.replace('  ', ' '),
      text: `Hola${d.name ? ` ${d.name}` : ''}: tu pedido te espera en ${d.storeName}. Código de recogida: ${d.code}. Lo guardamos hasta ${at(d.deadline)}.`,
    }),
    'order.pickup-reminder': (d, at) => ({
      subject: `Recuerda recoger tu pedido ${d.channelOrderId ?? ''}`.trim(),
      text: `Hola${d.name ? ` ${d.name}` : ''}: tu pedido sigue en ${d.storeName} hasta ${at(d.deadline)}. Después lo cancelaremos.`,
    }),
    'order.expired': (d) => ({
      subject: `Tu pedido ${d.channelOrderId ?? ''} se ha cancelado`.replace('  ', ' '),
      text: `Hola${d.name ? ` ${d.name}` : ''}: no recogiste tu pedido en ${d.storeName} a tiempo y lo hemos cancelado.`,
    }),
    'order.pickup-extended': (d, at) => ({
      subject: `Más tiempo para recoger tu pedido ${d.channelOrderId ?? ''}`.trim(),
      text: `Hola${d.name ? ` ${d.name}` : ''}: tu pedido te espera en ${d.storeName} hasta ${at(d.deadline)}.`,
    }),
    'order.pickup-moved': (d, at) => ({
      subject: `Recoge tu pedido ${d.channelOrderId ?? ''} en ${d.storeName}`.replace('  ', ' '),
      text: `Hola${d.name ? ` ${d.name}` : ''}: ahora recoges tu pedido en ${d.storeName}.${d.deadline ? ` Estará listo desde ${at(d.start)} y lo guardamos hasta ${at(d.deadline)}. Tu código de recogida no cambia.` : ' Te avisaremos cuando esté listo.'}`,
    }),
    'order.return-authorized': (d, at) => ({
      subject: `Devolución autorizada: ${d.rmaCode}`,
      text: `Hola${d.name ? ` ${d.name}` : ''}: hemos autorizado la devolución ${d.rmaCode} de tu pedido ${d.channelOrderId ?? ''}. ${d.method === 'courier' ? `Escribe ${d.rmaCode} en el paquete; un mensajero lo recogerá.` : `Lleva los artículos con el código ${d.rmaCode} a cualquiera de nuestras tiendas con devoluciones.`} Válida hasta ${at(d.deadline)}. Te reembolsaremos ${money(d.amount, d.currency, 'es')}.`,
    }),
    'order.return-received': (d) => ({
      subject: `Hemos recibido tu devolución ${d.rmaCode}`,
      text: `Hola${d.name ? ` ${d.name}` : ''}: hemos recibido tu devolución ${d.rmaCode}. Te reembolsamos ${money(d.amount, d.currency, 'es')}.`,
    }),
    'appointment.booked': (d, at) => ({
      subject: 'Cita confirmada',
      text: `Hola${d.name ? ` ${d.name}` : ''}: te esperamos en ${d.storeName} el ${at(d.start)}.`,
    }),
    'appointment.rescheduled': (d, at) => ({
      subject: 'Cita cambiada',
      text: `Hola${d.name ? ` ${d.name}` : ''}: tu cita en ${d.storeName} es ahora el ${at(d.start)}.`,
    }),
    'appointment.cancelled': (d, at) => ({
      subject: 'Cita cancelada',
      text: `Hola${d.name ? ` ${d.name}` : ''}: tu cita en ${d.storeName} del ${at(d.start)} está cancelada.`,
    }),
    'appointment.reminder': (d, at) => ({
      subject: 'Recordatorio de tu cita',
      text: `Hola${d.name ? ` ${d.name}` : ''}: te esperamos en ${d.storeName} el ${at(d.start)}.`,
    }),
  },
  en: {
    'order.placed-in-store': (d) => ({
      subject: `Thank you for shopping at ${d.storeName}`,
      text: `Hi${d.name ? ` ${d.name}` : ''}, we have your order ${d.channelOrderId ?? ''} from ${d.storeName}.${d.arrivesBy ? ` It arrives by ${day(d.arrivesBy, 'en')}.` : ''} We will tell you about every step.`,
    }),
    'order.ready-for-pickup': (d, at) => ({
      subject: `Your order ${d.channelOrderId ?? ''} is ready for pickup`.replace('  ', ' '),
      text: `Hi${d.name ? ` ${d.name}` : ''}, your order is waiting at ${d.storeName}. Pickup code: ${d.code}. We hold it until ${at(d.deadline)}.`,
    }),
    'order.pickup-reminder': (d, at) => ({
      subject: `Remember to pick up your order ${d.channelOrderId ?? ''}`.trim(),
      text: `Hi${d.name ? ` ${d.name}` : ''}, your order is still at ${d.storeName} until ${at(d.deadline)}. After that we cancel it.`,
    }),
    'order.expired': (d) => ({
      subject: `Your order ${d.channelOrderId ?? ''} was cancelled`.replace('  ', ' '),
      text: `Hi${d.name ? ` ${d.name}` : ''}, your order was not collected at ${d.storeName} in time, so we cancelled it.`,
    }),
    'order.pickup-extended': (d, at) => ({
      subject: `More time to pick up your order ${d.channelOrderId ?? ''}`.trim(),
      text: `Hi${d.name ? ` ${d.name}` : ''}, your order is waiting at ${d.storeName} until ${at(d.deadline)}.`,
    }),
    'order.pickup-moved': (d, at) => ({
      subject: `Pick up your order ${d.channelOrderId ?? ''} at ${d.storeName}`.replace('  ', ' '),
      text: `Hi${d.name ? ` ${d.name}` : ''}, you now pick up your order at ${d.storeName}.${d.deadline ? ` It is ready from ${at(d.start)} and we hold it until ${at(d.deadline)}. Your pickup code stays the same.` : ' We will tell you when it is ready.'}`,
    }),
    'order.return-authorized': (d, at) => ({
      subject: `Return authorized: ${d.rmaCode}`,
      text: `Hi${d.name ? ` ${d.name}` : ''}, we authorized return ${d.rmaCode} for your order ${d.channelOrderId ?? ''}. ${d.method === 'courier' ? `Write ${d.rmaCode} on the parcel; a courier will collect it.` : `Bring the items with code ${d.rmaCode} to any of our stores that take returns.`} Valid until ${at(d.deadline)}. We will refund ${money(d.amount, d.currency, 'en')}.`,
    }),
    'order.return-received': (d) => ({
      subject: `We received your return ${d.rmaCode}`,
      text: `Hi${d.name ? ` ${d.name}` : ''}, we received your return ${d.rmaCode}. We are refunding ${money(d.amount, d.currency, 'en')}.`,
    }),
    'appointment.booked': (d, at) => ({
      subject: 'Appointment confirmed',
      text: `Hi${d.name ? ` ${d.name}` : ''}, see you at ${d.storeName} on ${at(d.start)}.`,
    }),
    'appointment.rescheduled': (d, at) => ({
      subject: 'Appointment changed',
      text: `Hi${d.name ? ` ${d.name}` : ''}, your appointment at ${d.storeName} is now on ${at(d.start)}.`,
    }),
    'appointment.cancelled': (d, at) => ({
      subject: 'Appointment cancelled',
      text: `Hi${d.name ? ` ${d.name}` : ''}, your appointment at ${d.storeName} on ${at(d.start)} is cancelled.`,
    }),
    'appointment.reminder': (d, at) => ({
      subject: 'Your appointment reminder',
      text: `Hi${d.name ? ` ${d.name}` : ''}, see you at ${d.storeName} on ${at(d.start)}.`,
    }),
  },
};

/** A message's subject and text in the customer's language. */
export function render(kind: MessageKind, language: Language, data: TemplateData): Rendered {
  return texts[language][kind](data, (iso) => when(iso, data.timeZone, language));
}

/** The timeline's line about a message: what and how, never its text (which may hold a code). */
export function timelineSummary(channel: 'email' | 'sms', subject: string, outcome: 'sent' | 'failed'): string {
  const how = channel === 'email' ? 'E-mail' : 'SMS';
  return outcome === 'sent' ? `${how} sent: "${subject}"` : `${how} could not be delivered: "${subject}"`;
}
