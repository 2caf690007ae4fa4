import * as fs from 'node:fs';
import * as path from 'node:path';
import { processRunning, processStartTime } from './processes';

/**
 * A lock folder, so that runs sharing one install folder (several worktrees,
 * `npm test` beside `npm run demo`) never install at the same time. It holds
 * the owner's pid and start time; a lock whose owner is no longer running is
 * taken over (a pid reused by another process does not hold it).
 */
export interface LockOptions {
  log: (line: string) => void;
  /** How often a waiting run looks again. */
  pollMs: number;
  signal: AbortSignal;
}

interface Owner {
  pid: number;
  startTime?: string;
}

function readOwner(lockDir: string): Owner | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(lockDir, 'pid'), 'utf8').trim();
  } catch {
    return undefined;
  }
  const [pid, startTime] = text.split(/\s+/);
  const n = Number(pid);
  return n > 0 ? { pid: n, startTime } : undefined;
}

/** Whether the recorded owner still runs (a lock with no pid yet is being taken: it counts as held). */
export function lockHeld(lockDir: string): { held: boolean; pid?: number } {
  if (!fs.existsSync(lockDir)) return { held: false };
  const owner = readOwner(lockDir);
  if (!owner) return { held: true };
  const running = processRunning(owner.pid) && (owner.startTime === undefined || owner.startTime === processStartTime(owner.pid));
  return { held: running, pid: owner.pid };
}

/** A lock folder older than this with no pid file lost its owner between mkdir and writing the pid. */
const UNOWNED_GRACE_MS = 30_000;

function stale(lockDir: string): boolean {
  const owner = readOwner(lockDir);
  if (owner) return !lockHeld(lockDir).held;
  try {
    return Date.now() - fs.statSync(lockDir).mtimeMs > UNOWNED_GRACE_MS;
  } catch {
    return false;
  }
}

/**
 * Removes a stale lock under a second, short-lived "takeover" lock, so that two
 * waiters that both saw the owner die cannot remove each other's fresh lock.
 */
function takeOver(lockDir: string): void {
  const takeover = `${lockDir}.takeover`;
  try {
    fs.mkdirSync(takeover);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // A waiter that died inside the few lines below leaves it: old ones are removed.
    try {
      if (Date.now() - fs.statSync(takeover).mtimeMs > UNOWNED_GRACE_MS) fs.rmSync(takeover, { recursive: true, force: true });
    } catch {
      /* gone meanwhile */
    }
    return;
  }
  try {
    if (stale(lockDir)) fs.rmSync(lockDir, { recursive: true, force: true });
  } finally {
    fs.rmSync(takeover, { recursive: true, force: true });
  }
}

export class LockWaitAborted extends Error {}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new LockWaitAborted());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new LockWaitAborted());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Takes the lock, waiting for a running owner; resolves with the release function. */
export async function acquireLock(lockDir: string, what: string, options: LockOptions): Promise<() => void> {
  let told = false;
  for (;;) {
    if (options.signal.aborted) throw new LockWaitAborted();
    try {
      fs.mkdirSync(lockDir);
      const start = processStartTime(process.pid);
      fs.writeFileSync(path.join(lockDir, 'pid'), start ? `${process.pid} ${start}` : String(process.pid));
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (stale(lockDir)) {
      takeOver(lockDir);
      continue;
    }
    if (!told) options.log(`Waiting for another install into ${what} (pid ${readOwner(lockDir)?.pid ?? '?'})…`);
    told = true;
    await pause(options.pollMs, options.signal);
  }
}

/**
 * Waits while an older harness (one that locked inside the install folder and
 * installed in place) is installing there: its files must not be swapped away
 * under it.
 */
export async function waitForLegacyLock(lockDir: string, what: string, options: LockOptions): Promise<void> {
  let told = false;
  while (fs.existsSync(lockDir) && !stale(lockDir)) {
    if (!told) options.log(`Waiting for an older harness installing into ${what} (pid ${readOwner(lockDir)?.pid ?? '?'})…`);
    told = true;
    await pause(options.pollMs, options.signal);
  }
}
