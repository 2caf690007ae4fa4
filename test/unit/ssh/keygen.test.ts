import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freeKeyPath, generateKey, keygenArgs, type KeygenRunner } from '../../../src/ssh/keygen';
import { runKeygenProcess } from '../../../src/ssh/keygenProcess';
import { listLocalPublicKeys, readPublicKeyFile } from '../../../src/ssh/localKeys';
import { ED25519_FINGERPRINT, ED25519_PUB, PRIVATE_KEY_TEXT, RSA_PUB } from '../../shared/sshKeyFixtures';

/** The real ssh-keygen when it is on PATH (it is on this project's CI image); the fake otherwise, said in the test name. */
const REAL_KEYGEN = spawnSync('ssh-keygen', ['-?'], { stdio: 'ignore' }).error === undefined;

/** Writes what ssh-keygen would (a private key and its .pub), without ssh-keygen. */
const fakeKeygen: KeygenRunner = async (args) => {
  const file = args[args.indexOf('-f') + 1];
  const comment = args[args.indexOf('-C') + 1];
  fs.writeFileSync(file, PRIVATE_KEY_TEXT, { mode: 0o600 });
  fs.writeFileSync(`${file}.pub`, `${ED25519_PUB.split(' ').slice(0, 2).join(' ')} ${comment}\n`);
  return { exitCode: 0, output: '' };
};
const runner: KeygenRunner = REAL_KEYGEN ? (args, _mode, signal) => runKeygenProcess(args, signal) : fakeKeygen;

describe('local SSH keys and ssh-keygen (unit)', () => {
  let home: string;
  const ssh = (...p: string[]): string => path.join(home, '.ssh', ...p);
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-keys-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('lists only ~/.ssh/*.pub, by name, with the reason for files that are no public key; no folder = none', async () => {
    assert.deepEqual(await listLocalPublicKeys(home), []);
    fs.mkdirSync(ssh(), { mode: 0o700 });
    fs.writeFileSync(ssh('id_ed25519'), PRIVATE_KEY_TEXT);
    fs.writeFileSync(ssh('id_ed25519.pub'), `${ED25519_PUB}\n`);
    fs.writeFileSync(ssh('b_rsa.pub'), RSA_PUB);
    fs.writeFileSync(ssh('oops.pub'), PRIVATE_KEY_TEXT);
    fs.writeFileSync(ssh('config'), 'Host x\n');
    fs.mkdirSync(ssh('dir.pub'));
    const keys = await listLocalPublicKeys(home);
    assert.deepEqual(keys.map((k) => k.display), ['~/.ssh/b_rsa.pub', '~/.ssh/dir.pub', '~/.ssh/id_ed25519.pub', '~/.ssh/oops.pub']);
    assert.equal(keys[2].key?.fingerprint, ED25519_FINGERPRINT);
    assert.equal(keys[1].problem, '~/.ssh/dir.pub: not a regular file.');
    assert.match(keys[3].problem ?? '', /^~\/\.ssh\/oops\.pub:1: this is a private key/);
    assert.equal(keys[3].key, undefined);
  });

  it('never reads a file that does not end in .pub, and refuses a FIFO without blocking', async function () {
    fs.mkdirSync(ssh(), { mode: 0o700 });
    fs.writeFileSync(ssh('id_ed25519'), PRIVATE_KEY_TEXT);
    const r = await readPublicKeyFile(home, ssh('id_ed25519'));
    assert.match(r.problem ?? '', /only a public key file \(ending in \.pub\) is read; the private key never leaves this computer/);
    if (process.platform === 'win32') return;
    assert.equal(spawnSync('mkfifo', [ssh('pipe.pub')]).status, 0);
    assert.equal((await readPublicKeyFile(home, ssh('pipe.pub'))).problem, '~/.ssh/pipe.pub: not a regular file.');
  });

  it('chooses a free key name: id_ed25519, then id_ed25519_seqera, _2 …; a dangling link or a lone .pub counts as taken', async () => {
    assert.equal(await freeKeyPath(home), ssh('id_ed25519'));
    fs.mkdirSync(ssh());
    fs.writeFileSync(ssh('id_ed25519.pub'), ED25519_PUB);
    assert.equal(await freeKeyPath(home), ssh('id_ed25519_seqera'));
    fs.symlinkSync(ssh('nowhere'), ssh('id_ed25519_seqera'));
    assert.equal(await freeKeyPath(home), ssh('id_ed25519_seqera_2'));
  });

  it('asks ssh-keygen for no passphrase only when told so', () => {
    assert.deepEqual(keygenArgs('/h/.ssh/k', 'me@host', 'noPassphrase'), ['-t', 'ed25519', '-C', 'me@host', '-f', '/h/.ssh/k', '-N', '']);
    assert.deepEqual(keygenArgs('/h/.ssh/k', 'me@host', 'askPassphrase'), ['-t', 'ed25519', '-C', 'me@host', '-f', '/h/.ssh/k']);
  });

  it(`generates an ed25519 pair in a new ~/.ssh (0700) with ${REAL_KEYGEN ? 'the real ssh-keygen' : 'a fake ssh-keygen (none on PATH)'}`, async () => {
    const file = await freeKeyPath(home);
    const made = await generateKey(home, file, 'me@test-host', 'noPassphrase', runner, new AbortController().signal);
    assert.equal(made.display, '~/.ssh/id_ed25519.pub');
    assert.equal(made.key?.type, 'ssh-ed25519');
    assert.equal(made.key?.comment, 'me@test-host');
    assert.ok(fs.existsSync(file), 'the private key stays where ssh-keygen wrote it');
    if (process.platform !== 'win32') assert.equal(fs.statSync(ssh()).mode & 0o777, 0o700);
    if (REAL_KEYGEN) {
      const printed = spawnSync('ssh-keygen', ['-lf', `${file}.pub`], { encoding: 'utf8' }).stdout;
      assert.ok(printed.includes(made.key!.fingerprint), `${printed} has ${made.key!.fingerprint}`);
    }
  });

  it('never overwrites: a file that appeared is refused before ssh-keygen runs, and ssh-keygen itself gets no "y"', async () => {
    fs.mkdirSync(ssh());
    fs.writeFileSync(ssh('id_ed25519'), 'mine');
    let ran = 0;
    const counting: KeygenRunner = async (...a) => (ran++, runner(...a));
    await assert.rejects(generateKey(home, ssh('id_ed25519'), 'c', 'noPassphrase', counting, new AbortController().signal), /already exists; it is never overwritten/);
    assert.equal(ran, 0);
    assert.equal(fs.readFileSync(ssh('id_ed25519'), 'utf8'), 'mine');
    if (!REAL_KEYGEN) return;
    // ssh-keygen asked directly to write over a key reads its "Overwrite (y/n)?" answer from no input: it stops.
    const direct = await runKeygenProcess(keygenArgs(ssh('id_ed25519'), 'c', 'noPassphrase'), new AbortController().signal);
    assert.notEqual(direct.exitCode, 0);
    assert.equal(fs.readFileSync(ssh('id_ed25519'), 'utf8'), 'mine');
  });

  it('a failed ssh-keygen says what it printed; a missing one says how to get it', async () => {
    const failing: KeygenRunner = async () => ({ exitCode: 1, output: 'Saving key failed: Permission denied\n' });
    await assert.rejects(generateKey(home, ssh('id_ed25519'), 'c', 'noPassphrase', failing, new AbortController().signal), /ssh-keygen did not create the key \(exit code 1\): Saving key failed: Permission denied/);
    await assert.rejects(runKeygenProcess(['-t', 'ed25519'], new AbortController().signal, 'ssh-keygen-not-installed-here'), /ssh-keygen was not found on PATH\. Install OpenSSH/);
  });
});
