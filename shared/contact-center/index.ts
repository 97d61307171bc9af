// The contact-center module's public API: the only file other modules, functions and infra import.

export { agentCard } from './customer-card.ts';
export { customerTimeline } from './customer-timeline.ts';
export { addNote } from './notes.ts';
export {
  agentCardSchema,
  customerPath,
  customerSearchQuery,
  customerSearchResponse,
  noteBody,
  noteSchema,
  timelineQuery,
} from './schemas.ts';
export { searchCustomers } from './search-customers.ts';
