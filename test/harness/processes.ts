import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Processes of the harness's install: each step runs in a process group of its
 * own, so that stopping it reaches every process it started (npm → sh →
 * node-gyp → make → g++), and a step left behind by a killed run can be found
 * again through its working folder. Linux only, like the install (/proc).
 */

/** Whether a process with this id exists (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface ProcStat {
  state: string;
  pgrp: number;
  startTime: string;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid pgrp … ; comm may hold spaces and parentheses: split after the last ')'.
    const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '', pgrp: Number(rest[2]), startTime: rest[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** Running, not a zombie waiting for a parent that never reaps it (containers without an init). */
export function processRunning(pid: number): boolean {
  if (!processAlive(pid)) return false;
  const stat = procStat(pid);
  // No stat: either no /proc on this system (trust kill(0)) or the process just ended.
  if (stat === undefined) return !fs.existsSync('/proc/self');
  return stat.state !== 'Z' && stat.state !== 'X';
}

/** The kernel's start time of the process (clock ticks since boot): tells a reused pid from its first owner. */
export function processStartTime(pid: number): string | undefined {
  return procStat(pid)?.startTime;
}

function allPids(): number[] {
  try {
    return fs
      .readdirSync('/proc')
      .filter((n) => /^\d+$/.test(n))
      .map(Number);
  } catch {
    return [];
  }
}

/** Running processes of the process group `pgid` (zombies excluded). */
export function groupMembers(pgid: number): number[] {
  return allPids().filter((pid) => {
    const stat = procStat(pid);
    return stat !== undefined && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X';
  });
}

/** Running processes whose working folder is `dir` or below it (other users' are not readable: skipped). */
export function processesIn(dir: string): number[] {
  const root = path.resolve(dir);
  return allPids().filter((pid) => {
    if (pid === process.pid) return false;
    let cwd: string;
    try {
      cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
    } catch {
      return false;
    }
    return (cwd === root || cwd.startsWith(root + path.sep)) && processRunning(pid);
  });
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    /* already gone */
  }
}

/**
 * Kills, with SIGKILL, every process working in `dir` and their process groups:
 * what a run that was itself killed (SIGKILL, a closed terminal) left behind.
 * Returns how many were found.
 */
export async function killProcessesIn(dir: string): Promise<number> {
  const found = processesIn(dir);
  const groups = new Set(found.map((pid) => procStat(pid)?.pgrp).filter((g): g is number => !!g && g !== process.pid && g !== getOwnGroup()));
  for (const g of groups) killQuietly(-g, 'SIGKILL');
  for (const pid of found) killQuietly(pid, 'SIGKILL');
  await until(() => processesIn(dir).length === 0, 5000);
  return found.length;
}

function getOwnGroup(): number | undefined {
  return procStat(process.pid)?.pgrp;
}

/** Polls `done` until it holds or `ms` passed; resolves with whether it held. */
async function until(done: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

export interface GroupCommand {
  command: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Open file descriptor that receives the command's stdout and stderr. */
  outputFd: number;
  signal?: AbortSignal;
  /** Called with the group's id once it runs. */
  onStart?: (pgid: number) => void;
}

export interface GroupExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The run was stopped through `signal` (the AbortSignal). */
  aborted: boolean;
  /** The command could not be started (ENOENT…). */
  spawnError?: Error;
}

/** Grace between SIGTERM and SIGKILL for a stopped step. */
const STOP_GRACE_MS = 5000;

/**
 * Runs a command as the leader of a new process group. When `signal` aborts,
 * the whole group gets SIGTERM, then SIGKILL after a grace period; either way
 * the promise resolves only once no process of the group is left running.
 */
export function runInGroup(cmd: GroupCommand): Promise<GroupExit> {
  return new Promise((resolve) => {
    if (cmd.signal?.aborted) {
      resolve({ code: null, signal: null, aborted: true });
      return;
    }
    const child = spawn(cmd.command, cmd.args, { cwd: cmd.cwd, env: cmd.env, detached: true, stdio: ['ignore', cmd.outputFd, cmd.outputFd] });
    let aborted = false;
    let graceTimer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      if (aborted || child.pid === undefined) return;
      aborted = true;
      killQuietly(-child.pid, 'SIGTERM');
      graceTimer = setTimeout(() => killQuietly(-child.pid!, 'SIGKILL'), STOP_GRACE_MS);
      graceTimer.unref();
    };
    cmd.signal?.addEventListener('abort', stop, { once: true });
    if (child.pid !== undefined) cmd.onStart?.(child.pid);
    let spawnError: Error | undefined;
    child.on('error', (e) => (spawnError = e));
    child.on('close', (code, signal) => {
      cmd.signal?.removeEventListener('abort', stop);
      const pgid = child.pid;
      const finish = (): void => {
        clearTimeout(graceTimer);
        resolve({ code, signal, aborted, spawnError });
      };
      if (pgid === undefined) return finish();
      // The leader is gone; what it started may not be (npm killed mid-way leaves node-gyp).
      killQuietly(-pgid, 'SIGKILL');
      void until(() => groupMembers(pgid).length === 0, STOP_GRACE_MS).then(finish);
    });
  });
}
