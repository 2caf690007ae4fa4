import { format } from 'node:util';
import Mocha from 'mocha';
import { filesUnder } from './files';

/** The line every suite prints when it ends; scripts/test.mjs adds them up. */
export const RESULT_MARKER = '@@SEQERA-TEST-RESULT';

export interface SuiteResult {
  suite: string;
  passed: number;
  failed: number;
  skipped: number;
}

export function formatResult(result: SuiteResult): string {
  return `${RESULT_MARKER} ${JSON.stringify(result)}`;
}

/** Every `*.test.js` file below `dir`, sorted so runs are repeatable. */
export function findTestFiles(dir: string): string[] {
  return filesUnder(dir, (name) => name.endsWith('.test.js'));
}

export interface RunOptions {
  suite: string;
  files: string[];
  timeoutMs?: number;
  grep?: string;
  /** Where to print; inside VS Code console.log reaches the harness through codeAutomationLog. */
  print?: (line: string) => void;
  /** Hooks of the root suite (e.g. a last check after every test). */
  rootHooks?: Mocha.RootHookObject;
  /** Called with the runner before the first test, to follow its events. */
  onRunner?: (runner: Mocha.Runner) => void;
}

/** Runs mocha on the files, prints the result line, and resolves with the counts. */
export function runMocha(options: RunOptions): Promise<SuiteResult> {
  const print = options.print ?? ((line: string) => console.log(line));
  // The reporter prints printf-style; hand `print` whole lines (inside VS Code the
  // console forwarding joins arguments without applying the format).
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
    for (const line of format(...args).split('\n')) print(line);
  };
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: options.timeoutMs ?? 20_000, reporter: 'spec', rootHooks: options.rootHooks });
  if (options.grep) mocha.grep(options.grep);
  for (const f of options.files) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        const stats = runner.stats;
        const result: SuiteResult = {
          suite: options.suite,
          passed: stats?.passes ?? 0,
          failed: stats?.failures ?? 0,
          skipped: stats?.pending ?? 0,
        };
        print(formatResult(result));
        resolve(result);
      });
      options.onRunner?.(runner);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}
