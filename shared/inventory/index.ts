// The inventory module's public API: the only file other modules, functions and infra import.

export { applyStockEvents, applyStockEventsAt } from './apply-stock-events.ts';
export { findAvailability } from './availability.ts';
export { reservationEvents } from './events.ts';
export { exportCustomer } from './export-customer.ts';
export { holdForOrder } from './order-hold.ts';
export { findReservation, listCustomerReservations, myReservations } from './reservation-queries.ts';
export { getReservationItem, reservationFromItem } from './reservation-repository.ts';
export {
  type Reservation,
  type ReservationRecord,
  reservationBody,
  reservationPathSchema,
  reservationSchema,
} from './reservation-schemas.ts';
export { changeReservation, transition, transitionItems } from './reservation-transitions.ts';
export { createReservation, reserve } from './reserve.ts';
export { availabilityQuery, availabilityResponse, stockEventsBody, stockEventsResponse, stockListResponse, stockQuery } from './schemas.ts';
export { allocationUpdate, deltaItems, getLine, getLines, lineFromItem, lineItem, listLines, pairKey } from './stock-repository.ts';
export { availableNow, bucketOf, MIN_HOLD_MINUTES } from './stock-rules.ts';
export { storeStock } from './store-stock.ts';
