import * as path from 'node:path';
import { prefixConsole } from '../shared/consolePrefix';
import { findTestFiles, runMocha } from '../shared/mochaRunner';
import { assertNoUnhandledRejections, flushRejections, installRejectionRecorder } from './rejections';

/**
 * Entry of the integration suite, loaded by VS Code as `extensionTestsPath`.
 * The same compiled module serves the code-server harness (test/harness) and
 * @vscode/test-electron on a desktop. It rejects when any test fails, which
 * VS Code turns into a non-zero exit code.
 *
 * No unhandled promise rejection may happen anywhere in the run: the recorder
 * (./rejections) listens from before the first test file loads, and a root
 * afterAll hook fails the run, listing each one with its stack and the test that
 * was running. One arriving after mocha ends fails the run too.
 */
export async function run(): Promise<void> {
  const restoreConsole = prefixConsole(process.env.SEQERA_TEST_LOG_PREFIX);
  let running: string | undefined;
  let last: string | undefined;
  installRejectionRecorder(() => running ?? (last ? `after ${last}` : undefined));
  try {
    const files = findTestFiles(__dirname).filter((f) => path.basename(f) !== 'index.js');
    const result = await runMocha({
      suite: 'integration',
      files,
      timeoutMs: 60_000,
      grep: process.env.SEQERA_TEST_GREP || undefined,
      rootHooks: {
        async afterAll() {
          await flushRejections();
          assertNoUnhandledRejections();
        },
      },
      onRunner: (runner) => {
        const start = (r: Mocha.Runnable): void => {
          running = r.fullTitle();
        };
        const end = (r: Mocha.Runnable): void => {
          last = r.fullTitle();
          running = undefined;
        };
        runner.on('test', start).on('hook', start).on('test end', end).on('hook end', end);
      },
    });
    if (result.failed > 0) throw new Error(`${result.failed} integration test(s) failed.`);
    await flushRejections();
    try {
      assertNoUnhandledRejections();
    } catch (e) {
      console.error(e instanceof Error ? e.message : String(e));
      throw new Error('An unhandled promise rejection came after the last test.');
    }
  } finally {
    restoreConsole();
  }
}
