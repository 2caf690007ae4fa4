import * as path from 'node:path';
import { findTestFiles, runMocha } from '../shared/mochaRunner';

/**
 * Entry of the plain-Node suites: unit tests and the emulator's own tests.
 * Neither may import `vscode`. Usage: node out/test/unit/index.js [--grep pattern]
 */
async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const files = [...findTestFiles(path.join(root, 'unit')), ...findTestFiles(path.join(root, 'emulator'))];
  const grepAt = process.argv.indexOf('--grep');
  const result = await runMocha({ suite: 'unit', files, grep: grepAt > 0 ? process.argv[grepAt + 1] : undefined });
  process.exitCode = result.failed > 0 ? 1 : 0;
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
