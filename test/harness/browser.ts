import type { Install } from './install';

/**
 * Headless Debian Chromium driven by playwright-core, which lives in the install
 * folder rather than in the project's dependencies; these few shapes are all
 * the harness uses of it.
 */
interface Page {
  exposeFunction(name: string, fn: (...args: unknown[]) => unknown): Promise<void>;
  on(event: 'pageerror', fn: (e: Error) => void): void;
  goto(url: string, options?: { waitUntil?: 'commit' | 'load'; timeout?: number }): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
}
interface Browser {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}
interface PlaywrightCore {
  chromium: { launch(options: { executablePath: string; headless: boolean; args: string[]; timeout?: number }): Promise<Browser> };
}

export interface WorkbenchCallbacks {
  /** The workbench's own log and the test output (console of the extension host). */
  onLog(type: string, text: string): void;
  /** The extension tests ended with this code (0 = every test passed). */
  onExit(code: number): void;
  onPageError(e: Error): void;
  /** The page, once opened (the tests' workbench probe evaluates in it). */
  onPage?(page: Page): void;
}

export interface OpenWorkbench {
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  // This machine has no internet: without these, Chromium keeps trying to reach Google.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Headless Chromium from the install's playwright-core. `B` is the caller's own
 * description of the few playwright Browser methods it uses (the demo's
 * screenshots use more of them than the test run).
 */
export async function launchChromium<B = Browser>(inst: Install): Promise<B> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const playwright = require(inst.playwrightCore) as PlaywrightCore;
  const browser = await playwright.chromium.launch({
    executablePath: inst.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 120_000,
  });
  return browser as B;
}

export async function openWorkbench(inst: Install, url: string, callbacks: WorkbenchCallbacks): Promise<OpenWorkbench> {
  const browser = await launchChromium(inst);
  try {
    const page = await browser.newPage();
    // The workbench looks these up on window when --enable-smoke-test-driver is on.
    await page.exposeFunction('codeAutomationLog', (type: unknown, args: unknown) => {
      callbacks.onLog(String(type), formatArgs(args));
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => {
      callbacks.onExit(typeof code === 'number' ? code : Number(code));
    });
    page.on('pageerror', (e) => callbacks.onPageError(e));
    callbacks.onPage?.(page);
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  } catch (e) {
    await browser.close().catch(() => undefined);
    throw e;
  }
  return { close: () => browser.close().catch(() => undefined) };
}

function formatArgs(args: unknown): string {
  const list = Array.isArray(args) ? args : [args];
  return list.map((a) => (typeof a === 'string' ? a : safeJson(a))).join(' ');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
