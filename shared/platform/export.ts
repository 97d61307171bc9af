// Platform: data portability (GET /me/export). Each module that holds personal data offers
// `exportCustomer` in its index.ts; shared/privacy composes them. A list is gathered page by
// page up to a bound; beyond it the section says so and names the paged route for the rest.

import type { PageRequest } from './schemas.ts';

/** Items gathered per section of an export (one JSON answer stays far below Lambda's 6 MB). */
export const EXPORT_SECTION_LIMIT = 1000;
const PAGE = 100;

export type ExportSection<T> = {
  items: T[];
  /** Whether `items` is all there is; when not, `rest` is the paged route that continues it. */
  complete: boolean;
  rest?: string;
};

/** Follows `read`'s pages up to EXPORT_SECTION_LIMIT items; `route` is where a client pages on from there. */
export async function collectPages<T>(
  read: (page: PageRequest) => Promise<{ items: T[]; nextCursor?: string }>,
  route: string,
): Promise<ExportSection<T>> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await read({ limit: PAGE, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor && items.length < EXPORT_SECTION_LIMIT);
  return { items, complete: !cursor, ...(cursor ? { rest: `${route}?cursor=${encodeURIComponent(cursor)}` } : {}) };
}
