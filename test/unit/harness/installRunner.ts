import * as fs from 'node:fs';
import * as path from 'node:path';
import { exitCodeFor, InstallError, InstallInterruptedError } from '../../harness/installErrors';
import { ensureStagedInstall, type InstallPlan } from '../../harness/stagedInstall';
import { TOOL_FILE } from './fakeInstaller';

/**
 * A process that installs the fake install (fakeInstaller.ts) with the harness's
 * staged installer, for the install tests to interrupt: `node installRunner.js
 * '<RunnerConfig as JSON>'`. It prints `LOG <line>` for each line the installer
 * logs, then `RESULT {"installed":…}` or `ERROR <message as JSON>`, and exits
 * 0, 1, or 130/143 when stopped by a signal.
 */
export interface RunnerConfig {
  target: string;
  ctl: string;
  /** Steps that wait for the test's "go": one, two, verify. */
  pause?: string[];
  /** Exit code of step two, which then prints failText. */
  failTwo?: number;
  failText?: string;
  /** The version the plan wants (marker) and the one bin/tool prints. */
  version?: string;
  toolVersion?: string;
  freeBytes?: number;
}

export const FAKE_PACKAGE = 'fake-install';

export function fakePlan(cfg: RunnerConfig): InstallPlan {
  const version = cfg.version ?? '1.2.3';
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    FAKE_CTL: cfg.ctl,
    FAKE_PAUSE: (cfg.pause ?? []).join(','),
    FAKE_TOOL_VERSION: cfg.toolVersion ?? version,
    ...(cfg.failTwo !== undefined ? { FAKE_FAIL_TWO: String(cfg.failTwo), FAKE_FAIL_TEXT: cfg.failText ?? 'fake failure' } : {}),
  };
  const fake = path.join(__dirname, 'fakeInstaller.js');
  return {
    versions: { tool: version },
    required: [TOOL_FILE, path.join('lib', 'b.txt')],
    ownEntries: ['bin', 'lib', 'package.json'],
    packageName: FAKE_PACKAGE,
    needsBytes: 1024 * 1024,
    prepare(staging) {
      fs.writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: FAKE_PACKAGE }));
    },
    steps() {
      return [
        { title: 'fake one', command: process.execPath, args: [fake, 'one', TOOL_FILE, path.join('lib', 'a.txt')], env },
        { title: 'fake two', command: process.execPath, args: [fake, 'two', path.join('lib', 'b.txt'), path.join('lib', 'c.txt')], env },
      ];
    },
    async verify(staging, ctx) {
      const printed = (await ctx.run(path.join(staging, TOOL_FILE), ['--version'], env)).trim();
      if (printed !== version) throw new Error(`bin/tool --version printed ${printed}, not ${version}`);
    },
  };
}

async function main(): Promise<number> {
  const cfg = JSON.parse(process.argv[2] ?? '{}') as RunnerConfig;
  try {
    const installed = await ensureStagedInstall(cfg.target, fakePlan(cfg), {
      log: (line) => console.log(`LOG ${line}`),
      pollMs: 20,
      freeBytes: cfg.freeBytes === undefined ? undefined : () => cfg.freeBytes!,
    });
    console.log(`RESULT ${JSON.stringify({ installed })}`);
    return 0;
  } catch (e) {
    console.log(`ERROR ${JSON.stringify(e instanceof Error ? e.message : String(e))}`);
    if (!(e instanceof InstallError)) console.log(`LOG not an InstallError: ${String(e)}`);
    return e instanceof InstallInterruptedError ? exitCodeFor(e.signal) : 1;
  }
}

if (require.main === module) void main().then((code) => process.exit(code));
