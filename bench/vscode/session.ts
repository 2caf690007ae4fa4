import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { startWorld } from '../lib/world';
import { startControlServer } from './controlServer';
import type { VsCodeBenchResult } from './index';
import { BENCH_MARKER, CONTROL_ENV } from './protocol';

/**
 * Runs bench/vscode/index.ts inside a real VS Code through the integration
 * harness (test/harness/run.ts, same install and workbench), with a fresh
 * emulator World and its control channel in this process. Resolves with the
 * entry's result line.
 */
export async function runVsCodeBench(root: string, rttMs: number, onLine: (line: string) => void): Promise<VsCodeBenchResult> {
  const world = await startWorld({ rttMs });
  const control = await startControlServer(world);
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      SEQERA_HARNESS_ENTRY: path.join('out', 'bench', 'vscode', 'index.js'),
      SEQERA_HARNESS_SUITE: 'bench',
      SEQERA_TEST_TIMEOUT_SECONDS: process.env.SEQERA_TEST_TIMEOUT_SECONDS ?? '360',
      [CONTROL_ENV]: control.url,
    };
    let result: VsCodeBenchResult | undefined;
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(root, 'out', 'test', 'harness', 'run.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let buffered = '';
      const onData = (chunk: Buffer): void => {
        buffered += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl);
          buffered = buffered.slice(nl + 1);
          const at = line.indexOf(BENCH_MARKER);
          if (at >= 0) result = JSON.parse(line.slice(at + BENCH_MARKER.length).trim()) as VsCodeBenchResult;
          else onLine(line);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('error', reject);
      child.on('close', (c) => resolve(c ?? 1));
    });
    if (code !== 0 || !result) throw new Error(`the VS Code benchmarks failed (harness exit ${code})`);
    return result;
  } finally {
    await control.close();
    await world.emu.stop();
  }
}
