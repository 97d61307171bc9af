// The orders module's public API: the only file other modules, functions and infra import.

export { placeAssistedOrder } from './assisted-order.ts';
export { cardAppointment, matchKinds } from './card-schemas.ts';
export { orderEvents } from './events.ts';
export { exportCustomer } from './export-customer.ts';
export { attachIdentity } from './guest-merge.ts';
export { handOver } from './handover.ts';
export { changeStatus, reissuePickupCode } from './order-status.ts';
export { extendPickup, movePickup } from './pickup-change.ts';
export { expirePickup } from './pickup-expiry.ts';
export { getPickupPolicy, setPickupPolicy } from './pickup-policy.ts';
export { PICKUP_EXPIRY_ACTION, pickupReminderAt } from './pickup-rules.ts';
export { listPickups } from './pickups.ts';
export { placeOrder } from './place-order.ts';
export { assistedOrderBody, createdOrderSchema, createOrderBody } from './placing-schemas.ts';
export { receiveReturn } from './receive-return.ts';
export { getOrderRecord, listCustomerOrders, pickupFromItem, queryStorePickups } from './repository.ts';
export { authorizeReturn, listCustomerReturnAuthorizations, viewReturnAuthorization } from './return-authorizations.ts';
export { returnBody } from './return-schemas.ts';
export { returnOrder } from './returns.ts';
export { rmaBody, rmaPath, rmaReceiveBody, rmaSchema, rmaWarehouseReceiveBody, storeRmaPath } from './rma-schemas.ts';
export {
  channels,
  type Order,
  orderPathSchema,
  orderSchema,
  pickupCodeSchema,
  statusChangeBody,
  storeIdPath,
} from './schemas.ts';
export {
  type CustomerCard,
  customerCardSchema,
  customerSearchQuery,
  handoverBody,
  pickupExtendBody,
  pickupListQuery,
  pickupMoveBody,
  pickupPath,
  pickupPolicyBody,
  pickupPolicySchema,
  pickupSchema,
} from './tablet-schemas.ts';
export { viewOrder } from './view-order.ts';
