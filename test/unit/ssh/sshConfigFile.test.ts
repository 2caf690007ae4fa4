import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findStudioBlocks, type StudioSshTarget } from '../../../src/ssh/sshConfig';
import {
  backupPathFor,
  previewStudioHost,
  resolveSshConfigPath,
  writeStudioHost,
} from '../../../src/ssh/sshConfigFile';

const target = (over: Partial<StudioSshTarget> = {}): StudioSshTarget => ({
  sessionId: 'a01ac889',
  name: 'demo',
  hostName: 'connect.example.com',
  port: 2222,
  user: 'alice@a01ac889',
  options: [],
  ...over,
});

describe('ssh config file (unit)', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-ssh-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('resolves ~/.ssh/config and honours remote.SSH.configFile', () => {
    assert.equal(resolveSshConfigPath(home), path.join(home, '.ssh', 'config'));
    assert.equal(resolveSshConfigPath(home, '  '), path.join(home, '.ssh', 'config'));
    assert.equal(resolveSshConfigPath(home, '~/cfg/ssh'), path.join(home, 'cfg', 'ssh'));
    assert.equal(resolveSshConfigPath(home, '/etc/x'), path.resolve('/etc/x'));
  });

  it('creates ~/.ssh (0700) and the file (0600) when missing, without a backup', async () => {
    const file = resolveSshConfigPath(home);
    const preview = await previewStudioHost(file, target());
    assert.equal(preview.created, true);
    assert.ok(!fs.existsSync(file), 'preview writes nothing');
    const r = await writeStudioHost(file, target());
    assert.equal(r.action, 'added');
    assert.equal(r.created, true);
    assert.equal(r.backupPath, undefined);
    if (process.platform !== 'win32') {
      assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o700);
      assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    }
    assert.equal(findStudioBlocks(fs.readFileSync(file, 'utf8')).length, 1);
  });

  it('backs up an existing file once, before the first change, and keeps its mode', async () => {
    const file = resolveSshConfigPath(home);
    fs.mkdirSync(path.dirname(file), { mode: 0o755 });
    const original = 'Host a\r\n  User me'; // CRLF, no final newline
    fs.writeFileSync(file, original, { mode: 0o644 });
    fs.chmodSync(file, 0o644);

    const r1 = await writeStudioHost(file, target());
    assert.equal(r1.backupPath, backupPathFor(file));
    assert.equal(fs.readFileSync(backupPathFor(file), 'utf8'), original);
    const after1 = fs.readFileSync(file, 'utf8');
    assert.ok(after1.startsWith(original));
    if (process.platform !== 'win32') {
      assert.equal(fs.statSync(file).mode & 0o777, 0o644);
      assert.equal(fs.statSync(path.dirname(file)).mode & 0o777, 0o755, 'an existing folder keeps its mode');
    }

    const r2 = await writeStudioHost(file, target());
    assert.equal(r2.action, 'unchanged');
    assert.equal(fs.readFileSync(file, 'utf8'), after1);

    const r3 = await writeStudioHost(file, target({ port: 2300 }));
    assert.equal(r3.action, 'updated');
    assert.equal(fs.readFileSync(backupPathFor(file), 'utf8'), original, 'the backup keeps the user version');
    assert.equal(findStudioBlocks(fs.readFileSync(file, 'utf8')).length, 1);
  });

  it('writes through a symlinked config to its target', async function () {
    if (process.platform === 'win32') this.skip();
    const real = path.join(home, 'dotfiles', 'ssh_config');
    fs.mkdirSync(path.dirname(real));
    fs.writeFileSync(real, 'Host a\n');
    fs.mkdirSync(path.join(home, '.ssh'));
    const link = path.join(home, '.ssh', 'config');
    fs.symlinkSync(real, link);
    const r = await writeStudioHost(link, target());
    assert.equal(r.path, fs.realpathSync(real));
    assert.ok(fs.lstatSync(link).isSymbolicLink());
    assert.match(fs.readFileSync(real, 'utf8'), /Host seqera-studio-demo-a01ac889/);
    assert.ok(!fs.readdirSync(path.join(home, 'dotfiles')).some((f) => f.endsWith('.tmp')));
  });
});
