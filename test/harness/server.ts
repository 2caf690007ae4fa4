import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import type { Install } from './install';

/**
 * VS Code's own server (server-main.js inside code-server), run with Node 24 in a
 * process group of its own so that stopping it also ends its extension hosts.
 */
export interface VsCodeServer {
  readonly port: number;
  /** Resolves when an extension host exits other than with code 0 (a failed suite exits with 1). */
  readonly extensionHostFailure: Promise<HostExit>;
  /** The last lines the server printed, for a failure report. */
  tail(): string[];
  /** Resolves when the server process has exited (stopped, or died on its own). */
  readonly exited: Promise<void>;
  stop(): Promise<void>;
}

export interface HostExit {
  code: number | null;
  signal: string | null;
  /** The server's own words, for the report. */
  text: string;
}

export interface ServerDirs {
  serverData: string;
  userData: string;
  extensions: string;
}

const LISTENING = /Extension host agent listening on (\d+)/;
const HOST_EXIT = /Extension Host Process exited with code: (\S+?),? signal: (\S+?)\.?$/m;
const TAIL_LINES = 60;

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

export interface ServerOptions {
  env: NodeJS.ProcessEnv;
  startTimeoutMs: number;
  onLine?: (line: string) => void;
  /** Default: a free loopback port. */
  port?: number;
  /**
   * Default true (the test run): the workbench then honours the URL's development
   * payload and reports to codeAutomationExit. The demo turns it off for an
   * ordinary browser VS Code.
   */
  smokeTestDriver?: boolean;
  /** Packaged extensions (.vsix) the server installs into its extensions dir before serving. */
  installExtensions?: string[];
  /** More arguments for the server (e.g. `--locale de`). */
  extraArgs?: string[];
}

export async function startServer(inst: Install, dirs: ServerDirs, options: ServerOptions): Promise<VsCodeServer> {
  const port = options.port || (await freePort());
  const install = (options.installExtensions ?? []).flatMap((vsix) => ['--install-extension', vsix]);
  const args = [
    inst.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    // Without it a built workbench ignores the development payload of the URL.
    ...(options.smokeTestDriver === false ? [] : ['--enable-smoke-test-driver']),
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--server-data-dir', dirs.serverData,
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    // --start-server keeps serving once the extensions are installed.
    ...(install.length ? [...install, '--force', '--start-server'] : []),
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(inst.node, args, { env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let onListening: (() => void) | undefined;
  let onFailure: ((exit: HostExit) => void) | undefined;
  const extensionHostFailure = new Promise<HostExit>((resolve) => (onFailure = resolve));

  const onLine = (line: string): void => {
    lines.push(line);
    if (lines.length > TAIL_LINES) lines.shift();
    options.onLine?.(line);
    if (LISTENING.test(line)) onListening?.();
    const exit = HOST_EXIT.exec(line);
    if (exit && !(exit[1] === '0' && exit[2] === 'null')) {
      const code = exit[1] === 'null' ? null : Number(exit[1]);
      const signal = exit[2] === 'null' ? null : exit[2];
      onFailure?.({ code, signal, text: `Extension Host Process exited with code: ${code}, signal: ${signal}` });
    }
  };
  splitLines(child, onLine);

  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const server: VsCodeServer = {
    port,
    extensionHostFailure,
    tail: () => [...lines],
    exited,
    stop: () => stopGroup(child, exited),
  };

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`VS Code server did not start within ${options.startTimeoutMs / 1000} s`)), options.startTimeoutMs);
    onListening = () => {
      clearTimeout(timer);
      resolve();
    };
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`VS Code server exited before listening (code ${code}, signal ${signal})`));
    });
  }).catch(async (e: unknown) => {
    await server.stop();
    throw e;
  });
  return server;
}

function splitLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        onLine(buffered.slice(0, nl).trimEnd());
        buffered = buffered.slice(nl + 1);
      }
    });
  }
}

/** SIGTERM to the whole process group, SIGKILL after a grace period. */
async function stopGroup(child: ChildProcess, exited: Promise<void>): Promise<void> {
  const pid = child.pid;
  if (pid === undefined) return;
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      /* already gone */
    }
  };
  if (child.exitCode === null && child.signalCode === null) {
    signal('SIGTERM');
    const grace = new Promise<boolean>((r) => setTimeout(() => r(false), 5000).unref());
    if (!(await Promise.race([exited.then(() => true), grace]))) signal('SIGKILL');
  }
  // Extension hosts may outlive the server by a moment; make sure the group is gone.
  signal('SIGKILL');
}
