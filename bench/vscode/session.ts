import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { BENCH_MARKER, CONTROL_ENV, MODE_ENV } from '../lib/protocol';

/**
 * Runs bench/vscode/index.ts inside a real VS Code through the integration
 * harness (test/harness/run.ts, same install and workbench), against the
 * emulator World behind `controlUrl`. Resolves with the entry's result line.
 */
export async function runVsCodeBench<T>(root: string, controlUrl: string, mode: 'full' | 'activation', onLine: (line: string) => void): Promise<T> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    SEQERA_HARNESS_ENTRY: path.join('out', 'bench', 'vscode', 'index.js'),
    SEQERA_HARNESS_SUITE: 'bench',
    SEQERA_TEST_TIMEOUT_SECONDS: process.env.SEQERA_TEST_TIMEOUT_SECONDS ?? '360',
    [CONTROL_ENV]: controlUrl,
    [MODE_ENV]: mode,
  };
  let result: T | undefined;
  const tail: string[] = [];
  let stoppedBy: NodeJS.Signals | undefined;
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'out', 'test', 'harness', 'run.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    // Ctrl+C: the harness stops what it runs (the VS Code install's npm included) and
    // says so; wait for it instead of dying with its pipes, then report its words.
    const forward = (sig: NodeJS.Signals): void => {
      stoppedBy = sig;
      child.kill(sig);
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const sig of signals) process.on(sig, forward);
    child.on('close', () => {
      for (const sig of signals) process.off(sig, forward);
    });
    let buffered = '';
    const onData = (chunk: Buffer): void => {
      buffered += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const at = line.indexOf(BENCH_MARKER);
        if (at >= 0) result = JSON.parse(line.slice(at + BENCH_MARKER.length).trim()) as T;
        else {
          tail.push(line);
          if (tail.length > 12) tail.shift();
          onLine(line);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (c) => resolve(c ?? 1));
  });
  if (stoppedBy) throw new BenchInterrupted(`stopped (${stoppedBy}); the harness said:\n  ${tail.join('\n  ')}`, stoppedBy);
  if (code !== 0 || !result) throw new Error(`the VS Code benchmarks failed (harness exit ${code}); its last lines:\n  ${tail.join('\n  ')}`);
  return result;
}

/** The user stopped the run (Ctrl+C) while the harness ran; the message holds what the harness said. */
export class BenchInterrupted extends Error {
  constructor(
    message: string,
    readonly signal: NodeJS.Signals,
  ) {
    super(message);
  }
}
