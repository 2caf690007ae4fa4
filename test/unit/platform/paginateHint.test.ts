import * as assert from 'node:assert/strict';
import { fetchAllPages, type FetchPage } from '../../../src/platform/paginate';
import type { Page } from '../../../src/platform/types';

/**
 * #18 Studios list: with the size the list had last time, every page goes out at once (one round trip), and
 * what the first page says still decides the result. Each fetch records its offset and the "round" it went
 * out in: a round ends when every request open has been answered.
 */
function server(total: () => number, opts: { pageCap?: number; withTotal?: boolean } = {}) {
  const asked: { offset: number; round: number }[] = [];
  let round = 0;
  let open = 0;
  const fetch: FetchPage<number> = async (offset, size) => {
    asked.push({ offset, round });
    open++;
    await new Promise<void>((r) => setImmediate(r));
    open--;
    if (open === 0) round++;
    const n = Math.max(0, Math.min(opts.pageCap ?? size, size, total() - offset));
    const page: Page<number> = { items: Array.from({ length: n }, (_, i) => offset + i) };
    if (opts.withTotal !== false) page.totalSize = total();
    return page;
  };
  return { fetch, asked, rounds: () => round };
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('fetchAllPages with the last known size (unit)', () => {
  it('#18 asks all ten pages of a 1,000-item list at once: one round trip instead of two', async () => {
    const s = server(() => 1000);
    const totals: number[] = [];
    const items = await fetchAllPages(s.fetch, { expectedTotal: 1000, onTotal: (t) => totals.push(t) });
    assert.deepEqual(items, range(1000));
    assert.equal(s.asked.length, 10);
    assert.equal(s.rounds(), 1, 'one round trip');
    assert.deepEqual(totals, [1000]);
    const cold = server(() => 1000);
    await fetchAllPages(cold.fetch);
    assert.equal(cold.rounds(), 2, 'without a hint: the first page, then the rest');
  });

  it('#18 a list that grew since: the missing pages follow; one that shrank: the empty pages are dropped', async () => {
    const grown = server(() => 1250);
    assert.deepEqual(await fetchAllPages(grown.fetch, { expectedTotal: 1000 }), range(1250));
    assert.deepEqual(grown.asked.map((a) => a.offset), [0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200]);
    assert.equal(grown.rounds(), 2);
    const shrunk = server(() => 430);
    assert.deepEqual(await fetchAllPages(shrunk.fetch, { expectedTotal: 1000 }), range(430));
    assert.equal(shrunk.rounds(), 1);
    const gone = server(() => 0);
    assert.deepEqual(await fetchAllPages(gone.fetch, { expectedTotal: 300 }), []);
  });

  it('#18 a server that caps max or gives no totalSize: the hint is dropped and the list is read the careful way, whole', async () => {
    const capped = server(() => 500, { pageCap: 50 });
    const totals: number[] = [];
    assert.deepEqual(await fetchAllPages(capped.fetch, { expectedTotal: 500, onTotal: (t) => totals.push(t) }), range(500));
    assert.deepEqual(totals, [], 'not hinted again: such a server would pay the wasted pages every time');
    const untotalled = server(() => 250, { withTotal: false });
    assert.deepEqual(await fetchAllPages(untotalled.fetch, { expectedTotal: 250 }), range(250));
  });

  it('#18 keeps the 10,000 cap and reports it, with the hint too', async () => {
    const big = server(() => 10_500);
    const cuts: unknown[] = [];
    const items = await fetchAllPages(big.fetch, { expectedTotal: 10_500, onTruncated: (t) => cuts.push(t) });
    assert.equal(items.length, 10_000);
    assert.equal(Math.max(...big.asked.map((a) => a.offset)), 9_900, 'nothing past the cap is asked');
    assert.deepEqual(cuts, [{ kept: 10_000, total: 10_500 }]);
  });
});
