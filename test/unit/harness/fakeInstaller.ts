import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/**
 * A stand-in for `npm install` in the install tests, run as a step command in
 * the staging folder: `node fakeInstaller.js <step> <file>...`. It starts a
 * child of its own (as npm starts sh → node-gyp), writes the first half of its
 * files, tells the test where it is over the control socket (FAKE_CTL) and, when
 * FAKE_PAUSE names its step, waits there for the test's "go" before writing the
 * rest. FAKE_FAIL_<STEP>=<code> makes it print FAKE_FAIL_TEXT and exit with that
 * code instead. Everything is synchronised on those messages, never on time.
 */
export const TOOL_FILE = path.join('bin', 'tool');

async function main(): Promise<void> {
  const [step, ...files] = process.argv.slice(2);
  if (!step) throw new Error('usage: fakeInstaller <step> <file>...');
  const ctl = await connect(process.env.FAKE_CTL!);
  const child = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1 << 30)'], { stdio: 'ignore' });
  const half = Math.ceil(files.length / 2);
  for (const f of files.slice(0, half)) write(f);
  console.log(`fake ${step}: wrote ${files.slice(0, half).join(', ')}`);
  const pause = (process.env.FAKE_PAUSE ?? '').split(',').includes(step);
  ctl.send({ event: 'paused', step, pid: process.pid, childPid: child.pid, waits: pause });
  if (pause) await ctl.go();
  const fail = process.env[`FAKE_FAIL_${step.toUpperCase()}`];
  if (fail) {
    console.log(process.env.FAKE_FAIL_TEXT ?? 'fake failure');
    process.exit(Number(fail));
  }
  for (const f of files.slice(half)) write(f);
  console.log(`fake ${step}: wrote ${files.slice(half).join(', ')}`);
  ctl.send({ event: 'done', step, pid: process.pid });
  await ctl.close();
  // The child is left running on purpose: the install must stop its whole process group.
  process.exit(0);
}

function write(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (file === TOOL_FILE) {
    fs.writeFileSync(file, toolScript(), { mode: 0o755 });
  } else {
    fs.writeFileSync(file, `${file}\n`);
  }
}

/**
 * The installed "binary" the check runs: `bin/tool --version` prints
 * FAKE_TOOL_VERSION; with FAKE_PAUSE naming "verify" it first waits for "go".
 */
function toolScript(): string {
  return `#!${process.execPath}
const net = require('node:net');
const version = process.env.FAKE_TOOL_VERSION;
if (!(process.env.FAKE_PAUSE || '').split(',').includes('verify')) {
  console.log(version);
} else {
  const s = net.connect(process.env.FAKE_CTL, () => s.write(JSON.stringify({ event: 'paused', step: 'verify', pid: process.pid, waits: true }) + '\\n'));
  s.on('data', (d) => { if (String(d).includes('go')) { console.log(version); s.end(); } });
}
`;
}

interface Control {
  send(message: object): void;
  go(): Promise<void>;
  close(): Promise<void>;
}

function connect(socketPath: string): Promise<Control> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath);
    let buffered = '';
    let onGo: (() => void) | undefined;
    let went = false;
    socket.on('data', (d) => {
      buffered += d.toString('utf8');
      if (buffered.includes('go\n')) {
        went = true;
        onGo?.();
      }
    });
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        send: (message) => socket.write(`${JSON.stringify(message)}\n`),
        go: () => new Promise<void>((r) => (went ? r() : (onGo = r))),
        close: () => new Promise<void>((r) => socket.end(r)),
      }),
    );
  });
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`fake installer: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
