import { launchChromium } from '../../test/harness/browser';
import type { Install } from '../../test/harness/install';
import { rowIconExpression, type RowIcon } from '../../test/shared/rowIcon';

/**
 * Drives the demo's browser VS Code in headless Chromium (playwright-core from
 * the harness install) for `npm run demo -- --smoke` and `npm run screenshots`:
 * only what a user does with the mouse and keyboard, no test hooks. These are
 * the few playwright shapes used.
 */
export interface Locator {
  click(options?: { button?: 'left' | 'right'; timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  hover(options?: { timeout?: number }): Promise<void>;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  filter(options: { hasText?: string | RegExp; has?: Locator }): Locator;
  locator(selector: string): Locator;
  first(): Locator;
  nth(index: number): Locator;
  count(): Promise<number>;
  isVisible(): Promise<boolean>;
  innerText(options?: { timeout?: number }): Promise<string>;
  getAttribute(name: string, options?: { timeout?: number }): Promise<string | null>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
}
export interface Page {
  goto(url: string, options?: { waitUntil?: 'commit' | 'load'; timeout?: number }): Promise<unknown>;
  locator(selector: string): Locator;
  keyboard: { press(key: string): Promise<void>; type(text: string, options?: { delay?: number }): Promise<void> };
  mouse: {
    move(x: number, y: number, options?: { steps?: number }): Promise<void>;
    down(): Promise<void>;
    up(): Promise<void>;
  };
  screenshot(options: { path: string }): Promise<unknown>;
  waitForFunction(fn: string, arg?: unknown, options?: { timeout?: number; polling?: number }): Promise<unknown>;
  evaluate(expression: string): Promise<unknown>;
  on(event: 'pageerror', fn: (e: Error) => void): void;
}
export interface Browser {
  newPage(options?: { viewport?: { width: number; height: number }; deviceScaleFactor?: number }): Promise<Page>;
  close(): Promise<void>;
}

export const VIEWPORT = { width: 1280, height: 800 } as const;
const LONG = 120_000;

export async function openBrowser(install: Install): Promise<Browser> {
  return launchChromium<Browser>(install);
}

/** Opens the workbench and waits until the Explorer shows the demo folder. */
export async function openWorkbench(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(url, { waitUntil: 'load', timeout: LONG });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: LONG });
  await explorerRow(page, 'environment.yml').waitFor({ state: 'visible', timeout: LONG });
  return page;
}

function notification(page: Page, text: string | RegExp): Locator {
  return page.locator('.notification-toast').filter({ hasText: text });
}

/** Waits for the extension's offer to sign in with TOWER_ACCESS_TOKEN; returns its text as the user reads it. */
export async function waitForEnvTokenOffer(page: Page): Promise<string> {
  const offer = notification(page, 'TOWER_ACCESS_TOKEN').first();
  await offer.waitFor({ state: 'visible', timeout: LONG });
  return (await offer.locator('.notification-list-item-message').innerText()).trim();
}

/** Clicks "Sign In" on that offer, then waits for the extension's greeting and returns it. */
export async function acceptEnvTokenOffer(page: Page): Promise<string> {
  const offer = notification(page, 'TOWER_ACCESS_TOKEN').first();
  await offer.locator('.monaco-button').filter({ hasText: /^Sign In$/ }).click();
  const greeting = notification(page, /Signed in to .* as /).first();
  await greeting.waitFor({ state: 'visible', timeout: LONG });
  return (await greeting.locator('.notification-list-item-message').innerText()).trim();
}

/** Runs a command by its title through the command palette (F1), as a user would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await page.keyboard.type(title);
  const item = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  await item.click();
}

export async function clearNotifications(page: Page): Promise<void> {
  await runCommand(page, 'Notifications: Clear All Notifications');
  await page.locator('.notification-toast').first().waitFor({ state: 'detached', timeout: 10_000 });
}

/** Opens the Seqera container from the activity bar. */
export async function showSeqera(page: Page): Promise<void> {
  await page.locator('.part.activitybar .action-item .action-label[aria-label^="Seqera"]').first().click();
  await viewPane(page, 'Workspaces').waitFor({ state: 'visible', timeout: 30_000 });
}

export async function showExplorer(page: Page): Promise<void> {
  await page.locator('.part.activitybar .action-item .action-label[aria-label^="Explorer"]').first().click();
}

/** The pane of a view in the sidebar, by its title. */
export function viewPane(page: Page, title: string): Locator {
  return page
    .locator('.part.sidebar .pane')
    .filter({ has: page.locator('.pane-header h3.title').filter({ hasText: new RegExp(`^${title}$`) }) })
    .first();
}

/** A row of a view's tree whose label is exactly `label` (or matches it). */
export function treeRow(page: Page, view: string, label: string | RegExp): Locator {
  const exact = typeof label === 'string' ? new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) : label;
  return viewPane(page, view)
    .locator('.monaco-list-row')
    .filter({ has: page.locator('.label-name').filter({ hasText: exact }) })
    .first();
}

export function explorerRow(page: Page, name: string): Locator {
  return page.locator(`.explorer-folders-view .monaco-list-row[aria-label=${JSON.stringify(name)}]`).first();
}

/** Waits for a view to show a row; the view's pane is expanded first when collapsed. */
export async function waitForRow(page: Page, view: string, label: string | RegExp, timeout = LONG): Promise<Locator> {
  const pane = viewPane(page, view);
  const header = pane.locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  const row = treeRow(page, view, label);
  await row.waitFor({ state: 'visible', timeout });
  return row;
}

/** The text of the extension's endpoint item in the status bar (empty while it is hidden). */
export async function endpointStatusText(page: Page): Promise<string> {
  const item = page.locator('.part.statusbar [aria-label^="Seqera endpoint"]');
  return (await item.count()) ? (await item.first().innerText()).trim() : '';
}

/** The texts of the notifications on screen, for a failure report. */
export async function notificationTexts(page: Page): Promise<string[]> {
  const toasts = page.locator('.notification-toast .notification-list-item-message');
  const out: string[] = [];
  for (let i = 0; i < (await toasts.count()); i++) out.push((await toasts.nth(i).innerText()).trim());
  return out;
}

/**
 * Waits until the tree row `label` shows an icon of kind `want` (an image only once Chromium decoded it);
 * fails saying what it shows instead.
 */
export async function waitForRowIcon(page: Page, label: string, want: RowIcon['kind'], timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    const icon = (await page.evaluate(rowIconExpression(label))) as RowIcon;
    if (icon.kind === want) return;
    if (Date.now() > end) throw new Error(`the row ${label} shows ${JSON.stringify(icon)}, not a ${want} icon`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Drags the sidebar's edge so it is `width` pixels wide (room for the Studios' descriptions). */
export async function setSidebarWidth(page: Page, width: number): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width + 1, y, { steps: 8 });
  await page.mouse.up();
}

/** Expands (or collapses) a tree row by clicking its twistie. */
export async function toggleRow(row: Locator): Promise<void> {
  await row.locator('.monaco-tl-twistie').click();
}

/** Expands or collapses a view's pane in the sidebar. */
export async function setPaneExpanded(page: Page, title: string, expanded: boolean): Promise<void> {
  const header = viewPane(page, title).locator('.pane-header');
  if (((await header.getAttribute('aria-expanded')) === 'true') !== expanded) await header.click();
}
