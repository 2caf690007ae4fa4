import * as path from 'node:path';
import { prefixConsole } from '../shared/consolePrefix';
import { findTestFiles, runMocha } from '../shared/mochaRunner';
import { assertNoUnhandledRejections, flushRejections, installRejectionRecorder } from '../integration/rejections';

/**
 * Entry of the l10n suite: VS Code in another display language (the harness with SEQERA_TEST_LOCALE=de,
 * SEQERA_HARNESS_ENTRY=out/test/l10n/index.js, SEQERA_HARNESS_SUITE=l10n; `npm run test:l10n`).
 */
export async function run(): Promise<void> {
  const restoreConsole = prefixConsole(process.env.SEQERA_TEST_LOG_PREFIX);
  installRejectionRecorder(() => undefined);
  try {
    const files = findTestFiles(__dirname).filter((f) => path.basename(f) !== 'index.js');
    const result = await runMocha({ suite: 'l10n', files, timeoutMs: 60_000 });
    await flushRejections();
    assertNoUnhandledRejections();
    if (result.failed > 0) throw new Error(`${result.failed} l10n test(s) failed.`);
  } finally {
    restoreConsole();
  }
}
