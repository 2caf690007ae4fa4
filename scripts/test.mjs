#!/usr/bin/env node
// The one test command (`npm test`): lint, type check, build, then every suite:
// plain-Node unit + emulator tests, then the integration suite inside a real
// VS Code (test/harness), then the l10n suite in that VS Code in German. Each suite prints a result line; this script adds
// them up and ends with `N passed, N failed[, N skipped]` for CI.
import { spawn } from 'node:child_process';

const MARKER = '@@SEQERA-TEST-RESULT';
const args = process.argv.slice(2);
const only = args.includes('--unit') ? 'unit' : args.includes('--integration') ? 'integration' : undefined;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

// Ctrl+C reaches the running step through the terminal too; forward it anyway (a
// signal sent to this process alone) and wait: the harness stops the VS Code
// install it may be running and says what the next run does.
let interrupted;
let current;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    interrupted = sig;
    current?.kill(sig);
  });
}

function run(cmd, cmdArgs, { capture = false, env = {} } = {}) {
  return new Promise((resolve) => {
    if (interrupted) return resolve({ code: 1, results: [] });
    const child = spawn(cmd, cmdArgs, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    current = child;
    const results = [];
    let buffered = '';
    const onData = (stream) => (chunk) => {
      stream.write(chunk);
      if (!capture) return;
      buffered += chunk.toString('utf8');
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const at = line.indexOf(MARKER);
        if (at >= 0) {
          try {
            results.push(JSON.parse(line.slice(at + MARKER.length).trim()));
          } catch {
            /* not a result line after all */
          }
        }
      }
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('error', (e) => {
      console.error(`cannot run ${cmd}: ${e.message}`);
      resolve({ code: 1, results });
    });
    child.on('close', (code) => resolve({ code: code ?? 1, results }));
  });
}

const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function summary() {
  const line = `${totals.passed} passed, ${totals.failed} failed` + (totals.skipped ? `, ${totals.skipped} skipped` : '');
  console.log(line);
}

async function step(name, cmd, cmdArgs) {
  console.log(`\n=== ${name} ===`);
  const { code } = await run(cmd, cmdArgs);
  if (code !== 0) {
    console.error(`${name} failed (exit ${code}).`);
    broken = true;
  }
}

async function suite(name, cmd, cmdArgs, env = {}) {
  console.log(`\n=== ${name} suite ===`);
  const { code, results } = await run(cmd, cmdArgs, { capture: true, env });
  const own = results.filter((r) => r.suite === name);
  if (own.length === 0) {
    console.error(`${name} suite printed no result line (exit ${code}): counted as one failure.`);
    totals.failed += 1;
    broken = true;
    return;
  }
  const r = own[own.length - 1];
  totals.passed += r.passed;
  totals.failed += r.failed;
  totals.skipped += r.skipped;
  if (code !== 0 && r.failed === 0) {
    console.error(`${name} suite exited with ${code} although no test failed: counted as one failure.`);
    totals.failed += 1;
    broken = true;
  }
}

await step('lint', npm, ['run', '--silent', 'lint']);
await step('type check', npm, ['run', '--silent', 'typecheck']);
await step('bundle', npm, ['run', '--silent', 'build']);
await step('compile tests', npm, ['run', '--silent', 'compile-tests']);
if (!broken) {
  if (only !== 'integration') await suite('unit', process.execPath, ['out/test/unit/index.js']);
  if (only !== 'unit') await suite('integration', process.execPath, ['out/test/harness/run.js']);
  // #17.11: the same VS Code in German, with fixture translations in a copy of the extension (test/harness/locale.ts);
  // the web harness only (the desktop route has no language pack to give).
  const l10n = { SEQERA_TEST_LOCALE: 'de', SEQERA_HARNESS_ENTRY: 'out/test/l10n/index.js', SEQERA_HARNESS_SUITE: 'l10n' };
  if (only === undefined && process.env.SEQERA_TEST_ELECTRON !== '1') await suite('l10n', process.execPath, ['out/test/harness/run.js'], l10n);
}
if (interrupted) {
  console.error(`Stopped (${interrupted}).`);
  process.exit(interrupted === 'SIGINT' ? 130 : 143);
}
if (broken && totals.failed === 0) totals.failed = 1;
summary();
process.exit(totals.failed > 0 || broken ? 1 : 0);
