import * as assert from 'node:assert/strict';
import { DEFAULT_PAGE_CONCURRENCY, fetchAllPages, type FetchPage } from '../../../src/platform/paginate';

/** A list of `total` numbers served page by page, recording how many requests were open at once. */
function pagedList(total: number): { fetch: FetchPage<number>; maxInFlight: () => number; requests: () => number } {
  let inFlight = 0;
  let max = 0;
  let count = 0;
  const fetch: FetchPage<number> = async (offset, size) => {
    count++;
    inFlight++;
    max = Math.max(max, inFlight);
    await new Promise<void>((resolve) => setImmediate(resolve));
    inFlight--;
    const items = Array.from({ length: Math.max(0, Math.min(size, total - offset)) }, (_, i) => offset + i);
    return { items, totalSize: total };
  };
  return { fetch, maxInFlight: () => max, requests: () => count };
}

describe('fetchAllPages (unit)', () => {
  it('loads a 1,000-item list in two round trips: the first page, then the other nine together', async () => {
    const list = pagedList(1000);
    const items = await fetchAllPages(list.fetch);
    assert.equal(items.length, 1000);
    assert.deepEqual(items.slice(0, 3), [0, 1, 2]);
    assert.equal(items[999], 999);
    assert.equal(list.requests(), 10);
    assert.equal(list.maxInFlight(), 9);
  });

  it('never has more than the default concurrency of pages open for a big list', async () => {
    const list = pagedList(5000);
    const items = await fetchAllPages(list.fetch);
    assert.equal(items.length, 5000);
    assert.equal(new Set(items).size, 5000, 'no page fetched twice or missing');
    assert.equal(list.maxInFlight(), DEFAULT_PAGE_CONCURRENCY);
  });
});
