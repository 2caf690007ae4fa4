import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIR_ADVICE, fsProblem, InstallError, InstallInterruptedError } from './installErrors';
import { acquireLock, LockWaitAborted, waitForLegacyLock } from './installLock';
import { killProcessesIn, runInGroup } from './processes';

/**
 * An install that a later run can trust only when it finished: it is built in a
 * fresh folder beside the target (`<dir>.staging-<pid>`), checked there (the
 * binaries run, the versions match), gets its marker, and only then is renamed
 * to the target in one step. Whatever a killed run leaves (a staging folder,
 * processes still working in it, a target without a marker) is recognised and
 * removed by the next run, under the same lock that makes concurrent runs wait.
 */
export const MARKER = 'installed.json';

export interface InstallStep {
  /** What the step does, as the user reads it: `npm install code-server@4.139.1`. */
  title: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

export interface VerifyContext {
  /** Runs a command (in its own process group, stoppable) and resolves with its output; rejects naming it when it fails. */
  run(command: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string>;
}

export interface InstallPlan {
  /** What the marker records; an install is trusted only when its marker holds these values. */
  versions: Readonly<Record<string, string>>;
  /** Files (relative to the install folder) a trusted install has. */
  required: readonly string[];
  /** Names the install writes at its top level: a folder holding anything else is not ours to replace. */
  ownEntries: readonly string[];
  /** The `name` of the package.json the install writes (a package.json with another name is not ours). */
  packageName: string;
  /** Throws (e.g. a MissingPackageError) when this machine cannot install; runs before anything is written. */
  preflight?(): void;
  /** Writes the starting files into the fresh folder. */
  prepare(staging: string): void;
  steps(staging: string): InstallStep[];
  /** Checks the staged install; throws an Error saying what is wrong. */
  verify(staging: string, ctx: VerifyContext): Promise<void>;
  /** Free bytes the install needs on the disk of the target's parent folder. */
  needsBytes: number;
}

export interface StagedInstallOptions {
  log?: (line: string) => void;
  /** How often a run waiting for another one's lock looks again (ms). */
  pollMs?: number;
  /** Stops the install like Ctrl+C does. */
  signal?: AbortSignal;
  /** SIGINT, SIGTERM and SIGHUP stop the install cleanly while it runs (default true). */
  handleSignals?: boolean;
  /** Free bytes on the disk holding `dir` (default: statfs). */
  freeBytes?: (dir: string) => number;
}

/** The folder a target really is: a symlinked install is staged beside the folder the link points to. */
function realTarget(target: string): string {
  try {
    return fs.realpathSync(target);
  } catch {
    return path.resolve(target);
  }
}

export function siblings(target: string): { parent: string; staging: string; old: string; lock: string; log: string; base: string } {
  const parent = path.dirname(target);
  const base = path.basename(target);
  return {
    parent,
    base,
    staging: path.join(parent, `${base}.staging-${process.pid}`),
    old: path.join(parent, `${base}.old-${process.pid}`),
    lock: path.join(parent, `${base}.install-lock`),
    log: path.join(parent, `${base}.install.log`),
  };
}

/** A complete install of exactly these versions: its marker says so and the files it needs are there. */
export function isTrusted(dir: string, plan: InstallPlan): boolean {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8')) as unknown;
    if (typeof marker !== 'object' || marker === null) return false;
    const recorded = marker as Record<string, unknown>;
    return (
      Object.entries(plan.versions).every(([k, v]) => recorded[k] === v) && plan.required.every((f) => fs.existsSync(path.join(dir, f)))
    );
  } catch {
    return false;
  }
}

/** Why `dir` must not be replaced (it holds something we did not write), or undefined when it may. */
function notOurs(dir: string, plan: InstallPlan): string | undefined {
  const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!stat) return undefined;
  if (!stat.isDirectory()) return `${dir} is not a folder`;
  const own = new Set([...plan.ownEntries, MARKER, '.install-lock']);
  const others = fs.readdirSync(dir).filter((n) => !own.has(n));
  if (others.length) return `${dir} holds files that are not part of the install (${others.slice(0, 5).join(', ')}${others.length > 5 ? ', …' : ''})`;
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: unknown };
    if (pkg.name !== plan.packageName) return `${path.join(dir, 'package.json')} is not the install's (name ${JSON.stringify(pkg.name)})`;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return `${path.join(dir, 'package.json')} is not the install's (unreadable)`;
  }
  return undefined;
}

function describe(dir: string): string {
  return fs.existsSync(path.join(dir, MARKER)) ? 'an install of other versions' : 'an unfinished install (no marker)';
}

function removeQuietly(p: string, log: (line: string) => void): void {
  try {
    fs.rmSync(p, { recursive: true, force: true });
  } catch (e) {
    log(`Could not remove ${p} (${(e as NodeJS.ErrnoException).code ?? String(e)}); the next run tries again.`);
  }
}

function statfsFree(dir: string): number {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
}

const MB = 1024 * 1024;

function tailOf(file: string, lines: number): string[] {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const len = Math.min(size, 64 * 1024);
      const buf = Buffer.alloc(len);
      fs.readSync(fd, buf, 0, len, size - len);
      return buf
        .toString('utf8')
        .split('\n')
        .map((l) => l.trimEnd())
        .filter((l) => l.trim())
        .slice(-lines);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return [];
  }
}

/** What the log's last lines suggest the user do. */
export function adviceFor(lines: string[]): string {
  const text = lines.join('\n');
  if (/ENOSPC|EDQUOT|no space left/i.test(text)) return 'The disk is full: free about 2 GB, or set SEQERA_VSCODE_TEST_DIR to a folder on another disk.';
  if (/EACCES|EPERM|permission denied/i.test(text)) {
    return `A file could not be written (permission denied). ${DIR_ADVICE}.`;
  }
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|network/i.test(text)) {
    return 'The npm registry could not be reached: check the network and the registry/proxy settings (npm config get registry).';
  }
  if (/gyp ERR|node-gyp|make: \*\*\*|g\+\+|compilation terminated/i.test(text)) {
    return "A native module of code-server did not compile: it needs Debian's build-essential, python3 and libkrb5-dev (.ci/run installs them).";
  }
  return 'Fix the cause shown above and run again.';
}

class StepFailed extends Error {}

/**
 * Makes sure `target` holds a trusted install of `plan`, installing it first when
 * it does not. Resolves with whether it installed. Rejects with an InstallError
 * (InstallInterruptedError when stopped) whose message is complete for the user.
 */
export async function ensureStagedInstall(target: string, plan: InstallPlan, options: StagedInstallOptions = {}): Promise<boolean> {
  const log = options.log ?? ((line: string) => console.log(line));
  const dir = realTarget(target);
  if (isTrusted(dir, plan)) return false;

  const at = siblings(dir);
  const controller = new AbortController();
  let stoppedBy: NodeJS.Signals = 'SIGINT';
  const onSignal = (sig: NodeJS.Signals): void => {
    if (controller.signal.aborted) return;
    stoppedBy = sig;
    log(`${sig}: stopping the install of VS Code for the tests…`);
    controller.abort();
  };
  const signals: NodeJS.Signals[] = options.handleSignals === false ? [] : ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const s of signals) process.on(s, onSignal);
  const onOuterAbort = (): void => onSignal('SIGTERM');
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) onOuterAbort();
  const interrupted = (what: string): InstallInterruptedError =>
    new InstallInterruptedError(
      `Stopped the install of VS Code for the tests (${stoppedBy}) ${what}. Nothing unfinished was kept, so the next run starts the install again.`,
      stoppedBy,
    );

  let release: (() => void) | undefined;
  let staged = false;
  try {
    try {
      fs.mkdirSync(at.parent, { recursive: true });
    } catch (e) {
      throw fsProblem(e, 'create the folder', at.parent);
    }
    const lockOptions = { log, pollMs: options.pollMs ?? 2000, signal: controller.signal };
    try {
      release = await acquireLock(at.lock, dir, lockOptions);
      await waitForLegacyLock(path.join(dir, '.install-lock'), dir, lockOptions);
    } catch (e) {
      if (e instanceof LockWaitAborted) throw interrupted('while it waited for another install');
      throw fsProblem(e, 'create the lock', at.lock);
    }
    if (isTrusted(dir, plan)) return false; // another run finished it while we waited
    plan.preflight?.();

    await removeLeftovers(dir, at, plan, log);
    const free = (options.freeBytes ?? statfsFree)(at.parent);
    if (free < plan.needsBytes) {
      throw new InstallError(
        `Cannot install VS Code for the tests into ${dir}: only ${Math.floor(free / MB)} MB are free on its disk and the install needs about ${Math.ceil(plan.needsBytes / MB)} MB. ` +
          'Free some space, or set SEQERA_VSCODE_TEST_DIR to a folder on another disk. Nothing was written.',
      );
    }

    const started = Date.now();
    log(`Installing VS Code for the integration tests into ${dir} (first run only, a few minutes; log: ${at.log})…`);
    let logFd: number;
    try {
      fs.mkdirSync(at.staging);
      staged = true;
      plan.prepare(at.staging);
      logFd = fs.openSync(at.log, 'w');
    } catch (e) {
      throw fsProblem(e, 'write', at.staging);
    }
    try {
      const steps = plan.steps(at.staging);
      for (const [i, step] of steps.entries()) {
        if (controller.signal.aborted) throw interrupted(`before step ${i + 1} of ${steps.length}`);
        const name = `step ${i + 1} of ${steps.length}, "${step.title}"`;
        log(`  ${i + 1}/${steps.length} ${step.title}`);
        fs.writeSync(logFd, `\n=== ${name} (in ${at.staging})\n`);
        const exit = await runInGroup({ command: step.command, args: step.args, cwd: at.staging, env: step.env, outputFd: logFd, signal: controller.signal });
        if (exit.aborted) throw interrupted(`during ${name}`);
        if (exit.spawnError) {
          throw new InstallError(
            `Installing VS Code for the tests failed: ${name} could not start (${exit.spawnError.message}). ` +
              `Is ${step.command} on PATH? Nothing of this install was kept; the next run starts it from clean.`,
          );
        }
        if (exit.code !== 0) throw new StepFailed(`${name} ${exit.code === null ? `was killed (${exit.signal})` : `exited with code ${exit.code}`}`);
      }
      try {
        await plan.verify(at.staging, verifyContext(at.staging, logFd, controller.signal));
      } catch (e) {
        if (controller.signal.aborted) throw interrupted('while it checked the installed files');
        throw new StepFailed(`the check of the finished install: ${e instanceof Error ? e.message : String(e)}`);
      }
    } catch (e) {
      if (!(e instanceof StepFailed)) throw e;
      const tail = tailOf(at.log, 15);
      throw new InstallError(
        [
          `Installing VS Code for the tests failed: ${e.message}.`,
          ...(tail.length ? ['Last lines of its log:', ...tail.map((l) => `  ${l}`)] : []),
          `Full log: ${at.log}`,
          adviceFor(tail),
          `Nothing of this install was kept (${at.staging} is removed), so the next run starts it from clean.`,
        ].join('\n'),
      );
    } finally {
      fs.closeSync(logFd);
    }
    if (controller.signal.aborted) throw interrupted('after the install had finished, before it was moved into place');

    try {
      fs.writeFileSync(path.join(at.staging, MARKER), JSON.stringify(plan.versions) + '\n');
    } catch (e) {
      throw fsProblem(e, 'write the marker into', at.staging);
    }
    if (fs.existsSync(dir)) {
      throw new InstallError(
        `Installing VS Code for the tests into ${dir}: something else created ${dir} during the install (an older harness not using ${at.lock}?). ` +
          'Nothing was moved; run again once it has finished.',
      );
    }
    try {
      fs.renameSync(at.staging, dir);
    } catch (e) {
      throw fsProblem(e, 'move the finished install to', dir);
    }
    staged = false;
    log(`Installed in ${Math.round((Date.now() - started) / 1000)} s.`);
    return true;
  } catch (e) {
    if (e instanceof InstallError || !(e as NodeJS.ErrnoException).code) throw e;
    throw fsProblem(e, 'install into', dir);
  } finally {
    if (staged) removeQuietly(at.staging, log);
    release?.();
    for (const s of signals) process.off(s, onSignal);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/**
 * Under the lock, every staging folder is a killed run's: stop what still works
 * in it and remove it. A target without a trusted marker goes too (after the
 * same check that it holds only what the install writes).
 */
async function removeLeftovers(dir: string, at: ReturnType<typeof siblings>, plan: InstallPlan, log: (line: string) => void): Promise<void> {
  for (const name of fs.readdirSync(at.parent)) {
    const isStaging = name.startsWith(`${at.base}.staging-`);
    if (!isStaging && !name.startsWith(`${at.base}.old-`)) continue;
    const p = path.join(at.parent, name);
    if (isStaging) {
      const n = await killProcessesIn(p);
      if (n) log(`Stopped ${n} process${n === 1 ? '' : 'es'} of an interrupted install still working in ${p}.`);
    }
    log(`Removing ${p}, left by an interrupted install.`);
    removeQuietly(p, log);
  }
  if (!fs.existsSync(dir)) return;
  const refusal = notOurs(dir, plan);
  if (refusal) {
    throw new InstallError(
      `Cannot install VS Code for the tests into ${dir}: ${refusal}. It is not an install of the harness, so it is left alone: ` +
        'set SEQERA_VSCODE_TEST_DIR to a new or empty folder, or remove that folder yourself.',
    );
  }
  log(`Found ${describe(dir)} in ${dir}: replacing it.`);
  const n = await killProcessesIn(dir);
  if (n) log(`Stopped ${n} process${n === 1 ? '' : 'es'} of an interrupted install still working in ${dir}.`);
  try {
    fs.renameSync(dir, at.old);
  } catch (e) {
    throw fsProblem(e, 'move aside the unfinished install', dir);
  }
  removeQuietly(at.old, log);
}

function verifyContext(staging: string, logFd: number, signal: AbortSignal): VerifyContext {
  let n = 0;
  return {
    async run(command, args, env = process.env) {
      const out = path.join(staging, `.verify-${++n}.out`);
      const fd = fs.openSync(out, 'w');
      let exit;
      try {
        exit = await runInGroup({ command, args, cwd: staging, env, outputFd: fd, signal });
      } finally {
        fs.closeSync(fd);
      }
      const text = fs.readFileSync(out, 'utf8');
      fs.rmSync(out, { force: true });
      fs.writeSync(logFd, `\n=== check: ${command} ${args.join(' ')}\n${text}`);
      if (exit.aborted) throw new Error('stopped');
      if (exit.spawnError) throw new Error(`${command} could not start (${exit.spawnError.message})`);
      if (exit.code !== 0) {
        throw new Error(`${path.basename(command)} ${args.join(' ')} ${exit.code === null ? `was killed (${exit.signal})` : `exited with code ${exit.code}`}: ${text.trim().split('\n').slice(-3).join(' / ')}`);
      }
      return text;
    },
  };
}
