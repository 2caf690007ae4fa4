import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RESULT_MARKER } from '../shared/mochaRunner';
import { createTestPki, testPkiEnv } from '../shared/testPki';
import { openWorkbench, type OpenWorkbench } from './browser';
import { ensureInstalled, exitCodeFor, InstallError, InstallInterruptedError, MissingPackageError, repoRoot, type Install } from './install';
import { prepareLocale, type LocaleSetup } from './locale';
import { PROBE_ENV, startProbe, type WorkbenchProbe } from './probe';
import { startServer, type HostExit, type VsCodeServer } from './server';
import { QUIET_WORKBENCH_SETTINGS, writeUserSettings } from './userSettings';

/**
 * Runs the integration suite (out/test/integration/index.js) inside a real VS Code:
 * VS Code's server from code-server, its web workbench in headless Chromium, the
 * extension and its tests passed in the workbench URL's development payload.
 * Exit code: 0 only when the suite printed its result line, reported 0 through
 * codeAutomationExit and no extension host died. With SEQERA_TEST_ELECTRON=1 it
 * runs the same suite in desktop VS Code through @vscode/test-electron instead.
 *
 * Env: SEQERA_TEST_GREP (mocha grep, read by the suite), SEQERA_VSCODE_TEST_DIR
 * (install folder), SEQERA_TEST_TIMEOUT_SECONDS (whole run after install, default
 * 600), SEQERA_TEST_VERBOSE=1 (also print the server's and workbench's own log).
 * SEQERA_HARNESS_ENTRY (compiled tests module, relative to the repo root) and
 * SEQERA_HARNESS_SUITE (the suite name its result line carries) let the benchmarks
 * (`npm run bench`) run their own entry in the same VS Code. SEQERA_TEST_LOCALE
 * (e.g. de, for the l10n suite) runs VS Code in that display language with the
 * extension copied beside test/l10n/fixtures/<locale>/ (./locale.ts).
 */
const SUITE = process.env.SEQERA_HARNESS_SUITE || 'integration';
const ENTRY = process.env.SEQERA_HARNESS_ENTRY || path.join('out', 'test', 'integration', 'index.js');
/** Marks the suite's console lines among the workbench's log (test/shared/consolePrefix.ts). */
const TEST_OUTPUT = '@@SEQERA-TEST-OUT ';
/** Workbench log of an offline machine, shown in verbose mode only if not this. */
const NOISE = /ENOTFOUND|EAI_AGAIN|getaddrinfo|marketplace|gallery|update\.code\.visualstudio|vscode-unpkg|telemetry|Failed to fetch|ERR_NAME_NOT_RESOLVED|ERR_INTERNET_DISCONNECTED/i;

interface Outcome {
  code: number;
  why?: string;
}

async function main(): Promise<number> {
  if (process.env.SEQERA_TEST_ELECTRON === '1') {
    const { runElectron } = await import('./runElectron');
    return runElectron();
  }
  let inst: Install;
  try {
    inst = await ensureInstalled();
  } catch (e) {
    console.error(e instanceof MissingPackageError || e instanceof InstallError ? e.message : `Cannot install VS Code for the tests: ${String(e)}`);
    return e instanceof InstallInterruptedError ? exitCodeFor(e.signal) : 1;
  }

  const extensionId = readExtensionId();
  const timeoutS = Number(process.env.SEQERA_TEST_TIMEOUT_SECONDS) || 600;
  const verbose = process.env.SEQERA_TEST_VERBOSE === '1';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-vscode-test-'));
  let server: VsCodeServer | undefined;
  let workbench: OpenWorkbench | undefined;
  let probe: WorkbenchProbe | undefined;
  let resultSeen = false;
  const cleanup = async (): Promise<void> => {
    await workbench?.close();
    await probe?.close();
    await server?.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  const onSignal = (sig: NodeJS.Signals): void => {
    void cleanup().finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const print = (line: string): void => {
    if (line.includes(RESULT_MARKER) && isOurResult(line)) resultSeen = true;
    console.log(line);
  };

  let outcome: Outcome;
  try {
    const dirs = prepareDirs(tmp);
    createTestPki(dirs.pki);
    const locale = process.env.SEQERA_TEST_LOCALE ? prepareLocale(process.env.SEQERA_TEST_LOCALE, repoRoot(), dirs.userData, tmp) : undefined;
    probe = await startProbe();
    const started = Date.now();
    server = await startServer(inst, dirs, {
      env: { ...serverEnv(dirs.pki), [PROBE_ENV]: probe.url },
      extraArgs: locale?.serverArgs,
      startTimeoutMs: 120_000,
      onLine: (line) => {
        if (verbose && !NOISE.test(line)) console.log(`[server] ${line}`);
      },
    });
    if (verbose) console.log(`[harness] server up on port ${server.port} after ${Date.now() - started} ms`);

    let exitWith: (code: number) => void = () => undefined;
    const testsExited = new Promise<number>((resolve) => (exitWith = resolve));
    workbench = await openWorkbench(inst, workbenchUrl(server.port, dirs.workspace, locale), {
      onLog: (_level, text) => {
        for (const line of text.split('\n')) {
          if (line.startsWith(TEST_OUTPUT)) print(line.slice(TEST_OUTPUT.length));
          else if (verbose ? !NOISE.test(text) : line.includes(extensionId)) print(`[workbench] ${line}`);
        }
      },
      onExit: (code) => exitWith(code),
      onPageError: (e) => {
        if (verbose) console.log(`[page error] ${e.message}`);
      },
      onPage: (page) => probe?.attach(page),
    });

    outcome = await judge(testsExited, server.extensionHostFailure, timeoutS, () => resultSeen);
  } catch (e) {
    outcome = { code: 1, why: e instanceof Error ? e.message : String(e) };
  }

  if (outcome.why) {
    console.error(`Integration run failed: ${outcome.why}`);
    const tail = (server?.tail() ?? []).filter((l) => l.trim() && !NOISE.test(l));
    if (tail.length && !verbose) console.error(`Last lines of the VS Code server:\n  ${tail.join('\n  ')}`);
  }
  await cleanup();
  return outcome.code === 0 ? 0 : outcome.code > 0 ? outcome.code : 1;
}

/**
 * The suite passed only if the workbench reported 0, the suite printed its result
 * line and no extension host died otherwise. A failed suite makes its host exit
 * with the same code the workbench reports: that is a plain failure, not a crash.
 */
async function judge(
  testsExited: Promise<number>,
  hostFailure: Promise<HostExit>,
  timeoutS: number,
  resultSeen: () => boolean,
): Promise<Outcome> {
  let timer: NodeJS.Timeout | undefined;
  const first = await Promise.race([
    testsExited.then((code) => ({ kind: 'reported' as const, code })),
    hostFailure.then((exit) => ({ kind: 'hostExit' as const, exit })),
    new Promise<{ kind: 'timeout' }>((resolve) => (timer = setTimeout(() => resolve({ kind: 'timeout' }), timeoutS * 1000))),
  ]);
  clearTimeout(timer);
  if (first.kind === 'timeout') return { code: 1, why: `timed out after ${timeoutS} s` };
  const reported = first.kind === 'reported' ? first.code : await within(testsExited, 3000);
  const exit = first.kind === 'hostExit' ? first.exit : await within(hostFailure, 1000);
  if (exit && (exit.signal !== null || exit.code !== reported)) return { code: exit.code || 1, why: exit.text };
  if (reported === undefined) return { code: 1, why: 'the workbench never reported the end of the tests' };
  if (!resultSeen()) return { code: 1, why: `the suite printed no ${RESULT_MARKER} line (no test ran?)` };
  return { code: reported };
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, delay(ms).then(() => undefined)]);
}

interface Dirs {
  serverData: string;
  userData: string;
  extensions: string;
  workspace: string;
  /** Test certificate authorities (test/shared/testPki.ts). */
  pki: string;
}

function prepareDirs(tmp: string): Dirs {
  const dirs: Dirs = {
    serverData: path.join(tmp, 'server-data'),
    userData: path.join(tmp, 'user-data'),
    extensions: path.join(tmp, 'extensions'),
    workspace: path.join(tmp, 'workspace'),
    pki: path.join(tmp, 'pki'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  writeUserSettings(dirs.userData, QUIET_WORKBENCH_SETTINGS);
  return dirs;
}

/**
 * The extension host inherits the server's environment: SEQERA_TEST_GREP reaches the suite this way, and
 * so does the test CA of the network suite that stands for the OS certificate store.
 */
function serverEnv(pkiDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, SEQERA_TEST_LOG_PREFIX: TEST_OUTPUT, ...testPkiEnv(pkiDir) };
  delete env.NODE_OPTIONS; // the Node 20 options of the caller do not belong to Node 24
  delete env.NODE_EXTRA_CA_CERTS; // the network suite proves which CA is trusted how
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

function workbenchUrl(port: number, workspace: string, locale?: LocaleSetup): string {
  const authority = `127.0.0.1:${port}`;
  const remote = (p: string): string => `vscode-remote://${authority}${p}`;
  const root = repoRoot();
  const payload = [
    ['extensionDevelopmentPath', remote(locale?.extensionPath ?? root)],
    ['extensionTestsPath', remote(path.resolve(root, ENTRY))],
    ['skipWelcome', 'true'],
  ];
  return `http://${authority}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

function readExtensionId(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { publisher?: string; name?: string };
  return `${pkg.publisher}.${pkg.name}`;
}

function isOurResult(line: string): boolean {
  try {
    const parsed = JSON.parse(line.slice(line.indexOf(RESULT_MARKER) + RESULT_MARKER.length).trim()) as { suite?: unknown };
    return parsed.suite === SUITE;
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

// A caller that died on Ctrl+C closes our pipes: cleaning up must still finish.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
