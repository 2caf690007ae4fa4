import * as assert from 'node:assert/strict';
import { ManualTimers } from '../../../src/testing/manualTimers';

describe('manual timers (unit)', () => {
  it('fires due timers in order, awaits their promises, and includes timers they set', async () => {
    const t = new ManualTimers(100);
    const log: string[] = [];
    t.setTimeout(() => log.push('b'), 20);
    t.setTimeout(async () => {
      await Promise.resolve();
      log.push('a');
      t.setTimeout(() => log.push('c'), 5);
    }, 10);
    const cleared = t.setTimeout(() => log.push('never'), 1);
    t.clearTimeout(cleared);
    await t.advance(15);
    assert.deepEqual(log, ['a', 'c']);
    assert.equal(t.now(), 115);
    assert.equal(t.nextDueIn(), 5);
    assert.equal(await t.runNext(), true);
    assert.deepEqual(log, ['a', 'c', 'b']);
    assert.equal(await t.runNext(), false);
  });
});
