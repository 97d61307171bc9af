// Local runtime: the demo catalogue (every demo SKU is a variant of a style: JEAN-SLIM has
// JEAN-SLIM-BLU-38, JEAN-SLIM-BLK-36…) and two warehouses with their carrier calendars and
// stock, written through the same builders the API uses.

import { loadCatalogue, type StyleInput } from '#shared/catalog/index.ts';
import { putWarehouses, type Warehouse, warehouseSchema } from '#shared/fulfilment/index.ts';
import { lineItem } from '#shared/inventory/index.ts';
import type { Deps } from '#shared/runtime/deps.ts';
import { batchPut } from '#shared/table/batch.ts';
import { keys } from '#shared/table/keys.ts';
import { seededRandom } from './seed-random.ts';

const apparel = ['XS', 'S', 'M', 'L', 'XL'];
const bottoms = ['36', '38', '40', '42', '44'];
const shoes = ['36', '37', '38', '39', '40', '41'];
type DemoStyle = [code: string, colours: string[], sizes: string[], category: string, price: number, es: string, en: string];
export const demoStyles: DemoStyle[] = [
  ['TEE-BASIC', ['WHT', 'BLK', 'NVY'], apparel, 'tops', 1295, 'Camiseta básica', 'Basic tee'],
  ['TEE-STRIPE', ['NVY', 'RED'], apparel, 'tops', 1595, 'Camiseta de rayas', 'Striped tee'],
  ['SHIRT-OXFORD', ['WHT', 'BLU'], apparel, 'shirts', 3995, 'Camisa Oxford', 'Oxford shirt'],
  ['SHIRT-LINEN', ['SND', 'WHT'], apparel, 'shirts', 4495, 'Camisa de lino', 'Linen shirt'],
  ['KNIT-MERINO', ['GRY', 'CAM', 'BLK'], apparel, 'knitwear', 5995, 'Jersey de merino', 'Merino jumper'],
  ['KNIT-CARDIGAN', ['ECR', 'BRN'], apparel, 'knitwear', 5495, 'Cárdigan', 'Cardigan'],
  ['SWEAT-HOODIE', ['GRY', 'BLK'], apparel, 'tops', 3995, 'Sudadera con capucha', 'Hoodie'],
  ['JKT-DENIM', ['BLU', 'BLK'], apparel, 'outerwear', 6995, 'Cazadora vaquera', 'Denim jacket'],
  ['JKT-BLAZER', ['NVY', 'BLK'], apparel, 'outerwear', 9995, 'Blazer', 'Blazer'],
  ['COAT-WOOL', ['CAM', 'BLK'], apparel, 'outerwear', 14995, 'Abrigo de lana', 'Wool coat'],
  ['COAT-TRENCH', ['SND'], apparel, 'outerwear', 12995, 'Gabardina', 'Trench coat'],
  ['DRESS-MIDI', ['BLK', 'GRN', 'RED'], apparel, 'dresses', 5995, 'Vestido midi', 'Midi dress'],
  ['DRESS-SHIRT', ['BLU', 'WHT'], apparel, 'dresses', 4995, 'Vestido camisero', 'Shirt dress'],
  ['SKIRT-PLEAT', ['BLK', 'CAM'], bottoms, 'skirts', 3995, 'Falda plisada', 'Pleated skirt'],
  ['JEAN-SLIM', ['BLU', 'BLK', 'GRY'], bottoms, 'denim', 4995, 'Vaquero slim', 'Slim jeans'],
  ['JEAN-WIDE', ['BLU', 'ECR'], bottoms, 'denim', 5495, 'Vaquero ancho', 'Wide-leg jeans'],
  ['TROUSER-CHINO', ['SND', 'NVY', 'OLV'], bottoms, 'trousers', 3995, 'Pantalón chino', 'Chinos'],
  ['TROUSER-TAILOR', ['BLK', 'GRY'], bottoms, 'trousers', 5995, 'Pantalón de traje', 'Tailored trousers'],
  ['SNEAKER-LEATHER', ['WHT', 'BLK'], shoes, 'shoes', 8995, 'Zapatilla de piel', 'Leather sneakers'],
  ['BOOT-ANKLE', ['BLK', 'BRN'], shoes, 'shoes', 10995, 'Botín', 'Ankle boots'],
  ['LOAFER-SUEDE', ['BRN'], shoes, 'shoes', 8995, 'Mocasín de ante', 'Suede loafers'],
  ['SANDAL-FLAT', ['BLK', 'SND'], shoes, 'shoes', 4995, 'Sandalia plana', 'Flat sandals'],
  ['POLO-PIQUE', ['WHT', 'NVY', 'GRN'], apparel, 'tops', 2995, 'Polo de piqué', 'Piqué polo'],
  ['PARKA-PADDED', ['BLK', 'OLV'], apparel, 'outerwear', 12995, 'Parka acolchada', 'Padded parka'],
  ['TOP-SATIN', ['ECR', 'BLK'], apparel, 'tops', 2995, 'Top de satén', 'Satin top'],
  ['SHORTS-CHINO', ['SND', 'NVY'], bottoms, 'trousers', 2995, 'Bermuda chino', 'Chino shorts'],
  ['BELT-LEATHER', ['BLK', 'BRN'], ['S', 'M', 'L'], 'accessories', 2995, 'Cinturón de piel', 'Leather belt'],
  ['SCARF-WOOL', ['GRY', 'CAM', 'RED'], ['U'], 'accessories', 2495, 'Bufanda de lana', 'Wool scarf'],
  ['SOCK-RIB', ['WHT', 'BLK', 'GRY'], ['S', 'L'], 'accessories', 695, 'Calcetín de canalé', 'Ribbed socks'],
];

/** Every demo SKU: <style>-<colour>-<size>, e.g. JEAN-SLIM-BLU-38. */
export function demoSkus(): string[] {
  return demoStyles.flatMap(([code, colours, sizes]) => colours.flatMap((c) => sizes.map((s) => `${code}-${c}-${s}`)));
}

/** The demo catalogue: one style per code, a variant per colour × size. */
export function demoCatalogue(): Array<StyleInput & { styleId: string }> {
  return demoStyles.map(([code, colours, sizes, category, price, es, en]) => ({
    styleId: code,
    names: { es, en },
    category,
    price,
    currency: 'EUR',
    images: [`https://images.example.com/styles/${code.toLowerCase()}.jpg`],
    variants: colours.flatMap((colour) => sizes.map((size) => ({ sku: `${code}-${colour}-${size}`, colour, size }))),
  }));
}

const spain = ['2026-12-08', '2026-12-25', '2027-01-01', '2027-01-06', '2027-04-02', '2027-05-01'];
const peninsula = ['0', '1', '2', '3', '4', '5'].map((p) => ({ postalCodePrefix: p, days: 2 }));

/** Getafe (Madrid) and El Prat (Barcelona): Monday–Friday carriers, the islands slower. */
export function demoWarehouses(): Warehouse[] {
  const islands = [
    { postalCodePrefix: '07', days: 3 },
    { postalCodePrefix: '35', days: 5 },
    { postalCodePrefix: '38', days: 5 },
  ];
  return [
    warehouseSchema.parse({
      warehouseId: 'wh-getafe',
      name: 'Getafe distribution centre',
      location: { lat: 40.3057, lon: -3.7329 },
      timeZone: 'Europe/Madrid',
      cutoffTime: '14:00',
      handlingDays: 1,
      transit: [...peninsula, { postalCodePrefix: '28', days: 1 }, ...islands],
      nonDeliveryWeekdays: ['sat', 'sun'],
      holidays: [...spain, '2026-11-09'],
    }),
    warehouseSchema.parse({
      warehouseId: 'wh-elprat',
      name: 'El Prat distribution centre',
      location: { lat: 41.3, lon: 2.08 },
      timeZone: 'Europe/Madrid',
      cutoffTime: '16:00',
      handlingDays: 0,
      transit: [...peninsula.filter((t) => t.postalCodePrefix !== '0'), { postalCodePrefix: '08', days: 1 }, ...islands],
      nonDeliveryWeekdays: ['sat', 'sun'],
      holidays: [...spain, '2026-12-26'],
    }),
  ];
}

export async function seedCatalog(deps: Deps): Promise<void> {
  await loadCatalogue(deps, demoCatalogue());
  const warehouses = demoWarehouses();
  await putWarehouses(deps, warehouses);
  const next = seededRandom(1313);
  const lines = warehouses.flatMap((w) =>
    demoSkus().map((sku) => {
      const onHand = next() < 0.1 ? 0 : 20 + Math.floor(next() * 200);
      return lineItem({
        storeId: keys.warehouseLocation(w.warehouseId),
        sku,
        onHand,
        safetyStock: 0,
        confirmed: 0,
        holds: {},
        freeUnits: onHand,
      });
    }),
  );
  await batchPut(deps, lines);
}
