import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { createVscodeStub, requireWithVscode } from './vscodeStub';
import { adoptWaveUrlSetting, readEndpointPair, writeEndpointPair, type EndpointSettingsStore } from '../../../src/accounts/endpointPair';

/**
 * Issue #11 item 2: the Platform endpoint and its Wave are one unit. Every
 * window reloads the session after each settings write, so every state the
 * settings pass through must read as a pair whose token goes to its own Wave.
 */
type Key = 'platformUrl' | 'waveUrl' | 'endpoints';

class FakeSettings implements EndpointSettingsStore {
  readonly values = new Map<Key, unknown>();
  /** The pair read after each write: what a reloading window would use. */
  readonly seen: string[] = [];
  failOn: Key | undefined;
  get(key: Key): unknown {
    return this.values.get(key);
  }
  async update(key: Key, value: unknown): Promise<void> {
    if (key === this.failOn) throw new Error(`could not write seqera.${key}`);
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
    this.seen.push(pair(this));
  }
}

function pair(store: EndpointSettingsStore): string {
  const r = readEndpointPair(store);
  return r.ok ? `${r.endpoints.apiUrl} + ${r.endpoints.waveUrl}` : `error: ${r.error.message}`;
}

const CLOUD = 'https://api.cloud.seqera.io + https://wave.seqera.io';
const CORP = 'https://seqera.corp.example/api + https://wave.corp.example';

describe('endpoint pair (unit, issue #11 item 2)', () => {
  it('a switch to an endpoint with its own Wave never reads the new endpoint with the old Wave in between', async () => {
    const s = new FakeSettings();
    assert.equal(pair(s), CLOUD);
    await writeEndpointPair(s, { apiUrl: 'https://seqera.corp.example/api', waveUrl: 'https://wave.corp.example' });
    assert.ok(s.seen.length >= 3, 'the saved entry and both settings were written');
    for (const p of s.seen) assert.ok(p === CLOUD || p === CORP, `a reload in between read ${p}`);
    assert.equal(pair(s), CORP);
    // And back: the saved Cloud-less list still pairs each endpoint with its own Wave.
    await writeEndpointPair(s, { apiUrl: 'https://api.cloud.seqera.io', waveUrl: 'https://wave.seqera.io' });
    for (const p of s.seen) assert.ok(p === CLOUD || p === CORP, `a reload in between read ${p}`);
    assert.equal(pair(s), CLOUD);
  });

  it('when the Wave write fails, the settings are put back and no state pairs the token with the wrong Wave', async () => {
    const s = new FakeSettings();
    s.failOn = 'waveUrl';
    await assert.rejects(writeEndpointPair(s, { apiUrl: 'https://seqera.corp.example/api', waveUrl: 'https://wave.corp.example' }), /could not write seqera\.waveUrl/);
    for (const p of s.seen) assert.ok(p === CLOUD || p === CORP, `a reload in between read ${p}`);
    assert.equal(pair(s), CLOUD, 'the platform URL was put back');
    assert.equal(s.values.get('platformUrl'), undefined);
  });

  it('when the platform write fails, nothing but the saved entry changed', async () => {
    const s = new FakeSettings();
    s.failOn = 'platformUrl';
    await assert.rejects(writeEndpointPair(s, { apiUrl: 'https://seqera.corp.example/api', waveUrl: 'https://wave.corp.example' }));
    assert.equal(pair(s), CLOUD);
  });

  it('settings left half-written (platformUrl new, waveUrl old) read the Wave saved with the endpoint', () => {
    const s = new FakeSettings();
    s.values.set('endpoints', [{ label: 'Corp', apiUrl: 'https://seqera.corp.example/api', waveUrl: 'https://wave.corp.example' }]);
    s.values.set('platformUrl', 'https://seqera.corp.example/api');
    s.values.set('waveUrl', 'https://wave.seqera.io');
    assert.equal(pair(s), CORP);
  });

  it('an endpoint that is not saved uses seqera.waveUrl, as before', () => {
    const s = new FakeSettings();
    s.values.set('platformUrl', 'https://seqera.corp.example/api');
    s.values.set('waveUrl', 'https://wave.corp.example');
    assert.equal(pair(s), CORP);
  });

  it('a hand edit of seqera.waveUrl is saved with the active endpoint, so it takes effect', async () => {
    const s = new FakeSettings();
    await writeEndpointPair(s, { apiUrl: 'https://seqera.corp.example/api', waveUrl: 'https://wave.corp.example' });
    s.values.set('waveUrl', 'https://wave2.corp.example');
    assert.equal(await adoptWaveUrlSetting(s), true);
    assert.equal(pair(s), 'https://seqera.corp.example/api + https://wave2.corp.example');
    assert.equal(await adoptWaveUrlSetting(s), false, 'nothing more to save');
  });

  it('through the VS Code settings (src/accounts/endpointSettings.ts, vscode stubbed): a failed Wave write leaves no mixed pair', async () => {
    const s = new FakeSettings();
    const defaults: Record<string, unknown> = { platformUrl: 'https://api.cloud.seqera.io', waveUrl: 'https://wave.seqera.io', endpoints: [] };
    const vscode = createVscodeStub();
    const reads: string[] = [];
    type Settings = { readEndpoints(): ReturnType<typeof readEndpointPair>; writeEndpoints(apiUrl: string, waveUrl: string): Promise<void> };
    const loaded: { settings?: Settings } = {};
    const read = (): string => {
      const r = loaded.settings!.readEndpoints();
      return r.ok ? `${r.endpoints.apiUrl} + ${r.endpoints.waveUrl}` : `error: ${r.error.message}`;
    };
    (vscode.workspace as Record<string, unknown>).getConfiguration = () => ({
      inspect: (key: Key) => ({ key, defaultValue: defaults[key], globalValue: s.get(key) }),
      get: (key: Key) => s.get(key) ?? defaults[key],
      update: async (key: Key, value: unknown) => {
        await s.update(key, value);
        reads.push(read()); // what a window reloading on this change reads
      },
    });
    loaded.settings = requireWithVscode(path.resolve(__dirname, '..', '..', '..', 'src', 'accounts', 'endpointSettings.js'), vscode) as unknown as Settings;
    s.failOn = 'waveUrl';
    await assert.rejects(loaded.settings.writeEndpoints('https://seqera.corp.example/api', 'https://wave.corp.example'));
    for (const p of [...reads, read()]) assert.ok(p === CLOUD || p === CORP, `the session would read ${p}: the new endpoint's token with another Wave`);
  });
});
