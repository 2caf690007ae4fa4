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

export function spawnWorld(rttMs: number): Promise<WorldProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [path.join(__dirname, 'worldProcess.js'), String(rttMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    const onData = (chunk: Buffer): void => {
      out += chunk.toString('utf8');
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      child.stdout?.off('data', onData);
      try {
        const { control } = JSON.parse(out.slice(0, nl)) as { control: string };
        resolve({
          controlUrl: control,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.stdin?.end();
            }),
        });
      } catch (e) {
        reject(new Error(`the emulator process said ${JSON.stringify(out)}: ${String(e)}`));
      }
    };
    child.stdout?.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the emulator process exited (${code}) before it was ready`)));
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
