import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { createTestPki, testPkiEnv } from '../shared/testPki';
import { repoRoot } from './install';

/**
 * The desktop route (SEQERA_TEST_ELECTRON=1 npm test): @vscode/test-electron downloads
 * a desktop VS Code (needs the internet) and runs the same compiled suite in it.
 */
export async function runElectron(): Promise<number> {
  const root = repoRoot();
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-vscode-test-ws-'));
  try {
    const pki = path.join(workspace, '.pki');
    createTestPki(pki);
    await runTests({
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'out', 'test', 'integration', 'index.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome'],
      extensionTestsEnv: { ...testPkiEnv(pki), ...(process.env.SEQERA_TEST_GREP ? { SEQERA_TEST_GREP: process.env.SEQERA_TEST_GREP } : {}) },
    });
    return 0;
  } catch (e) {
    console.error(`Integration run in desktop VS Code failed: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
