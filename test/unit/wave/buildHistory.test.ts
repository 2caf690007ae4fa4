import * as assert from 'node:assert/strict';
import { HISTORY_CAP, HISTORY_KEY, WaveBuildHistory, type WaveBuildEntry } from '../../../src/waveBuilds/waveBuildHistory';
import { stripControl } from '../../../src/waveBuilds/waveBuildOutput';
import type { ContainerStatusResponse } from '../../../src/wave/responses';

class Memento {
  readonly data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Thenable<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

function entry(id: string, extra: Partial<WaveBuildEntry> = {}): WaveBuildEntry {
  return {
    id,
    waveUrl: 'https://wave.test',
    source: { kind: 'packages', entries: ['samtools'], channels: ['bioconda'], label: 'samtools' },
    options: { platform: 'linux/amd64', format: 'docker', freeze: false },
    targetImage: `wave.test/wt/${id}/img:1`,
    cached: false,
    anonymous: true,
    state: 'building',
    startedAt: 1,
    ...extra,
  };
}

describe('Wave build history (unit)', () => {
  it('keeps the newest first, capped, and survives a restart', async () => {
    const memento = new Memento();
    const history = new WaveBuildHistory(memento);
    for (let i = 0; i < HISTORY_CAP + 5; i++) await history.add(entry(`r${i}`));
    assert.equal(history.list().length, HISTORY_CAP);
    assert.equal(history.list()[0].id, `r${HISTORY_CAP + 4}`);
    const reloaded = new WaveBuildHistory(memento);
    assert.deepEqual(reloaded.list().map((e) => e.id), history.list().map((e) => e.id));
  });

  it('updates an entry in place and tells listeners which one changed', async () => {
    const history = new WaveBuildHistory(new Memento());
    await history.add(entry('a'));
    await history.add(entry('b'));
    const seen: (string | undefined)[] = [];
    history.onDidChange((e) => seen.push(e?.id));
    await history.update('a', { state: 'succeeded', durationSec: 12 });
    assert.deepEqual(seen, ['a']);
    assert.equal(history.get('a')?.state, 'succeeded');
    assert.deepEqual(history.list().map((e) => e.id), ['b', 'a']);
  });

  it('ignores malformed saved data and clears everything', async () => {
    const memento = new Memento();
    memento.data.set(HISTORY_KEY, [{ nope: true }, entry('ok'), 'junk']);
    const history = new WaveBuildHistory(memento);
    assert.deepEqual(history.list().map((e) => e.id), ['ok']);
    history.rememberLog('ok', 'log text');
    await history.clear();
    assert.equal(history.list().length, 0);
    assert.equal(history.log('ok'), undefined);
    assert.deepEqual(memento.data.get(HISTORY_KEY), []);
  });

  it('keeps only the last few logs in memory, never in global state', async () => {
    const memento = new Memento();
    const history = new WaveBuildHistory(memento);
    for (let i = 0; i < 15; i++) history.rememberLog(`r${i}`, `log ${i}`);
    assert.equal(history.log('r0'), undefined);
    assert.equal(history.log('r14'), 'log 14');
    assert.ok(!JSON.stringify([...memento.data.values()]).includes('log 14'));
  });
});

describe('Wave build output cleaning (unit)', () => {
  it('drops terminal escapes and control characters, keeps tabs and new lines', () => {
    assert.equal(stripControl('\u001b[1;32m#1 DONE\u001b[0m\tok\r\nnext\rline\u0007\u0000'), '#1 DONE\tok\nnext\nline');
    assert.equal(stripControl('\u001b]0;title\u0007text'), 'text');
  });

  it('#11.8 two windows do not overwrite each other: a write merges with what is stored', async () => {
    const memento = new Memento();
    const a = new WaveBuildHistory(memento);
    const b = new WaveBuildHistory(memento);
    await a.add(entry('from-a', { startedAt: 10 }));
    await b.add(entry('from-b', { startedAt: 20 }));
    assert.deepEqual((memento.get<WaveBuildEntry[]>(HISTORY_KEY) ?? []).map((e) => e.id), ['from-b', 'from-a']);
    await a.update('from-a', { state: 'succeeded' });
    const stored = memento.get<WaveBuildEntry[]>(HISTORY_KEY) ?? [];
    assert.deepEqual(stored.map((e) => `${e.id}:${e.state}`), ['from-b:building', 'from-a:succeeded']);
    await b.update('from-a', { cached: true });
    assert.equal((memento.get<WaveBuildEntry[]>(HISTORY_KEY) ?? []).find((e) => e.id === 'from-a')?.state, 'succeeded', 'a stale unfinished copy never undoes a finished one');
    await b.clear();
    assert.deepEqual(memento.get<WaveBuildEntry[]>(HISTORY_KEY), [], 'Clear clears');
  });
});

describe('Wave build history after a restart (#11.8) (unit)', () => {
  function statusOf(answers: Record<string, ContainerStatusResponse | Error>) {
    const asked: string[] = [];
    const status = async (e: WaveBuildEntry): Promise<ContainerStatusResponse> => {
      asked.push(e.id);
      const a = answers[e.id];
      if (a instanceof Error) throw a;
      return a;
    };
    return { asked, status };
  }

  it('checks each unfinished build once against Wave and shows what Wave says, not a spinner', async () => {
    const memento = new Memento();
    memento.data.set(HISTORY_KEY, [
      entry('done-ok', { state: 'building', startedAt: 5 }),
      entry('done-bad', { state: 'scanning', startedAt: 4 }),
      entry('still', { state: 'pending', startedAt: 3 }),
      entry('gone', { state: 'submitting', startedAt: 2 }),
      entry('old', { state: 'succeeded', startedAt: 1 }),
    ]);
    const history = new WaveBuildHistory(memento);
    const { asked, status } = statusOf({
      'done-ok': { id: 'done-ok', status: 'DONE', succeeded: true, duration: 42, vulnerabilities: { HIGH: 1 } },
      'done-bad': { id: 'done-bad', status: 'DONE', succeeded: false, reason: 'conda solve failed' },
      still: { id: 'still', status: 'BUILDING' },
      gone: new Error('Wave has no build with that id (404).'),
    });
    await history.reconcile(status);
    assert.deepEqual(asked.sort(), ['done-bad', 'done-ok', 'gone', 'still'], 'only the unfinished ones, each once');
    const by = (id: string) => history.get(id)!;
    assert.equal(by('done-ok').state, 'succeeded');
    assert.equal(by('done-ok').durationSec, 42);
    assert.deepEqual(by('done-ok').vulnerabilities, { HIGH: 1 });
    assert.equal(by('done-bad').state, 'failed');
    assert.equal(by('done-bad').reason, 'conda solve failed');
    assert.equal(by('still').state, 'stopped');
    // Stored as data, put into words in the user's language only when shown (waveBuildsView's noteText).
    assert.deepEqual(by('still').note, { kind: 'unwatched', status: 'BUILDING' });
    assert.equal(by('still').reason, undefined);
    assert.equal(by('gone').state, 'stopped');
    assert.deepEqual(by('gone').note, { kind: 'unreadable', detail: 'Wave has no build with that id (404).' });
    assert.equal(by('old').state, 'succeeded');
    // Persisted: the next window sees the results, not the spinners.
    const next = new WaveBuildHistory(memento);
    assert.deepEqual(next.list().map((e) => e.state), ['succeeded', 'failed', 'stopped', 'stopped', 'succeeded']);
    await history.reconcile(status);
    assert.equal(asked.length, 4, 'a second call asks nothing');
  });

  it('leaves a build this window watches alone, and another window\'s "not watched" never overrides that watch', async () => {
    const memento = new Memento();
    const mine = new WaveBuildHistory(memento);
    await mine.add(entry('live', { state: 'building' }));
    mine.startWatching('live');
    const other = new WaveBuildHistory(memento);
    const { asked, status } = statusOf({ live: { id: 'live', status: 'BUILDING' } });
    await mine.reconcile(status);
    assert.deepEqual(asked, [], 'the watched build is not asked about');
    await other.reconcile(status);
    assert.equal(other.get('live')?.state, 'stopped', 'the other window does not watch it');
    await mine.update('live', { state: 'scanning' });
    assert.equal(mine.get('live')?.state, 'scanning', "this window's live watch wins");
    assert.equal((memento.get<WaveBuildEntry[]>(HISTORY_KEY) ?? []).find((e) => e.id === 'live')?.state, 'scanning');
  });
});
