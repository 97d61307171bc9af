// Local runtime: demo data for the inventory context — a fashion chain around Madrid (real
// places, Europe/Madrid hours, holidays), a few hundred SKUs in sizes and colours, varied
// stock. Written with batch writes through the same item builders the API uses, so
// `npm start` stays quick.

import { createReservation, lineItem, reservationBody } from '#shared/inventory/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { putStores, type Store, storeSchema, type TimeRange, type Weekday } from '#shared/stores/index.ts';
import { batchPut } from '#shared/table/batch.ts';
import { demoSkus, demoStyles } from './seed-catalog.ts';
import { seededRandom } from './seed-random.ts';

export { demoSkus } from './seed-catalog.ts';

type Hours = Partial<Record<Weekday, TimeRange[]>>;
const every = (days: Weekday[], ranges: TimeRange[]): Hours => Object.fromEntries(days.map((d) => [d, ranges]));
const monSat: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** City centre: long hours, Sundays too (Madrid's free-trading zone). */
const centreHours: Hours = { ...every(monSat, [{ open: '10:00', close: '22:00' }]), sun: [{ open: '11:00', close: '21:00' }] };
/** Shopping centres: every day 10:00–22:00. */
const mallHours: Hours = every([...monSat, 'sun'], [{ open: '10:00', close: '22:00' }]);
/** Town high streets: split day with a long lunch, closed on Sunday. */
const streetHours: Hours = {
  ...every(
    ['mon', 'tue', 'wed', 'thu', 'fri'],
    [
      { open: '10:00', close: '14:00' },
      { open: '17:00', close: '20:30' },
    ],
  ),
  sat: [{ open: '10:00', close: '14:00' }],
};
const holidays = [
  { date: '2026-12-08', hours: [{ open: '11:00', close: '20:00' }], note: 'Inmaculada Concepción' },
  { date: '2026-12-24', hours: [{ open: '10:00', close: '18:00' }], note: 'Nochebuena' },
  { date: '2026-12-25', hours: [], note: 'Navidad' },
  { date: '2026-12-31', hours: [{ open: '10:00', close: '18:00' }], note: 'Nochevieja' },
  { date: '2027-01-01', hours: [], note: 'Año Nuevo' },
  { date: '2027-01-06', hours: [], note: 'Reyes' },
];

type Kind = 'flagship' | 'centre' | 'mall' | 'street';
const places: Array<[id: string, name: string, line1: string, city: string, postalCode: string, lat: number, lon: number, kind: Kind]> = [
  ['mad-sol', 'Madrid Sol', 'Calle de Preciados 9', 'Madrid', '28013', 40.4183, -3.7053, 'flagship'],
  ['mad-granvia', 'Madrid Gran Vía', 'Gran Vía 32', 'Madrid', '28013', 40.4203, -3.7058, 'flagship'],
  ['mad-serrano', 'Madrid Serrano', 'Calle de Serrano 47', 'Madrid', '28001', 40.4266, -3.6874, 'flagship'],
  ['mad-goya', 'Madrid Goya', 'Calle de Goya 59', 'Madrid', '28001', 40.4245, -3.677, 'centre'],
  ['mad-fuencarral', 'Madrid Fuencarral', 'Calle de Fuencarral 70', 'Madrid', '28004', 40.4275, -3.702, 'centre'],
  ['mad-princesa', 'Madrid Princesa', 'Calle de la Princesa 47', 'Madrid', '28008', 40.43, -3.7155, 'centre'],
  ['mad-alonsomartinez', 'Madrid Alonso Martínez', 'Calle de Génova 3', 'Madrid', '28004', 40.4278, -3.6953, 'centre'],
  ['mad-castellana', 'Madrid Castellana', 'Paseo de la Castellana 95', 'Madrid', '28046', 40.4495, -3.6916, 'mall'],
  ['mad-principepio', 'Madrid Príncipe Pío', 'Paseo de la Florida 2', 'Madrid', '28008', 40.421, -3.72, 'mall'],
  ['mad-mendezalvaro', 'Madrid Méndez Álvaro', 'Calle de Méndez Álvaro 56', 'Madrid', '28045', 40.395, -3.678, 'mall'],
  ['mad-vaguada', 'Madrid La Vaguada', 'Avenida de Monforte de Lemos 36', 'Madrid', '28029', 40.4792, -3.709, 'mall'],
  ['mad-vallecas', 'Madrid Vallecas', 'Avenida del Ensanche de Vallecas 42', 'Madrid', '28051', 40.378, -3.623, 'mall'],
  ['mad-carabanchel', 'Madrid Carabanchel', 'Calle del General Ricardos 105', 'Madrid', '28019', 40.385, -3.728, 'street'],
  ['mad-aluche', 'Madrid Aluche', 'Avenida de los Poblados 90', 'Madrid', '28044', 40.385, -3.76, 'street'],
  ['mad-plenilunio', 'Madrid Plenilunio', 'Calle de Aracne 3', 'Madrid', '28022', 40.446, -3.59, 'mall'],
  [
    'sse-plazanorte',
    'San Sebastián de los Reyes Plaza Norte 2',
    'Plaza del Comercio 11',
    'San Sebastián de los Reyes',
    '28703',
    40.537,
    -3.638,
    'mall',
  ],
  ['alc-moraleja', 'Alcobendas La Moraleja', 'Avenida de Europa 13', 'Alcobendas', '28108', 40.519, -3.635, 'mall'],
  ['tcn-centro', 'Tres Cantos', 'Sector Oficios 23', 'Tres Cantos', '28760', 40.601, -3.708, 'street'],
  ['col-centro', 'Colmenar Viejo', 'Calle del Marqués de Santillana 8', 'Colmenar Viejo', '28770', 40.659, -3.767, 'street'],
  ['roz-heron', 'Las Rozas', 'Calle de José Echegaray 2', 'Las Rozas de Madrid', '28232', 40.5147, -3.8917, 'mall'],
  ['mjd-centro', 'Majadahonda', 'Gran Vía 18', 'Majadahonda', '28220', 40.473, -3.872, 'street'],
  ['poz-zielo', 'Pozuelo Zielo', 'Avenida de Europa 26', 'Pozuelo de Alarcón', '28224', 40.438, -3.802, 'mall'],
  ['alr-tresaguas', 'Alcorcón Tres Aguas', 'Avenida de América 7', 'Alcorcón', '28922', 40.348, -3.824, 'mall'],
  ['mos-centro', 'Móstoles', 'Calle de Antonio Hernández 10', 'Móstoles', '28931', 40.323, -3.865, 'street'],
  ['aro-xanadu', 'Arroyomolinos Xanadú', 'Calle de Puerto de Navacerrada', 'Arroyomolinos', '28939', 40.295, -3.918, 'mall'],
  ['fue-loranca', 'Fuenlabrada', 'Calle de Leganés 24', 'Fuenlabrada', '28945', 40.284, -3.794, 'street'],
  ['leg-parquesur', 'Leganés Parquesur', 'Avenida de Gran Bretaña', 'Leganés', '28916', 40.339, -3.738, 'mall'],
  ['get-centro', 'Getafe', 'Calle de Madrid 40', 'Getafe', '28901', 40.308, -3.732, 'street'],
  ['cos-centro', 'Coslada', 'Avenida de la Constitución 35', 'Coslada', '28821', 40.425, -3.561, 'street'],
  ['tor-parque', 'Torrejón de Ardoz', 'Calle de la Hilados 2', 'Torrejón de Ardoz', '28850', 40.456, -3.478, 'mall'],
  ['aca-centro', 'Alcalá de Henares', 'Calle Mayor 22', 'Alcalá de Henares', '28801', 40.4818, -3.3643, 'street'],
  ['riv-h2o', 'Rivas H2O', 'Avenida del Cerro del Telégrafo', 'Rivas-Vaciamadrid', '28521', 40.335, -3.529, 'mall'],
  ['arj-centro', 'Aranjuez', 'Calle del Stuart 71', 'Aranjuez', '28300', 40.033, -3.603, 'street'],
];

export function demoStores(): Store[] {
  return places.map(([storeId, name, line1, city, postalCode, lat, lon, kind], i) =>
    storeSchema.parse({
      storeId,
      name,
      address: { line1, city, postalCode, country: 'ES' },
      location: { lat, lon },
      timeZone: 'Europe/Madrid',
      openingHours: kind === 'mall' ? mallHours : kind === 'street' ? streetHours : centreHours,
      exceptions: holidays,
      services:
        kind === 'flagship' ? ['pickup', 'stylist', 'returns'] : kind === 'street' && i % 3 === 0 ? ['returns'] : ['pickup', 'returns'],
      pickupLeadMinutes: kind === 'flagship' ? 30 : kind === 'street' ? 120 : 60,
      lowStockThreshold: kind === 'flagship' ? 5 : 3,
    }),
  );
}

export async function seedInventory(deps: Deps): Promise<void> {
  const stores = demoStores();
  const skus = demoSkus();
  const next = seededRandom(2026);
  const lines = stores.flatMap((store, s) => {
    const flagship = store.lowStockThreshold === 5;
    // Flagships carry the whole range; other stores a fifth of the styles, in every size.
    const carried = new Set(demoStyles.filter(() => flagship || next() < 0.2).map(([code]) => code));
    return skus.flatMap((sku) => {
      if (![...carried].some((code) => sku.startsWith(`${code}-`))) return [];
      const roll = next();
      const onHand = roll < 0.12 ? 0 : roll < 0.3 ? 1 + Math.floor(next() * 3) : 4 + Math.floor(next() * (flagship ? 30 : 14));
      const safetyStock = onHand > 6 && s % 2 === 0 ? 1 : 0;
      return [lineItem({ storeId: store.storeId, sku, onHand, safetyStock, confirmed: 0, holds: {}, freeUnits: onHand - safetyStock })];
    });
  });
  await putStores(deps, stores);
  await batchPut(deps, lines);

  // One live reservation for the demo customer, so /me/reservations and staff stock show a hold.
  const sol = stores[0]!;
  const picks = lines
    .filter((l) => l.storeId === sol.storeId && l.onHand - l.safetyStock >= 2 && /^(JEAN-SLIM|KNIT-MERINO)-/.test(l.sku))
    .slice(0, 2)
    .map((l) => ({ sku: l.sku, quantity: 1 }));
  await createReservation(deps, {
    store: sol,
    customerId: 'cust-demo-lucia',
    request: reservationBody.parse({ storeId: sol.storeId, lines: picks, holdMinutes: 24 * 60 }),
    record: () => undefined,
  });
}
