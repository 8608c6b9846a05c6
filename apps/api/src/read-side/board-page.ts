import type { Projection } from '#read-models';
import { decodeCursor, encodeCursor, type ReadModelsService } from './read-models.service.js';

/** The most index entries one list request looks at while filtering, so a rare filter cannot scan everything. */
const SCAN_LIMIT = 5000;

export interface BoardPage<Doc> {
  readonly items: Doc[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  readonly nextCursor?: string;
  /** False when `minPosition` was not reached within 5 s (the page may miss the latest writes). */
  readonly fresh: boolean;
}

/**
 * A page of a board read model, newest first: walks the most selective index and keeps the documents that pass
 * the other filters, from the version of the projection that serves queries. Cursor paging on (score, member), so new entries do not shift the pages a client is reading.
 */
export async function boardPage<Doc>(
  readModels: ReadModelsService,
  projection: Pick<Projection<unknown>, 'name'>,
  request: {
    readonly index: string;
    readonly keep: (doc: Doc) => boolean;
    readonly streamOf: (member: string) => string;
    readonly limit: number;
    readonly cursor?: string;
    readonly minPosition?: string;
  },
): Promise<BoardPage<Doc>> {
  const ref = await readModels.serving(projection);
  const fresh = await readModels.waitFor(ref, request.minPosition);
  const items: Doc[] = [];
  let cursor = decodeCursor(request.cursor);
  let scanned = 0;
  let last = cursor;
  while (items.length < request.limit && scanned < SCAN_LIMIT) {
    const page = await readModels.store.indexPage(
      ref,
      request.index,
      cursor,
      Math.max(request.limit * 2, 50),
    );
    if (page.length === 0) return { items, fresh };
    scanned += page.length;
    const docs = await Promise.all(
      page.map((entry) => readModels.store.readDoc<Doc>(ref, request.streamOf(entry.member))),
    );
    for (let i = 0; i < page.length && items.length < request.limit; i += 1) {
      const doc = docs[i];
      last = page[i];
      if (doc !== undefined && request.keep(doc)) items.push(doc);
    }
    cursor = page.at(-1);
  }
  return { items, fresh, ...(last ? { nextCursor: encodeCursor(last) } : {}) };
}
