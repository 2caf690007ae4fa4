import * as assert from 'node:assert/strict';
import { PollScheduler, type PollTargets, type WatchOutcome } from '../../../src/studios/pollScheduler';
import { ManualTimers } from '../../../src/testing/manualTimers';
import type { StudioStatus } from '../../../src/platform/studioTypes';

/**
 * #17.9 freshness bounds and #18's fast-poll cadence, on the scheduler alone with a manual clock.
 * The fake Platform answers from `statuses`; `answerMs` makes an answer take that long on the clock.
 */
function world(timers: ManualTimers) {
  const calls: { at: number; what: string }[] = [];
  /** What the Platform says now. */
  const statuses = new Map<string, StudioStatus>();
  /** What the store has listed: updated by the polls only. */
  const listed = new Map<string, StudioStatus>();
  let answerMs = 0;
  const answer = (): Promise<void> => (answerMs > 0 ? new Promise((r) => timers.setTimeout(r, answerMs)) : Promise.resolve());
  const targets: PollTargets = {
    pollAll: async () => {
      calls.push({ at: timers.now(), what: 'all' });
      await answer();
      listed.clear();
      for (const [id, st] of statuses) listed.set(id, st);
    },
    pollOne: async (id) => {
      calls.push({ at: timers.now(), what: id });
      await answer();
      const st = statuses.get(id);
      if (st) listed.set(id, st);
      return st;
    },
    inTransition: () => ({
      sessionIds: [...listed].filter(([, s]) => s === 'starting' || s === 'stopping' || s === 'building').map(([id]) => id),
      listRequests: 3,
    }),
  };
  return {
    calls,
    statuses,
    targets,
    setAnswerMs: (ms: number) => (answerMs = ms),
    /** A Studio with this status on the Platform and in the list. */
    list: (id: string, status: StudioStatus) => {
      statuses.set(id, status);
      listed.set(id, status);
    },
    what: () => calls.map((c) => c.what),
  };
}

type World = ReturnType<typeof world>;

const slowFast = { initialDelayMs: 1000, maxDelayMs: 8000, factor: 2, timeoutMs: 600_000, maxFailures: 3 };

describe('Studios freshness (unit)', () => {
  let made: PollScheduler[] = [];
  afterEach(() => {
    for (const s of made) s.dispose();
    made = [];
  });

  /**
   * The view's scheduler over a fresh fake Platform and manual clock, refreshing every 60 s (disposed after
   * the test). `shown`: the view is visible and its first list refresh has gone out, at 0.
   */
  async function scheduler(options: { shown?: boolean; targets?: (w: World) => PollTargets } = {}) {
    const timers = new ManualTimers();
    const w = world(timers);
    const s = new PollScheduler(timers, options.targets?.(w) ?? w.targets, slowFast);
    made.push(s);
    s.setIntervalSeconds(60);
    if (options.shown) {
      s.setVisible(true);
      await timers.advance(0);
    }
    return { timers, w, s };
  }

  it('#17.9 shown again: data older than 5 s is refreshed at once, fresher data waits for the interval; at most one refresh per 5 s', async () => {
    const { timers, w, s } = await scheduler();
    s.noteFullRefresh(); // loaded at 0
    await timers.advance(6_000);
    s.setVisible(true);
    await timers.advance(0);
    assert.deepEqual(w.calls, [{ at: 6_000, what: 'all' }], 'older than 5 s: at once (it used to wait up to 60 s)');
    // Hidden and shown again and again, 1 s apart: no new refresh until the data is 5 s old.
    for (let i = 0; i < 4; i++) {
      s.setVisible(false);
      await timers.advance(1_000);
      s.setVisible(true);
      await timers.advance(0);
    }
    assert.equal(w.calls.length, 1, 'fresher than 5 s: nothing');
    s.setVisible(false);
    await timers.advance(1_000);
    s.setVisible(true);
    await timers.advance(0);
    assert.deepEqual(w.what(), ['all', 'all']);
    assert.equal(w.calls[1]?.at, 11_000, '5 s after the last one');
    await timers.advance(59_999);
    assert.equal(w.calls.length, 2);
    await timers.advance(1);
    assert.equal(w.calls.length, 3, 'then the interval as before');
  });

  it('#17.9 the window regains focus with the view visible: stale data is refreshed at once, hidden or fresh it is not', async () => {
    const { timers, w, s } = await scheduler({ shown: true });
    assert.equal(w.calls.length, 1, 'first load');
    s.setWindowFocused(false);
    await timers.advance(3_000);
    s.setWindowFocused(true);
    await timers.advance(0);
    assert.equal(w.calls.length, 1, 'data 3 s old: fresh enough');
    s.setWindowFocused(false);
    await timers.advance(40_000);
    s.setWindowFocused(true);
    await timers.advance(0);
    assert.deepEqual(w.calls.map((c) => c.at), [0, 43_000], 'back after 43 s: at once, not 17 s later');
    await timers.advance(59_999);
    assert.equal(w.calls.length, 2, 'the interval restarts from that refresh');
    await timers.advance(1);
    assert.equal(w.calls.length, 3);

    s.setVisible(false);
    s.setWindowFocused(false);
    await timers.advance(120_000);
    s.setWindowFocused(true);
    await timers.advance(600_000);
    assert.equal(w.calls.length, 3, 'hidden: focus sends nothing, nor does time');

    s.setVisible(true);
    await timers.advance(0);
    assert.equal(w.calls.length, 4);
    s.setIntervalSeconds(0);
    s.setWindowFocused(false);
    await timers.advance(120_000);
    s.setWindowFocused(true);
    await timers.advance(0);
    assert.equal(w.calls.length, 4, 'refreshInterval 0 (off): no automatic refresh, focus or not');
  });

  it('#17.9 a listed Studio in transition that nobody follows is checked every 5 s while visible, until it settles; hidden: never', async () => {
    const { timers, w, s } = await scheduler({ shown: true }); // list at 0
    w.list('other', 'starting'); // started by someone else, seen in that list
    w.list('idle', 'stopped');
    s.noteStudiosChanged();
    assert.equal(s.isTransitionArmed, true);
    await timers.advance(15_000);
    assert.deepEqual(w.calls, [
      { at: 0, what: 'all' },
      { at: 5_000, what: 'other' },
      { at: 10_000, what: 'other' },
      { at: 15_000, what: 'other' },
    ]);
    w.statuses.set('other', 'running');
    await timers.advance(5_000);
    assert.equal(w.calls.length, 5, 'the check that reads running');
    assert.equal(s.isTransitionArmed, false, 'settled: the check ends');
    await timers.advance(40_000);
    assert.deepEqual(w.what().slice(5), ['all'], 'only the interval at 60 s');

    w.list('other', 'stopping');
    s.noteStudiosChanged();
    s.setVisible(false);
    assert.equal(s.isTransitionArmed, false);
    const before = w.calls.length;
    await timers.advance(120_000);
    assert.equal(w.calls.length, before, 'hidden: no check');
  });

  it('#17.9 many Studios in transition: one list refresh instead of one request each; a followed Studio is left to its follow', async () => {
    const { timers, w, s } = await scheduler({ shown: true });
    for (const id of ['a', 'b', 'c']) w.list(id, 'building'); // 3 ≥ the 3 requests of a list refresh
    s.noteStudiosChanged();
    await timers.advance(5_000);
    assert.deepEqual(w.what(), ['all', 'all'], 'one list refresh at 5 s');
    await timers.advance(1_000);

    w.list('c', 'stopped');
    const follow: Promise<WatchOutcome> = s.watch('a');
    const at = timers.now();
    await timers.advance(5_000);
    const sinceFollow = w.calls.filter((c) => c.at > at);
    assert.deepEqual(
      sinceFollow.map((c) => `${c.at - at} ${c.what}`),
      ['1000 a', '3000 a', '4000 b'],
      'a is polled by its follow (1 s, then 2 s), b by the transition check 5 s after the last list',
    );
    w.statuses.set('a', 'running');
    w.statuses.set('b', 'running');
    await timers.advance(5_000);
    assert.deepEqual(await follow, { kind: 'settled', status: 'running' });
  });

  it('#17.9 the transition check averages at most one request a second: a 3-page list refresh with 3 Studios in transition waits 5 s, with 8 pages 8 s', async () => {
    const pages = { n: 8 };
    const { timers, w, s } = await scheduler({
      shown: true,
      targets: (fake) => ({ ...fake.targets, inTransition: () => ({ ...fake.targets.inTransition!(), listRequests: pages.n }) }),
    });
    for (let i = 0; i < 20; i++) w.list(`s${i}`, 'starting');
    s.noteStudiosChanged();
    await timers.advance(7_999);
    assert.deepEqual(w.what(), ['all']);
    await timers.advance(1);
    assert.deepEqual(w.calls.map((c) => `${c.at} ${c.what}`), ['0 all', '8000 all'], '8 requests: 8 s');
    for (let i = 2; i < 20; i++) w.list(`s${i}`, 'running');
    await timers.advance(8_000); // the list at 8 s armed the next check with 20 in transition: 8 s again
    assert.deepEqual(w.calls.slice(2).map((c) => `${c.at} ${c.what}`), ['16000 s0', '16000 s1'], 'then 2 left: one GET each');
    await timers.advance(5_000);
    assert.deepEqual(w.calls.slice(4).map((c) => `${c.at} ${c.what}`), ['21000 s0', '21000 s1'], '2 requests: 5 s');
  });

  it('#18 a start is polled once a second counted from each send, even when answers are slow, then backs off after holdMs', async () => {
    // The answers come when the test says (300 ms after each send), so the timers must not wait for the poll.
    const manual = new ManualTimers();
    const timers = { now: () => manual.now(), setTimeout: (cb: () => unknown, ms: number) => manual.setTimeout(() => void cb(), ms), clearTimeout: (h: unknown) => manual.clearTimeout(h) };
    const sent: number[] = [];
    let answer: ((status: StudioStatus) => void) | undefined;
    const s = new PollScheduler(
      timers,
      {
        pollAll: async () => undefined,
        pollOne: () => {
          sent.push(manual.now());
          return new Promise<StudioStatus>((resolve) => (answer = resolve));
        },
      },
      { initialDelayMs: 1_000, holdMs: 5_000, maxDelayMs: 4_000, factor: 2, timeoutMs: 60_000, maxFailures: 3 },
    );
    const flush = (): Promise<void> => new Promise((r) => setImmediate(r));
    const done = s.watch('x');
    let status: StudioStatus = 'starting';
    for (let next = manual.nextDueIn(); next !== undefined && manual.now() < 60_000; next = manual.nextDueIn()) {
      await manual.advance(next); // the poll goes out
      await manual.advance(300); // its answer takes 300 ms
      if (manual.now() > 11_000) status = 'running';
      answer?.(status);
      await flush();
    }
    assert.deepEqual(sent, [1_000, 2_000, 3_000, 4_000, 5_000, 7_000, 11_000], '1 s from each send (not 1.3 s) while holding, then 2 s, 4 s');
    assert.equal(manual.pending, 0, 'settled: no poll left');
    assert.deepEqual(await done, { kind: 'settled', status: 'running' });
    s.dispose();
  });
});
