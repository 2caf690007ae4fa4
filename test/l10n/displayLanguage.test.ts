import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, manifest } from '../integration/extension';
import { inWorkbench } from '../integration/helpers/workbench';

/**
 * #17.11 seen in a real VS Code whose display language is German (the harness's SEQERA_TEST_LOCALE=de:
 * a language pack for `de` and a copy of the extension with the fixture translations of
 * test/l10n/fixtures/de/, never shipped). VS Code itself reads package.nls.de.json for the manifest and
 * hands the extension l10n/bundle.l10n.de.json; what a user sees is read from the workbench's page.
 */
describe('Another display language (l10n)', function () {
  this.timeout(60_000);

  before(async () => {
    await activateExtension();
  });
  after(async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('#17.11 VS Code runs in German and the manifest strings come from package.nls.de.json', async () => {
    assert.equal(vscode.env.language, 'de');
    // VS Code hands a translated title as { value, original } (the palette finds a command by either).
    const title = (id: string): unknown => manifest().contributes?.commands?.find((c) => c.command === id)?.title;
    assert.deepEqual(title('seqera.studios.start'), { value: 'Studio starten', original: 'Start Studio' });
    assert.deepEqual(title('seqera.signIn'), { value: 'Anmelden', original: 'Sign In' });
    assert.equal(title('seqera.signOut'), 'Sign Out', 'a key the translation lacks stays English');
    await vscode.commands.executeCommand('workbench.view.extension.seqera');
    const panes = await inWorkbench<string[]>(
      `(() => { const t = [...document.querySelectorAll('.part.sidebar .pane-header h3.title')].map((e) => e.textContent); return t.includes('Arbeitsbereiche') && t; })()`,
    );
    assert.ok(panes.includes('Arbeitsbereiche'), `the Workspaces view is drawn with its German name (${panes.join(', ')})`);
  });

  it('#17.11 a message and its button come from l10n/bundle.l10n.de.json', async () => {
    // Signed out, a Studio command answers "Sign in first" through the command wrapper (an error notification).
    assert.equal((await activateExtension()).session.state, 'signedOut');
    await vscode.commands.executeCommand('seqera.studios.start');
    await vscode.commands.executeCommand('notifications.showList');
    const toast = await inWorkbench<{ message: string; buttons: string[] }>(
      `(() => { const t = [...document.querySelectorAll('.notifications-center .notification-list-item')].find((n) => /Seqera/.test(n.textContent)); return t && { message: t.querySelector('.notification-list-item-message').textContent, buttons: [...t.querySelectorAll('.monaco-button')].map((b) => b.textContent) }; })()`,
    );
    assert.match(toast.message, /^Zuerst anmelden: Dieser Befehl braucht Ihr Seqera-Platform-Konto auf [\w.:-]+\.$/);
    assert.ok(toast.buttons.includes('Anmelden'), `the Sign In button in German (${toast.buttons.join(', ')})`);
  });
});
