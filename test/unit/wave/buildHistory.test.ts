import * as assert from 'node:assert/strict';
import { HISTORY_CAP, HISTORY_KEY, WaveBuildHistory, type WaveBuildEntry } from '../../../src/waveBuilds/waveBuildHistory';
import { stripControl } from '../../../src/waveBuilds/waveBuildOutput';

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
