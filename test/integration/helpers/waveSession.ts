import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BuildOutcome } from '../../../src/waveBuilds/runBuild';
import { useEmulatorSession, type EmulatorSession, type EmulatorSessionOptions } from './emulatorSession';
import type { ScriptedUi } from './scriptedUi';
import { driveWaveBuild, writeFileUnder } from './waveBuilds';

/** How long a Wave build step may take to reach the emulator (a request sent, a status checked). */
export const WAVE_WAIT_MS = 20_000;

export interface WaveSessionOptions<U extends ScriptedUi> extends EmulatorSessionOptions<U> {
  /** A temporary folder for the suite's files, named with this prefix, made at the start and removed at the end. */
  tempDir?: string;
}

export interface WaveSession<U extends ScriptedUi = ScriptedUi> extends EmulatorSession<U> {
  /** The temporary folder (with `tempDir`). */
  dir(): string;
  /** Writes a file under `dir()` and returns its Uri, as the explorer would pass it. */
  write(rel: string, content: string): vscode.Uri;
  /** What the "Seqera: Wave builds" channel wrote since the suite started (other suites build in the same VS Code first). */
  transcript(): string;
  /** The bodies of the build requests Wave received, in order. */
  posts(): Record<string, unknown>[];
  /** Runs a build command to its end, driving the emulator's clock (`driveWaveBuild`); it must return an outcome. */
  build(command: string, ...args: unknown[]): Promise<BuildOutcome>;
}

/**
 * An emulator session for the Wave build suites: `useEmulatorSession` with status checks at most half a
 * second apart (`wave.pollMaxInterval`), an empty build history at the start and at the end (before signing out), and the
 * suite's temporary folder.
 */
export function useWaveSession<U extends ScriptedUi = ScriptedUi>(options: WaveSessionOptions<U>): WaveSession<U> {
  const session = useEmulatorSession({
    ...options,
    settings: { 'wave.pollMaxInterval': 0.5, ...options.settings },
    restore: async (s) => {
      await options.restore?.(s);
      await s.api().services.waveBuilds.clear();
    },
  });
  let dir: string | undefined;
  let transcriptStart = 0;

  before(async () => {
    const api = session.api();
    await api.services.waveBuilds.clear();
    transcriptStart = api.waveTranscript.text().length;
    if (options.tempDir) dir = fs.mkdtempSync(path.join(os.tmpdir(), options.tempDir));
  });

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const wave: WaveSession<U> = {
    ...session,
    dir: () => dir ?? assert.fail('no temporary folder (options.tempDir)'),
    write: (rel, content) => writeFileUnder(wave.dir(), rel, content),
    transcript: () => session.api().waveTranscript.text().slice(transcriptStart),
    posts: () =>
      session
        .emu()
        .requests.filter((r) => r.server === 'wave' && r.method === 'POST' && r.path === '/v1alpha2/container')
        .map((r) => (r.body ?? {}) as Record<string, unknown>),
    async build(command, ...args) {
      const outcome = await driveWaveBuild(session.emu(), () => vscode.commands.executeCommand<BuildOutcome>(command, ...args), WAVE_WAIT_MS);
      assert.ok(outcome, `${command} returned an outcome (an error would have been reported instead)`);
      return outcome;
    },
  };
  return wave;
}
