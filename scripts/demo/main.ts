import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { exitCodeFor, InstallInterruptedError, MissingPackageError } from '../../test/harness/install';
import { startDemo, type DemoEnvironment } from './environment';
import { acceptEnvTokenOffer, endpointStatusText, notificationTexts, waitForEnvTokenOffer, type Page, openBrowser, openWorkbench, showSeqera, waitForRow } from './workbench';

/**
 * `npm run demo [-- --port N] [--no-open] [--speed X] [--smoke] [--verbose]`
 * (through scripts/demo.mjs, which installs, packages and compiles first).
 * Runs until Ctrl+C; with --smoke, checks the demo in headless Chromium and exits 0/1.
 */
const USAGE = `usage: npm run demo -- [--port N] [--no-open] [--speed X] [--smoke] [--verbose]
  --port N     VS Code's port on 127.0.0.1 (default 8080; 0 = any free port)
  --no-open    only print the URL, do not open a browser
  --speed X    emulator clock multiplier (default 5: a Studio starts in about 10 s)
  --smoke      start, check in headless Chromium that the workbench loads, the sign-in offer
               works and the Seqera views show the emulator's data, then stop (exit 0/1)
  --verbose    also print the VS Code server's own log`;

interface Args {
  port: number;
  open: boolean;
  speed: number;
  smoke: boolean;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { port: 8080, open: true, speed: 5, smoke: false, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): number => {
      const n = Number(argv[++i]);
      if (!Number.isFinite(n) || n < 0) throw new Error(`${a} needs a non-negative number\n${USAGE}`);
      return n;
    };
    if (a === '--port') args.port = value();
    else if (a === '--speed') args.speed = value() || 1;
    else if (a === '--no-open') args.open = false;
    else if (a === '--smoke') args.smoke = true;
    else if (a === '--verbose') args.verbose = true;
    else if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unexpected argument '${a}'\n${USAGE}`);
  }
  if (args.smoke) args.port = 0; // never collide with a demo that is already running
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  const repo = root();
  if (args.port && !(await portFree(args.port))) {
    throw new Error(`port ${args.port} is in use (another demo?): npm run demo -- --port 0 picks a free one`);
  }
  const log = (line: string): void => console.log(line);
  const demo = await startDemo({
    root: repo,
    vsix: path.join(repo, 'seqera-vscode.vsix'),
    port: args.port,
    speed: args.speed,
    verbose: args.verbose,
    log,
  });
  let stopping: Promise<void> | undefined;
  const stop = async (code: number): Promise<never> => {
    if (!stopping) {
      console.log('Stopping VS Code and the emulator…');
      stopping = demo.stop();
    }
    await stopping;
    process.exit(code);
  };
  // Ctrl+C may arrive twice (from the terminal and forwarded by scripts/demo.mjs): stop once.
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  // A server that dies on its own ends the demo too.
  void demo.server.exited.then(() => {
    if (stopping === undefined) {
      console.error('The VS Code server stopped.');
      void stop(1);
    }
  });

  if (args.smoke) return stop(await smoke(demo));
  printWelcome(demo, args);
  if (args.open) openInBrowser(demo.url);
  return new Promise<number>(() => undefined); // until Ctrl+C
}

function printWelcome(demo: DemoEnvironment, args: Args): void {
  const { emulator } = demo;
  console.log(`
Seqera for VS Code is running against a local Seqera Platform + Wave emulator.

  Open VS Code:  ${demo.url}

  Platform API:  ${emulator.platformUrl}   (emulated, seeded account "jsmith", clock ${args.speed}x)
  Wave:          ${emulator.waveUrl}
  Token:         ${emulator.token}
  Folder:        ${path.relative(process.cwd(), demo.workspace) || demo.workspace}  (regenerated on every run)

In VS Code:
  1. Click Seqera in the activity bar. A notification offers to sign in with TOWER_ACCESS_TOKEN and open
     workspace ${demo.workspaceRef}: click "Sign In". (Or run "Seqera: Sign In" and paste the token above.)
  2. The Seqera views show your workspaces, the Studios of ${demo.workspaceRef} (one in every state,
     checkpoints under each; start or stop one from its menu) and your Wave builds.
  3. Right-click environment.yml or Dockerfile in the Explorer > "Build with Wave": the log streams into
     the output panel.

Press Ctrl+C to stop.`);
}

/** The checks of --smoke, as a user would see them. Returns the exit code. */
async function smoke(demo: DemoEnvironment): Promise<number> {
  const started = Date.now();
  const step = (what: string): void => console.log(`[smoke] ${((Date.now() - started) / 1000).toFixed(1)} s  ${what}`);
  const browser = await openBrowser(demo.install);
  let page: Page | undefined;
  try {
    page = await openWorkbench(browser, demo.url);
    step('workbench loaded with the demo folder');
    // The extension activates when one of its views is first shown.
    await showSeqera(page);
    step('Seqera view opened');
    const offer = await waitForEnvTokenOffer(page);
    step(`offer: "${offer}"`);
    // The extension must already use the emulator from the settings the demo wrote, not Cloud.
    const endpoint = await endpointStatusText(page);
    const emulatorHost = new URL(demo.emulator.platformUrl).host;
    if (!endpoint.includes(emulatorHost)) throw new Error(`the status bar shows the endpoint "${endpoint}", not the emulator's ${emulatorHost}`);
    step(`status bar endpoint: ${endpoint}`);
    step(`clicked Sign In: "${await acceptEnvTokenOffer(page)}"`);
    await waitForRow(page, 'Workspaces', 'genomics-core');
    step('Workspaces view lists the organization genomics-core');
    await waitForRow(page, 'Studios', 'rnaseq-explore');
    step('Studios view lists rnaseq-explore');
    console.log('[smoke] passed');
    return 0;
  } catch (e) {
    console.error(`[smoke] failed: ${e instanceof Error ? e.message : String(e)}`);
    if (page) {
      const shot = path.join(root(), '.demo', 'smoke-failure.png');
      await page.screenshot({ path: shot }).catch(() => undefined);
      console.error(`What the browser showed: ${shot}`);
      for (const n of await notificationTexts(page)) console.error(`Notification: ${n}`);
    }
    const tail = demo.server.tail().filter((l) => l.trim());
    if (tail.length) console.error(`Last lines of the VS Code server:\n  ${tail.join('\n  ')}`);
    return 1;
  } finally {
    await browser.close().catch(() => undefined);
  }
}

function root(): string {
  return path.resolve(__dirname, '..', '..', '..');
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

function openInBrowser(url: string): void {
  const [cmd, ...args] =
    process.platform === 'darwin' ? ['open', url] : process.platform === 'win32' ? ['cmd', '/c', 'start', '""', url] : ['xdg-open', url];
  try {
    const child = spawn(cmd, args, { detached: true, stdio: 'ignore' });
    child.on('error', () => console.log('(No browser could be opened here: open the URL above yourself.)'));
    child.unref();
  } catch {
    /* printed URL is enough */
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof MissingPackageError || e instanceof Error ? e.message : String(e));
    process.exit(e instanceof InstallInterruptedError ? exitCodeFor(e.signal) : 1);
  },
);
