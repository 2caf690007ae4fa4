import * as assert from 'node:assert/strict';
import { EmulatorClock } from './clock';

describe('emulator clock (unit)', () => {
  it('fires due timers in time order (ties in scheduling order), moving now to each one', async () => {
    const c = new EmulatorClock(1000);
    const seen: string[] = [];
    c.at(1300, () => seen.push(`c@${c.now()}`));
    c.at(1100, () => seen.push(`a@${c.now()}`));
    c.at(1300, () => seen.push(`d@${c.now()}`));
    c.at(1200, () => seen.push(`b@${c.now()}`));
    c.at(5000, () => seen.push('late'));
    await c.advance(300);
    assert.deepEqual(seen, ['a@1100', 'b@1200', 'c@1300', 'd@1300']);
    assert.equal(c.now(), 1300);
    assert.equal(c.pending(), 1);
  });

  it('runs timers scheduled by timers within the same advance, and cancelled ones never', async () => {
    const c = new EmulatorClock(0);
    const seen: number[] = [];
    c.after(10, () => c.after(10, () => seen.push(c.now())));
    const cancel = c.after(15, () => seen.push(-1));
    cancel();
    await c.advance(100);
    assert.deepEqual(seen, [20]);
    assert.equal(c.pending(), 0);
  });

  it('refuses negative advances and speeds', () => {
    const c = new EmulatorClock(0);
    assert.throws(() => c.advanceSync(-1));
    assert.throws(() => c.setSpeed(-2));
  });
});
