import * as assert from 'node:assert/strict';
import { PollScheduler, type WatchOutcome } from '../../../src/studios/pollScheduler';
import { ManualTimers } from '../../../src/testing/manualTimers';
import type { StudioStatus } from '../../../src/platform/studioTypes';
import { endsVerb } from '../../../src/studios/studioStatus';

/** Fake targets that record every poll and answer from a script. */
function targets() {
  const calls: string[] = [];
  const statuses = new Map<string, StudioStatus | undefined | Error>();
  return {
    calls,
    statuses,
    pollAll: async () => {
      calls.push('all');
    },
    pollOne: async (id: string) => {
      calls.push(id);
      const s = statuses.get(id);
      if (s instanceof Error) throw s;
      return s;
    },
  };
}

const fast = { initialDelayMs: 1000, maxDelayMs: 4000, factor: 2, timeoutMs: 30_000, maxFailures: 3 };

describe('poll scheduler (unit)', () => {
  it('polls the list on the interval only while visible, and not at all when hidden', async () => {
    const timers = new ManualTimers();
    const t = targets();
    const s = new PollScheduler(timers, t, fast);
    s.setIntervalSeconds(30);
    await timers.advance(120_000);
    assert.deepEqual(t.calls, [], 'hidden view: no polling');

    s.setVisible(true);
    await timers.advance(0);
    assert.deepEqual(t.calls, ['all'], 'never polled: refresh at once when shown');
    await timers.advance(60_000);
    assert.deepEqual(t.calls, ['all', 'all', 'all']);

    s.setVisible(false);
    assert.equal(s.isIntervalArmed, false);
    assert.equal(timers.pending, 0, 'no timer left behind');
    await timers.advance(600_000);
    assert.equal(t.calls.length, 3);

    s.setVisible(true);
    await timers.advance(0);
    assert.equal(t.calls.length, 4, 'stale data: refresh on becoming visible');
    s.setIntervalSeconds(0);
    await timers.advance(600_000);
    assert.equal(t.calls.length, 4, 'interval 0 = off');
    s.dispose();
  });

  it('waits out the rest of the interval when the data is fresh (younger than 5 s)', async () => {
    const timers = new ManualTimers();
    const t = targets();
    const s = new PollScheduler(timers, t, fast);
    s.setIntervalSeconds(30);
    s.noteFullRefresh();
    await timers.advance(4_999);
    s.setVisible(true);
    await timers.advance(25_000);
    assert.deepEqual(t.calls, []);
    await timers.advance(1);
    assert.deepEqual(t.calls, ['all']);
  });

  it('polls a watched Studio with growing delays until it settles, then never again', async () => {
    const timers = new ManualTimers();
    const t = targets();
    const s = new PollScheduler(timers, t, fast);
    t.statuses.set('a', 'starting');
    let outcome: WatchOutcome | undefined;
    void s.watch('a').then((o) => (outcome = o));
    assert.equal(s.watch('a') instanceof Promise, true, 'a second watch shares the first');
    await timers.advance(1000);
    await timers.advance(2000);
    await timers.advance(4000);
    assert.deepEqual(t.calls, ['a', 'a', 'a']);
    t.statuses.set('a', 'running');
    await timers.advance(4000);
    assert.deepEqual(outcome, { kind: 'settled', status: 'running' });
    assert.equal(s.isWatching('a'), false);
    await timers.advance(600_000);
    assert.equal(t.calls.length, 4, 'a settled Studio is not polled fast');
    assert.equal(timers.pending, 0);
  });

  it('gives up after the timeout with the last status', async () => {
    const timers = new ManualTimers();
    const t = targets();
    const s = new PollScheduler(timers, t, fast);
    t.statuses.set('a', 'building');
    const done = s.watch('a', { timeoutMs: 10_000 });
    while (await timers.runNext()) {
      /* drive until no timer is left */
    }
    assert.deepEqual(await done, { kind: 'timedOut', status: 'building', waitedMs: 10_000 });
    assert.equal(timers.now(), 10_000, 'the last poll is at the deadline, not after it');
  });

  it('resolves as gone when the Studio disappears or is unwatched', async () => {
    const timers = new ManualTimers();
    const t = targets();
    const s = new PollScheduler(timers, t, fast);
    const gone = s.watch('x');
    await timers.advance(1000);
    assert.deepEqual(await gone, { kind: 'gone' });
    t.statuses.set('y', 'stopping');
    const unwatched = s.watch('y');
    s.unwatch('y');
    assert.deepEqual(await unwatched, { kind: 'gone' });
    assert.equal(timers.pending, 0);
  });

  it('keeps polling through failures, and rejects after maxFailures in a row', async () => {
    const timers = new ManualTimers();
    const t = targets();
    const s = new PollScheduler(timers, t, fast);
    const events: (string | undefined)[] = [];
    s.onDidPoll((e) => events.push(e.error ? 'error' : e.sessionId));
    t.statuses.set('a', new Error('502'));
    const done = s.watch('a');
    await timers.advance(1000);
    t.statuses.set('a', 'starting');
    await timers.advance(2000);
    t.statuses.set('a', new Error('503'));
    let rejected: unknown;
    done.catch((e: unknown) => (rejected = e));
    while (await timers.runNext()) {
      /* drive */
    }
    assert.deepEqual(events, ['error', 'a', 'error', 'error', 'error']);
    assert.equal((rejected as Error).message, '503');
  });

  it('re-arms its timers on a new clock', async () => {
    const first = new ManualTimers();
    const t = targets();
    const s = new PollScheduler(first, t, fast);
    s.setIntervalSeconds(30);
    s.setVisible(true);
    t.statuses.set('a', 'starting');
    void s.watch('a');
    const second = new ManualTimers(5_000);
    s.setTimers(second);
    assert.equal(first.pending, 0);
    await second.advance(1000);
    assert.deepEqual(t.calls.sort(), ['a', 'all']);
  });

  it('#11.5 an unknown status keeps a start polling until its timeout, and the outcome names it', async () => {
    const timers = new ManualTimers();
    const t = targets();
    const s = new PollScheduler(timers, t, fast);
    t.statuses.set('a', 'unknown');
    const done = s.watch('a', { timeoutMs: 10_000, settles: (st) => endsVerb('start', st) });
    while (await timers.runNext()) {
      /* drive until no timer is left */
    }
    assert.deepEqual(await done, { kind: 'timedOut', status: 'unknown', waitedMs: 10_000 });
    assert.ok(t.calls.length >= 3, `polled on through the unknown status (${t.calls.length} polls)`);
  });

  it('#11.5 an unknown status is not settled even without a verb', async () => {
    const timers = new ManualTimers();
    const t = targets();
    const s = new PollScheduler(timers, t, fast);
    t.statuses.set('a', 'unknown');
    let outcome: WatchOutcome | undefined;
    void s.watch('a').then((o) => (outcome = o));
    await timers.advance(1000);
    assert.equal(outcome, undefined, 'still following after an unknown status');
    t.statuses.set('a', 'running');
    await timers.advance(2000);
    assert.deepEqual(outcome, { kind: 'settled', status: 'running' });
  });

  it('#11.5 a stop whose first poll still reads running keeps following until stopped', async () => {
    const timers = new ManualTimers();
    const t = targets();
    const s = new PollScheduler(timers, t, fast);
    t.statuses.set('a', 'running');
    let outcome: WatchOutcome | undefined;
    void s.watch('a', { settles: (st) => endsVerb('stop', st) }).then((o) => (outcome = o));
    await timers.advance(1000);
    assert.equal(outcome, undefined, 'running is not where a stop ends');
    t.statuses.set('a', 'stopping');
    await timers.advance(2000);
    assert.equal(outcome, undefined);
    t.statuses.set('a', 'stopped');
    await timers.advance(4000);
    assert.deepEqual(outcome, { kind: 'settled', status: 'stopped' });
    assert.deepEqual(t.calls, ['a', 'a', 'a']);
  });

  it('#11.5 two callers of one Studio share its polls and each ends on its own verb', async () => {
    const timers = new ManualTimers();
    const t = targets();
    const s = new PollScheduler(timers, t, fast);
    t.statuses.set('a', 'running');
    const outcomes: string[] = [];
    void s.watch('a', { settles: (st) => endsVerb('start', st) }).then((o) => outcomes.push(`start:${o.kind}`));
    void s.watch('a', { settles: (st) => endsVerb('stop', st) }).then((o) => outcomes.push(`stop:${o.kind}`));
    await timers.advance(1000);
    assert.deepEqual(outcomes, ['start:settled']);
    assert.equal(s.isWatching('a'), true, 'the stop still follows');
    t.statuses.set('a', 'stopped');
    await timers.advance(2000);
    assert.deepEqual(outcomes, ['start:settled', 'stop:settled']);
    assert.deepEqual(t.calls, ['a', 'a'], 'one poll per tick for both');
    assert.equal(timers.pending, 0);
  });

  it('#11.4 abandonAll ends every follow as abandoned (not gone) and polls nothing more', async () => {
    const timers = new ManualTimers();
    const t = targets();
    const s = new PollScheduler(timers, t, fast);
    t.statuses.set('a', 'starting');
    t.statuses.set('b', 'stopping');
    const a = s.watch('a');
    const b = s.watch('b');
    s.abandonAll();
    assert.deepEqual(await a, { kind: 'abandoned' });
    assert.deepEqual(await b, { kind: 'abandoned' });
    await timers.advance(60_000);
    assert.deepEqual(t.calls, []);
    assert.equal(timers.pending, 0);
  });
});
