import * as assert from 'node:assert/strict';
import { fullJitter, nextDelay, nthDelay } from '../../../src/schedule/backoff';

describe('backoff schedule (unit)', () => {
  const wave = { initialMs: 500, factor: 1.5, maxMs: 5_000 };

  it('starts at the first delay, then grows by the factor, rounded each step, up to the cap', () => {
    const seen: number[] = [];
    let delay: number | undefined;
    for (let i = 0; i < 8; i++) seen.push((delay = nextDelay(wave, delay)));
    // 500, 750, 1125, 1687.5 → 1688, 2532, 3798, 5697 → cap
    assert.deepEqual(seen, [500, 750, 1125, 1688, 2532, 3798, 5000, 5000]);
  });

  it('gives the n-th delay of the same sequence (below 1 counts as the first)', () => {
    assert.equal(nthDelay(wave, 0), 500);
    assert.equal(nthDelay(wave, 1), 500);
    assert.equal(nthDelay(wave, 4), 1688);
    assert.equal(nthDelay(wave, 7), 5000);
    const retry = { initialMs: 300, factor: 2, maxMs: 8_000 };
    assert.deepEqual([1, 2, 3, 4, 5, 6, 7].map((n) => nthDelay(retry, n)), [300, 600, 1200, 2400, 4800, 8000, 8000]);
  });

  it('full jitter picks a whole delay below the window', () => {
    assert.equal(fullJitter(1200, () => 0), 0);
    assert.equal(fullJitter(1200, () => 0.5), 600);
    assert.equal(fullJitter(1200, () => 0.9999), 1199);
  });
});
