import * as fs from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type Emulator } from '../../test/emulator';
import { ensureInstalled, processAlive, type Install } from '../../test/harness/install';
import { startServer, type VsCodeServer } from '../../test/harness/server';
import { QUIET_WORKBENCH_SETTINGS, writeMachineSettings, writeUserSettings } from '../../test/harness/userSettings';
import { writeSampleWorkspace } from './sampleWorkspace';

/**
 * Everything the demo and the screenshots run on: the local Seqera Platform +
 * Wave emulator on a real clock, and the same VS Code server the integration
 * tests use, started as an ordinary browser VS Code (no smoke-test driver) with
 * the packaged extension (.vsix) installed into a fresh extensions folder, user
 * settings pointing the extension at the emulator, and the emulator's token in
 * TOWER_ACCESS_TOKEN so the extension offers to sign in with it.
 */
export interface DemoOptions {
  /** Repository root (holds .demo/). */
  root: string;
  /** The packaged extension to install. */
  vsix: string;
  /** VS Code's port; 0 = any free port. */
  port: number;
  /** Emulator clock multiplier (Studio starts, Wave builds). */
  speed: number;
  log(line: string): void;
  /** Also print the VS Code server's own output. */
  verbose?: boolean;
}

export interface DemoEnvironment {
  install: Install;
  emulator: Emulator;
  server: VsCodeServer;
  /** The workbench with the demo folder open. */
  url: string;
  workspace: string;
  /** The workspace TOWER_WORKSPACE_ID names, shown in the offer. */
  workspaceRef: string;
  stop(): Promise<void>;
}

/** The workspace of the seed that holds a Studio in every state. */
export const DEMO_WORKSPACE = { org: 'genomics-core', workspace: 'rnaseq' } as const;

export async function startDemo(options: DemoOptions): Promise<DemoEnvironment> {
  if (!fs.existsSync(options.vsix)) throw new Error(`${options.vsix} is missing: run "npm run package" first (npm run demo does)`);
  const install = await ensureInstalled(options.log);

  const demoDir = path.join(options.root, '.demo');
  const runDir = path.join(demoDir, `run-${process.pid}`);
  const workspace = path.join(demoDir, 'workspace');
  const dirs = {
    serverData: path.join(runDir, 'server-data'),
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
  };
  removeStaleRuns(demoDir);
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true });
  writeSampleWorkspace(workspace);

  let emulator: Emulator | undefined;
  let server: VsCodeServer | undefined;
  const stop = async (): Promise<void> => {
    await server?.stop().catch(() => undefined);
    await emulator?.stop().catch(() => undefined);
    fs.rmSync(runDir, { recursive: true, force: true });
  };
  try {
    emulator = await startEmulator({ clock: 'real', speed: options.speed });
    const workspaceRef = `${DEMO_WORKSPACE.org}/${DEMO_WORKSPACE.workspace}`;
    writeUserSettings(dirs.userData, {
      ...QUIET_WORKBENCH_SETTINGS,
      // The demo folder is generated: keep VS Code from asking about it.
      'git.enabled': false,
      // The room goes to the Seqera views: no chat panel, no AI features.
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'chat.disableAIFeatures': true,
    });
    // The endpoints are machine-scoped: a browser VS Code is a remote window, which
    // ignores machine-scoped values of the user settings and reads them from the
    // server's own settings (shown as "Remote [127.0.0.1:port]" in the Settings editor).
    writeMachineSettings(dirs.userData, {
      'seqera.platformUrl': emulator.platformUrl,
      'seqera.waveUrl': emulator.waveUrl,
    });
    options.log(`Starting VS Code (the one the integration tests use) with ${path.basename(options.vsix)} installed…`);
    server = await startServer(install, dirs, {
      env: serverEnv(emulator, workspaceRef),
      startTimeoutMs: 180_000,
      port: options.port,
      smokeTestDriver: false,
      installExtensions: [options.vsix],
      onLine: (line) => {
        if (options.verbose) options.log(`[vscode] ${line}`);
      },
    });
    const url = `http://127.0.0.1:${server.port}/?folder=${encodeURIComponent(workspace).replace(/%2F/g, '/')}`;
    return { install, emulator, server, url, workspace, workspaceRef, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * The extension host inherits the server's environment: the emulator's token
 * reaches the extension as TOWER_ACCESS_TOKEN (as tw and Nextflow read it).
 * The emulator is on loopback, so no proxy of the caller's may get in the way.
 */
function serverEnv(emulator: Emulator, workspaceRef: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|TOWER_|WAVE_)/i.test(k)));
  delete env.NODE_OPTIONS; // the caller's Node 20 options do not belong to the server's Node 24
  delete env.ELECTRON_RUN_AS_NODE;
  const noProxy = [env.NO_PROXY ?? env.no_proxy, '127.0.0.1', 'localhost'].filter(Boolean).join(',');
  return {
    ...env,
    NO_PROXY: noProxy,
    no_proxy: noProxy,
    TOWER_ACCESS_TOKEN: emulator.token,
    TOWER_API_ENDPOINT: emulator.platformUrl,
    // Org/Workspace, as tw accepts it: the offer then names the workspace.
    TOWER_WORKSPACE_ID: workspaceRef,
  };
}

/** Run folders of demos that ended without cleaning up (killed with SIGKILL). */
function removeStaleRuns(demoDir: string): void {
  if (!fs.existsSync(demoDir)) return;
  for (const name of fs.readdirSync(demoDir)) {
    const m = /^run-(\d+)$/.exec(name);
    if (m && !processAlive(Number(m[1]))) fs.rmSync(path.join(demoDir, name), { recursive: true, force: true });
  }
}

