import * as fs from 'node:fs';
import * as path from 'node:path';
import { exitCodeFor, InstallError, InstallInterruptedError, MissingPackageError } from '../../test/harness/install';
import { startDemo } from './environment';
import {
  acceptEnvTokenOffer,
  clearNotifications,
  explorerRow,
  openBrowser,
  openWorkbench,
  runCommand,
  setPaneExpanded,
  setSidebarWidth,
  showExplorer,
  showSeqera,
  toggleRow,
  treeRow,
  waitForEnvTokenOffer,
  waitForRow,
  waitForRowIcon,
  type Page,
} from './workbench';

/**
 * `npm run screenshots`: the README's pictures, taken from the real UI of the
 * demo (the packaged extension in the tests' VS Code, against the emulator) by
 * headless Chromium at 1280×800, into docs/images/. Each shot waits for what
 * it shows; a missing element fails the run instead of taking a wrong picture.
 */
const SIDEBAR_WIDTH = 430;
/** VS Code's default sidebar width, where #17.2 found the status cut off. */
const NARROW_SIDEBAR_WIDTH = 300;

/**
 * In the page: the sidebar is at most `width` px wide, the row of Studio `name` leads with a live step
 * ("Mounting data links (2/4)") and at least the step's first word is drawn before the ellipsis. (A long
 * name leaves the rest of the step to the ellipsis and the tooltip: at 300 px there is room for about 16
 * characters after a 15-character name.)
 */
const STEP_NOT_HIDDEN = `({ name, width }) => {
  const sidebar = document.querySelector('.part.sidebar');
  if (!sidebar || sidebar.getBoundingClientRect().width > width + 2) return false;
  const row = [...sidebar.querySelectorAll('.monaco-list-row')].find((r) => r.querySelector('.label-name')?.textContent === name);
  const desc = row?.querySelector('.label-description');
  const text = desc?.firstChild;
  const m = /^[A-Z][a-z]+(?=[^(]* \\(\\d+\\/\\d+\\))/.exec(desc?.textContent ?? '');
  if (!text || !m) return false;
  let clip = desc;
  while (clip && clip !== row && getComputedStyle(clip).textOverflow !== 'ellipsis') clip = clip.parentElement;
  const box = (clip && clip !== row ? clip : desc).getBoundingClientRect();
  const range = document.createRange();
  range.setStart(text, 0);
  range.setEnd(text, m[0].length);
  const ellipsis = 12;
  return range.getBoundingClientRect().right + ellipsis <= Math.min(box.right, sidebar.getBoundingClientRect().right);
}`;

interface Shot {
  file: string;
  what: string;
}

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..', '..', '..');
  const outDir = path.join(root, 'docs', 'images');
  fs.mkdirSync(outDir, { recursive: true });
  // `npm run screenshots -- studios` retakes only the shots whose file name contains "studios".
  const only = process.argv.slice(2);
  // Frozen clock: the seeded Studios stay in their states (starting, stopping,
  // building…) until the Wave build below sets it going.
  const demo = await startDemo({ root, vsix: path.join(root, 'seqera-vscode.vsix'), port: 0, speed: 0, log: console.log });
  const browser = await openBrowser(demo.install);
  const taken: Shot[] = [];
  let page: Page | undefined;
  const shoot = async (file: string, what: string, keepHover = false): Promise<void> => {
    if (only.length && !only.some((o) => file.includes(o))) return;
    if (!keepHover) {
      // No hover highlight or tooltip from the last click in the picture.
      await page!.mouse.move(880, 300);
      await page!.locator('.workbench-hover-container').first().waitFor({ state: 'hidden', timeout: 10_000 });
    }
    await page!.screenshot({ path: path.join(outDir, file) });
    taken.push({ file, what });
    console.log(`docs/images/${file}: ${what}`);
  };
  try {
    page = await openWorkbench(browser, demo.url);
    await setSidebarWidth(page, SIDEBAR_WIDTH);
    await page.mouse.move(880, 300); // off the sash, so its highlight has faded by the first shot
    await showSeqera(page);
    await waitForEnvTokenOffer(page);
    await shoot('sign-in-offer.png', 'the offer to sign in with TOWER_ACCESS_TOKEN (what npm run demo shows first)');
    await acceptEnvTokenOffer(page);
    await clearNotifications(page);

    // Workspaces with the active one, and the Studios of genomics-core / rnaseq in every state.
    const org = await waitForRow(page, 'Workspaces', 'genomics-core');
    if ((await org.getAttribute('aria-expanded')) === 'false') await toggleRow(org);
    await waitForRow(page, 'Workspaces', 'rnaseq');
    for (const name of ['rnaseq-explore', 'deseq2-analysis', 'salmon-benchmark', 'pydeseq2-env', 'custom-env', 'igv-review', 'qc-notebook']) {
      await waitForRow(page, 'Studios', name);
    }
    // #17.10: every organization row has its icon: the seeded logos (an SVG and a PNG) decoded, community the codicon.
    await waitForRowIcon(page, 'genomics-core', 'image');
    await waitForRowIcon(page, 'structural-bio', 'image');
    await waitForRowIcon(page, 'community', 'codicon');
    await shoot('studios.png', 'Workspaces and the Studios of a workspace in several states');

    // #17.2: at the default sidebar width (about 300 px) every row leads with its status, and a starting Studio
    // with its live step and place. Waits until the row says so and the step is drawn, not hidden.
    await setSidebarWidth(page, NARROW_SIDEBAR_WIDTH);
    await treeRow(page, 'Studios', 'deseq2-analysis').locator('.label-description').filter({ hasText: /^[A-Z][^(]+ \(\d+\/\d+\)/ }).waitFor({ state: 'visible', timeout: 30_000 });
    // A string is evaluated as an expression (a function in it is not called): the call is written out.
    const stepShown = `(${STEP_NOT_HIDDEN})(${JSON.stringify({ name: 'deseq2-analysis', width: NARROW_SIDEBAR_WIDTH })})`;
    await page.waitForFunction(stepShown, undefined, { timeout: 30_000 });
    await shoot('studios-300px.png', 'the Studios at the default 300 px sidebar: status first, the live step of a starting Studio');
    await setSidebarWidth(page, SIDEBAR_WIDTH);

    // A Studio's checkpoints: qc-notebook has four, by three authors, one invalid.
    await setPaneExpanded(page, 'Workspaces', false); // room for the list
    await setPaneExpanded(page, 'Wave Builds', false);
    const studio = await waitForRow(page, 'Studios', 'qc-notebook');
    await toggleRow(studio);
    for (const name of ['broken-kernel', 'multiqc-v2', 'after-trimming', 'initial-qc']) await waitForRow(page, 'Studios', name);
    await shoot('checkpoints.png', "a stopped Studio's checkpoint list expanded");

    // The explorer's context menu on the Dockerfile.
    await showExplorer(page);
    await explorerRow(page, 'Dockerfile').click({ button: 'right' });
    const menuItem = page.locator('.context-view .action-item .action-label').filter({ hasText: /^Build with Wave$/ }).first();
    await menuItem.waitFor({ state: 'visible', timeout: 30_000 });
    await menuItem.hover();
    await shoot('build-with-wave-menu.png', 'the explorer right-click menu with Build with Wave', true);

    // The build: the emulator's clock runs (10x) so it is done in seconds; "Show Log" opens the channel.
    demo.emulator.clock.setSpeed(10);
    await menuItem.click();
    const done = page.locator('.notification-toast').filter({ hasText: /Wave (built|reused a cached build)/ }).first();
    await done.waitFor({ state: 'visible', timeout: 180_000 });
    await done.locator('.monaco-button').filter({ hasText: /^Show Log$/ }).click();
    await page.locator('.part.panel .monaco-editor .view-line').filter({ hasText: /Built|DONE/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await runCommand(page, 'View: Toggle Maximized Panel'); // room for the log
    await showSeqera(page);
    await setPaneExpanded(page, 'Wave Builds', true);
    await setPaneExpanded(page, 'Studios', false);
    const build = await waitForRow(page, 'Wave Builds', /Dockerfile/);
    await toggleRow(build);
    await waitForRow(page, 'Wave Builds', /Build log|log/i);
    await shoot('wave-build-log.png', 'a finished Wave build: its log in the output channel, the Wave Builds view');
  } catch (e) {
    if (page) await page.screenshot({ path: path.join(root, '.demo', 'screenshots-failure.png') }).catch(() => undefined);
    throw e;
  } finally {
    await browser.close().catch(() => undefined);
    await demo.stop();
  }
  console.log(`${taken.length} screenshot(s) in docs/images (1280×800).`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    // The install's own errors say everything (and no browser ran yet).
    if (e instanceof InstallError || e instanceof MissingPackageError) console.error(e.message);
    else console.error(`Screenshots failed: ${e instanceof Error ? e.message : String(e)} (what the browser showed: .demo/screenshots-failure.png)`);
    process.exit(e instanceof InstallInterruptedError ? exitCodeFor(e.signal) : 1);
  },
);
