import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { startControlServer } from './controlServer';
import { startWorld } from './world';

/**
 * The emulator World in a process of its own, as a real server would be: its
 * CPU work (building and serialising pages) does not run on the event loop of
 * the client being measured. Run as a script it starts the World and its
 * control server, prints `{"control": url}` and lives until its stdin closes
 * (so it never outlives the bench runner).
 */
export interface WorldProcess {
  controlUrl: string;
  stop(): Promise<void>;
}

export async function spawnWorld(rttMs: number): Promise<WorldProcess> {
  const { first, stop } = await spawnJsonLineProcess<{ control: string }>(path.join(__dirname, 'worldProcess.js'), [String(rttMs)], 'the emulator process');
  return { controlUrl: first.control, stop };
}

/**
 * Starts `node script ...args` and resolves with the JSON of the first line it prints, and a `stop` that
 * closes its stdin (the bench's emulator processes live until then) and waits for it to exit. `name` is
 * what the errors call the process.
 */
export function spawnJsonLineProcess<T>(script: string, args: string[], name: string): Promise<{ first: T; stop(): Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      child.stdout?.off('data', onData);
      try {
        const first = JSON.parse(out.slice(0, nl)) as T;
        const stop = (): Promise<void> =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.stdin?.end();
          });
        resolve({ first, stop });
      } catch (e) {
        reject(new Error(`${name} said ${JSON.stringify(out.slice(0, 200))}: ${String(e)}`));
      }
    };
    child.stdout?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before it was ready`)));
  });
}

async function main(): Promise<void> {
  const world = await startWorld({ rttMs: Number(process.argv[2]) });
  const control = await startControlServer(world);
  process.stdout.write(`${JSON.stringify({ control: control.url })}\n`);
  process.stdin.resume();
  process.stdin.once('end', () => {
    void control
      .close()
      .then(() => world.emu.stop())
      .finally(() => process.exit(0));
  });
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
