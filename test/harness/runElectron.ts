import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from './install';

/**
 * The desktop route (SEQERA_TEST_ELECTRON=1 npm test): @vscode/test-electron downloads
 * a desktop VS Code (needs the internet) and runs the same compiled suite in it.
 */
export async function runElectron(): Promise<number> {
  const root = repoRoot();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-vscode-test-ws-'));
  try {
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
      extensionTestsEnv: process.env.SEQERA_TEST_GREP ? { SEQERA_TEST_GREP: process.env.SEQERA_TEST_GREP } : undefined,
    });
    return 0;
  } catch (e) {
    console.error(`Integration run in desktop VS Code failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
