import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Emulator } from '../../emulator';

/** Waits for something the extension does by itself (a request sent, a line written), without a clock. */
export async function until(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Presses the first button of the newest notification with VS Code's own command
 * (`notification.acceptPrimaryAction`, what Ctrl+Shift+A does), until `done`: the
 * message reaches the workbench a little after the extension showed it, and the
 * command does nothing while there is no notification.
 */
export async function pressFirstButton(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) assert.fail(`timed out pressing the first button for ${what}`);
    await vscode.commands.executeCommand('notification.acceptPrimaryAction');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Writes a file under `dir` (creating folders) and returns its Uri, as the explorer would pass it. */
export function writeFileUnder(dir: string, rel: string, content: string): vscode.Uri {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return vscode.Uri.file(p);
}

const submits = (emu: Emulator): number =>
  emu.requests.filter((r) => r.server === 'wave' && r.method === 'POST' && r.path === '/v1alpha2/container').length;
const statusChecks = (emu: Emulator): number => emu.requests.filter((r) => r.server === 'wave' && r.path.endsWith('/status')).length;

/**
 * Runs a Wave build command to its end. Once its request reached Wave and the watcher checked the status,
 * moves the emulator's clock a minute at a time, each step only after the watcher checked again.
 */
export async function driveWaveBuild<T>(emu: Emulator, start: () => Thenable<T>, timeoutMs: number): Promise<T> {
  const before = submits(emu);
  const checks = statusChecks(emu);
  let finished = false;
  const running = Promise.resolve(start()).finally(() => {
    finished = true;
  });
  await until('the build request', () => submits(emu) > before || finished, timeoutMs);
  await until('the first status check', () => statusChecks(emu) > checks || finished, timeoutMs);
  while (!finished) {
    const seen = statusChecks(emu);
    await emu.clock.advance(60_000);
    await until('the next status check', () => statusChecks(emu) > seen || finished, timeoutMs);
  }
  return running;
}
