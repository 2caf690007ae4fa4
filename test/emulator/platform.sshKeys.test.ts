import * as assert from 'node:assert/strict';
import { startEmulator, type Emulator } from './index';
import { platform } from './testkit';
import { ECDSA_PUB, ED25519_PUB, PRIVATE_KEY_TEXT, RSA_PUB } from '../shared/sshKeyFixtures';

describe('emulator Platform: the SSH keys of the user profile (/ssh-keys) (unit)', () => {
  let emu: Emulator;
  let api: ReturnType<typeof platform>;
  beforeEach(async () => {
    emu = await startEmulator();
    api = platform(emu);
  });
  afterEach(() => emu.stop());

  it('lists the seeded key with its id, name, public key, dates; another user sees only theirs', async () => {
    const r = await api.get('/ssh-keys');
    assert.equal(r.status, 200);
    assert.equal(r.body.sshKeys.length, 1);
    const [k] = r.body.sshKeys;
    assert.equal(k.name, 'laptop');
    assert.match(k.publicKey, /^ssh-ed25519 AAAA\S+ jsmith@laptop$/);
    assert.equal(typeof k.id, 'number');
    assert.match(k.dateCreated, /^\d{4}-\d\d-\d\dT/);
    assert.match(k.lastUsed, /^\d{4}-\d\d-\d\dT/);
    const other = emu.state.addToken(emu.state.users.values().next().value!.id + 1, 'other');
    assert.deepEqual((await api.get('/ssh-keys', { token: other })).body, { sshKeys: [] });
    assert.equal((await api.get(`/ssh-keys/${k.id}`, { token: other })).status, 404, "another user's key is not found");
  });

  it('creates a key (trimmed), describes it, then deletes it (204, then 404)', async () => {
    const created = await api.post('/ssh-keys', { body: { name: 'workstation', publicKey: `  ${ED25519_PUB}\n` } });
    assert.equal(created.status, 200, created.text);
    assert.equal(created.body.sshKey.name, 'workstation');
    assert.equal(created.body.sshKey.publicKey, ED25519_PUB);
    assert.equal(created.body.sshKey.lastUsed, undefined);
    const id = created.body.sshKey.id;
    assert.equal((await api.get(`/ssh-keys/${id}`)).body.sshKey.publicKey, ED25519_PUB);
    assert.deepEqual((await api.get('/ssh-keys')).body.sshKeys.map((k: { name: string }) => k.name), ['laptop', 'workstation']);
    assert.equal((await api.del(`/ssh-keys/${id}`)).status, 204);
    assert.equal((await api.del(`/ssh-keys/${id}`)).status, 404);
    assert.equal((await api.get(`/ssh-keys/${id}`)).status, 404);
    assert.equal((await api.del('/ssh-keys/abc')).status, 400);
    assert.deepEqual((await api.get('/ssh-keys')).body.sshKeys.map((k: { name: string }) => k.name), ['laptop']);
  });

  it('takes RSA and ECDSA keys and keys without a comment', async () => {
    assert.equal((await api.post('/ssh-keys', { body: { name: 'rsa', publicKey: RSA_PUB } })).status, 200);
    assert.equal((await api.post('/ssh-keys', { body: { name: 'ecdsa', publicKey: ECDSA_PUB } })).status, 200);
    assert.equal((await api.post('/ssh-keys', { body: { name: 'bare', publicKey: ED25519_PUB.split(' ').slice(0, 2).join(' ') } })).status, 200);
  });

  it('refuses a private key, a broken key, an unknown type, a blob of another type, and missing fields (400)', async () => {
    const [, blob] = ED25519_PUB.split(' ');
    for (const publicKey of [PRIVATE_KEY_TEXT, 'ssh-ed25519', 'ssh-ed25519 not*base64', 'ssh-dss AAAAB3NzaC1kc3MAAACBAKcp', `ssh-rsa ${blob}`, `${ED25519_PUB}\n${RSA_PUB}`, '', 7]) {
      const r = await api.post('/ssh-keys', { body: { name: 'x', publicKey } });
      assert.equal(r.status, 400, `${String(publicKey).slice(0, 30)}: ${r.text}`);
      assert.match(r.body.message, /SSH public key/);
    }
    assert.equal((await api.post('/ssh-keys', { body: { publicKey: ED25519_PUB } })).status, 400);
    assert.equal((await api.post('/ssh-keys', { body: { name: 'n'.repeat(256), publicKey: ED25519_PUB } })).status, 400);
    assert.equal((await api.get('/ssh-keys')).body.sshKeys.length, 1, 'nothing was added');
  });

  it('refuses a taken name and an already registered key (409), the comment does not make a key new', async () => {
    assert.equal((await api.post('/ssh-keys', { body: { name: 'laptop', publicKey: ED25519_PUB } })).status, 409);
    assert.equal((await api.post('/ssh-keys', { body: { name: 'one', publicKey: ED25519_PUB } })).status, 200);
    const again = await api.post('/ssh-keys', { body: { name: 'two', publicKey: ED25519_PUB.replace(/ \S+$/, ' renamed@host') } });
    assert.equal(again.status, 409);
    assert.match(again.body.message, /already registered/);
  });

  it('validates a key (204 new, 400 invalid, 409 registered) and a name (204 free, 400 invalid, 409 taken)', async () => {
    const seeded = (await api.get('/ssh-keys')).body.sshKeys[0].publicKey;
    assert.equal((await api.get('/ssh-keys/validate/key', { query: { key: ED25519_PUB } })).status, 204);
    assert.equal((await api.get('/ssh-keys/validate/key', { query: { key: PRIVATE_KEY_TEXT } })).status, 400);
    assert.equal((await api.get('/ssh-keys/validate/key')).status, 400);
    assert.equal((await api.get('/ssh-keys/validate/key', { query: { key: seeded } })).status, 409);
    assert.equal((await api.get('/ssh-keys/validate/name', { query: { name: 'new-name' } })).status, 204);
    assert.equal((await api.get('/ssh-keys/validate/name', { query: { name: 'laptop' } })).status, 409);
    assert.equal((await api.get('/ssh-keys/validate/name', { query: { name: ' ' } })).status, 400);
    assert.equal((await api.get('/ssh-keys/validate/name', { query: { name: 'n'.repeat(256) } })).status, 400);
  });
});
