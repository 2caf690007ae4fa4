import * as path from 'node:path';
import { prefixConsole } from '../shared/consolePrefix';
import { findTestFiles, runMocha } from '../shared/mochaRunner';

/**
 * Entry of the integration suite, loaded by VS Code as `extensionTestsPath`.
 * The same compiled module serves the code-server harness (test/harness) and
 * @vscode/test-electron on a desktop. It rejects when any test fails, which
 * VS Code turns into a non-zero exit code.
 */
export async function run(): Promise<void> {
  const restoreConsole = prefixConsole(process.env.SEQERA_TEST_LOG_PREFIX);
  try {
    const files = findTestFiles(__dirname).filter((f) => path.basename(f) !== 'index.js');
    const result = await runMocha({
      suite: 'integration',
      files,
      timeoutMs: 60_000,
      grep: process.env.SEQERA_TEST_GREP || undefined,
    });
    if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed.`);
  } finally {
    restoreConsole();
  }
}
