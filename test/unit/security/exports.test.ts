import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findSecret } from './objectGraph';
import { createContext, createVscodeStub, requireWithVscode } from './vscodeStub';

/**
 * Issue #11 item 1: what `activate` returns is readable by every installed
 * extension (`getExtension(id).exports`). The production bundle, run in plain
 * Node against a stub `vscode`, must return nothing that reaches the token,
 * the ExtensionContext or its SecretStorage outside ExtensionMode.Test; in
 * Test mode the integration tests' hook is still there.
 */
const repo = path.resolve(__dirname, '..', '..', '..', '..');
const TOKEN = 'planted-token-0f3c9a7e5b1d';

interface Loaded {
  exported: unknown;
  context: Record<string, unknown>;
  secrets: object;
}

describe('extension exports (unit, issue #11 item 1)', function () {
  this.timeout(120_000);
  let dir: string;
  let bundle: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-exports-'));
    bundle = path.join(dir, 'extension.js');
    execFileSync(process.execPath, [path.join(repo, 'esbuild.js'), '--production', `--outfile=${bundle}`], { cwd: repo, stdio: 'pipe' });
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function activateIn(mode: 'Production' | 'Development' | 'Test'): Promise<Loaded> {
    const vscode = createVscodeStub();
    const modes = vscode.ExtensionMode as Record<string, number>;
    const { context, secrets } = createContext(vscode, modes[mode]!, TOKEN);
    const extension = requireWithVscode(bundle, vscode) as { activate(c: unknown): unknown };
    const exported = extension.activate(context);
    // Let start-up work finish (the session reads the planted token from SecretStorage).
    for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    return { exported, context, secrets };
  }

  function reachesSecret(loaded: Loaded, functionsAreOpaque: boolean): ReturnType<typeof findSecret> {
    return findSecret(loaded.exported, {
      functionsAreOpaque,
      isSecret: (v) =>
        v === loaded.secrets
          ? 'the SecretStorage'
          : v === loaded.context
            ? 'the ExtensionContext'
            : v === loaded.context.globalState
              ? 'globalState'
              : typeof v === 'string' && v.includes(TOKEN)
                ? 'the token'
                : undefined,
    });
  }

  for (const mode of ['Production', 'Development'] as const) {
    it(`returns nothing that reaches the token, context or test rig in ExtensionMode.${mode}`, async () => {
      const loaded = await activateIn(mode);
      const secret = reachesSecret(loaded, false);
      assert.equal(secret, undefined, secret && `${secret.path} is ${secret.what}`);
      // Closures cannot be walked, so the exports must not even hold a function that might hand one out.
      const opaque = reachesSecret(loaded, true);
      assert.equal(opaque, undefined, opaque && `${opaque.path} is ${opaque.what}`);
    });
  }

  it('keeps the integration tests\u2019 hook in ExtensionMode.Test (and the walk finds the token through it)', async () => {
    const loaded = await activateIn('Test');
    const api = loaded.exported as { services?: { context?: unknown }; session?: { state?: unknown }; registeredCommands?: Set<string> };
    assert.equal(api.services?.context, loaded.context, 'the Test-mode API hands the tests the live services');
    assert.ok(api.registeredCommands?.has('seqera.signIn'), 'the Test-mode API lists the registered commands');
    assert.equal(api.session?.state, 'signedIn', 'the session read the planted token');
    // The positive control for the walk above: through the test hook, the secret is reachable.
    const finding = reachesSecret(loaded, false);
    assert.ok(finding, 'the walk finds the SecretStorage or the token through the Test-mode API');
  });
});
