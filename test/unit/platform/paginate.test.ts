import * as assert from 'node:assert/strict';
import { DEFAULT_PAGE_CONCURRENCY, fetchAllPages, type FetchPage, type Truncation } from '../../../src/platform/paginate';

/** A list of `total` numbers served page by page, recording how many requests were open at once. */
function pagedList(total: number, withTotalSize = true): { fetch: FetchPage<number>; maxInFlight: () => number; requests: () => number } {
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
    return withTotalSize ? { items, totalSize: total } : { items };
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

  describe('at the maxItems cap', () => {
    async function fetchCapped(total: number, withTotalSize: boolean, maxItems?: number): Promise<{ items: number[]; cuts: Truncation[] }> {
      const cuts: Truncation[] = [];
      const items = await fetchAllPages(pagedList(total, withTotalSize).fetch, { maxItems, onTruncated: (t) => cuts.push(t) });
      return { items, cuts };
    }

    it('reports a list over the default cap of 10,000, with the server total', async () => {
      const { items, cuts } = await fetchCapped(10_050, true);
      assert.equal(items.length, 10_000);
      assert.deepEqual(cuts, [{ kept: 10_000, total: 10_050 }]);
    });

    it('reports a list over the cap without totalSize, the total unknown', async () => {
      const { items, cuts } = await fetchCapped(260, false, 250);
      assert.equal(items.length, 250);
      assert.deepEqual(cuts, [{ kept: 250 }]);
      const full = await fetchCapped(350, false, 300);
      assert.equal(full.items.length, 300);
      assert.deepEqual(full.cuts, [{ kept: 300 }], 'the cap falls on a page boundary: one more item asked for tells');
    });

    it('does not report a list under or exactly at the cap', async () => {
      for (const withTotalSize of [true, false]) {
        assert.deepEqual((await fetchCapped(9_999, withTotalSize)).cuts, [], `9,999 items, totalSize ${withTotalSize}`);
        const atCap = await fetchCapped(300, withTotalSize, 300);
        assert.equal(atCap.items.length, 300);
        assert.deepEqual(atCap.cuts, [], `exactly at the cap, totalSize ${withTotalSize}`);
      }
    });
  });
});
