import * as assert from 'node:assert/strict';
import { detectEnvCredentials, envOfferKey, parseWorkspaceRef } from '../../../src/credentials/envCredentials';
import {
  CLOUD_ENDPOINT,
  defaultLabel,
  endpointChoices,
  makeEndpoint,
  parseSavedEndpoints,
  savedAfterSwitch,
  withEndpoint,
  withoutEndpoint,
} from '../../../src/accounts/savedEndpoints';

describe('environment credentials (unit)', () => {
  it('finds nothing without TOWER_ACCESS_TOKEN', () => {
    assert.deepEqual(detectEnvCredentials({}), { status: 'none' });
    assert.deepEqual(detectEnvCredentials({ TOWER_ACCESS_TOKEN: '  ', TOWER_API_ENDPOINT: 'https://x.example.com' }), { status: 'none' });
  });

  it('defaults to Seqera Cloud like tw', () => {
    const r = detectEnvCredentials({ TOWER_ACCESS_TOKEN: 'tok-123456' });
    assert.equal(r.status, 'found');
    if (r.status !== 'found') return;
    assert.equal(r.credentials.apiUrl, 'https://api.cloud.seqera.io');
    assert.equal(r.credentials.endpointFromEnv, false);
    assert.equal(r.credentials.workspace, undefined);
  });

  it('normalises TOWER_API_ENDPOINT and reads the workspace id', () => {
    const r = detectEnvCredentials({
      TOWER_ACCESS_TOKEN: ' tok-123456\n',
      TOWER_API_ENDPOINT: 'https://Seqera.Example.com/api/',
      TOWER_WORKSPACE_ID: '140793544393236',
    });
    assert.deepEqual(r, {
      status: 'found',
      credentials: {
        token: 'tok-123456',
        apiUrl: 'https://seqera.example.com/api',
        endpointFromEnv: true,
        workspace: { kind: 'id', id: 140793544393236 },
        warnings: [],
      },
    });
  });

  it('offers nothing when the endpoint is set but unusable (never falls back to Cloud)', () => {
    const plain = detectEnvCredentials({ TOWER_ACCESS_TOKEN: 'tok-123456', TOWER_API_ENDPOINT: 'http://seqera.corp.example.com/api' });
    assert.equal(plain.status, 'invalid');
    if (plain.status === 'invalid') assert.match(plain.reason, /TOWER_API_ENDPOINT.*http:\/\//);
    assert.equal(detectEnvCredentials({ TOWER_ACCESS_TOKEN: 'tok-123456', TOWER_API_ENDPOINT: 'not a url' }).status, 'invalid');
    const local = detectEnvCredentials({ TOWER_ACCESS_TOKEN: 'tok-123456', TOWER_API_ENDPOINT: 'http://127.0.0.1:8080' });
    assert.equal(local.status, 'found', 'plain http on loopback is fine (emulator, port-forward)');
  });

  it('keeps the token but warns about an invalid workspace id', () => {
    const r = detectEnvCredentials({ TOWER_ACCESS_TOKEN: 'tok-123456', TOWER_WORKSPACE_ID: '12x' });
    assert.equal(r.status, 'found');
    if (r.status === 'found') {
      assert.equal(r.credentials.workspace, undefined);
      assert.match(r.credentials.warnings[0]!, /TOWER_WORKSPACE_ID "12x"/);
    }
  });

  it('reads workspace refs as ids or Org/Workspace', () => {
    assert.deepEqual(parseWorkspaceRef('42'), { kind: 'id', id: 42 });
    assert.deepEqual(parseWorkspaceRef('community/showcase'), { kind: 'name', org: 'community', workspace: 'showcase' });
    assert.equal(parseWorkspaceRef('0'), undefined);
    assert.equal(parseWorkspaceRef('99999999999999999'), undefined, 'beyond exact JS integers');
    assert.equal(parseWorkspaceRef('a/b/c'), undefined);
    assert.equal(parseWorkspaceRef(''), undefined);
  });

  it('remembers an offer by endpoint and token hash, never the token', () => {
    const key = envOfferKey({ apiUrl: 'https://api.cloud.seqera.io', token: 'secret-token-value' });
    assert.ok(!key.includes('secret-token-value'));
    assert.match(key, /^https:\/\/api\.cloud\.seqera\.io#[0-9a-f]{16}$/);
    assert.notEqual(key, envOfferKey({ apiUrl: 'https://api.cloud.seqera.io', token: 'another-token' }));
  });
});

describe('saved endpoints (unit)', () => {
  it('labels Cloud and Enterprise endpoints', () => {
    assert.equal(defaultLabel('https://api.cloud.seqera.io'), 'Seqera Cloud');
    assert.equal(defaultLabel('https://seqera.corp.example.com/api'), 'seqera.corp.example.com');
    assert.equal(defaultLabel('https://corp.example.com/seqera/api'), 'corp.example.com/seqera');
  });

  it('validates and normalises entries, skipping bad ones with a reason', () => {
    const r = parseSavedEndpoints([
      { label: 'Prod', apiUrl: 'https://Seqera.Corp.example.com/api/', waveUrl: 'https://wave.corp.example.com' },
      { apiUrl: 'https://api.cloud.seqera.io' },
      { apiUrl: 'http://evil.example.com' },
      { label: 'dup', apiUrl: 'https://seqera.corp.example.com/api' },
      { label: 'no url' },
      'junk',
    ]);
    assert.deepEqual(r.endpoints, [
      { label: 'Prod', apiUrl: 'https://seqera.corp.example.com/api', waveUrl: 'https://wave.corp.example.com' },
      CLOUD_ENDPOINT,
    ]);
    assert.equal(r.problems.length, 4);
    assert.match(r.problems[0]!, /http:\/\//);
    assert.match(r.problems[1]!, /repeats/);
    assert.deepEqual(parseSavedEndpoints({ not: 'a list' }).endpoints, []);
    assert.deepEqual(parseSavedEndpoints(undefined), { endpoints: [], problems: [] });
  });

  it('lists the active endpoint even when it is not saved', () => {
    const saved = [makeEndpoint('https://a.example.com/api', undefined, 'A')];
    assert.deepEqual(
      endpointChoices(saved, { apiUrl: 'https://api.cloud.seqera.io', waveUrl: 'https://wave.seqera.io' }).map((e) => e.label),
      ['Seqera Cloud', 'A'],
    );
    assert.deepEqual(endpointChoices(saved, { apiUrl: 'https://a.example.com/api', waveUrl: 'x' }), saved);
  });

  it('#17.10 a switch away from the untouched Cloud default does not add Seqera Cloud; one the user used, it keeps', () => {
    const a = makeEndpoint('https://a.example.com/api', undefined, 'A');
    const cloud = { apiUrl: 'https://api.cloud.seqera.io', waveUrl: 'https://wave.seqera.io' };
    assert.deepEqual(savedAfterSwitch([a], cloud, false), [a], 'never chosen, no token: not added');
    assert.deepEqual(savedAfterSwitch([a], cloud, true).map((e) => e.label), ['A', 'Seqera Cloud'], 'signed in to it: kept');
    const savedCloud = makeEndpoint('https://api.cloud.seqera.io', 'https://wave.seqera.io', 'My Cloud');
    assert.deepEqual(savedAfterSwitch([savedCloud], cloud, false), [savedCloud], 'saved before: stays');
    const other = { apiUrl: 'https://b.example.com/api', waveUrl: 'https://wave.b.example.com' };
    assert.deepEqual(savedAfterSwitch([a], other, false).map((e) => e.apiUrl), ['https://a.example.com/api', 'https://b.example.com/api'], 'an Enterprise URL set by hand is kept');
  });

  it('adds, replaces and removes by API URL', () => {
    const a = makeEndpoint('https://a.example.com/api', undefined, 'A');
    const b = makeEndpoint('https://b.example.com/api', 'https://wave.b.example.com', 'B');
    let list = withEndpoint(withEndpoint([], a), b);
    assert.deepEqual(list.map((e) => e.label), ['A', 'B']);
    list = withEndpoint(list, { ...a, label: 'A2' });
    assert.deepEqual(list.map((e) => e.label), ['A2', 'B']);
    assert.deepEqual(withoutEndpoint(list, a.apiUrl), [b]);
    assert.equal(a.waveUrl, 'https://wave.seqera.io');
  });
});
