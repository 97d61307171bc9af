// The fulfilment module's public API (warehouses, the delivery promise, product availability):
// the only file other modules, functions and infra import.

export { postalCode } from './delivery-schemas.ts';
export { productAvailability } from './product-availability.ts';
export { getWarehouse, locationOf, putWarehouses } from './repository.ts';
export {
  productAvailabilityQuery,
  productAvailabilityResponse,
  type Warehouse,
  warehouseBody,
  warehousePathSchema,
  warehouseSchema,
} from './schemas.ts';
export { planShipment, releaseShipment } from './ship-lines.ts';
export { applyWarehouseStockEvents, requireWarehouse, saveWarehouse } from './warehouses.ts';
