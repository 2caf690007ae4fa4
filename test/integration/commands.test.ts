import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension, manifest } from './extension';

/** Commands VS Code itself creates for every contributed view (`<view id>.focus` …). */
const VIEW_COMMAND_SUFFIXES = ['focus', 'resetViewLocation', 'toggleVisibility', 'removeView', 'open'];

describe('Contributed commands (integration)', () => {
  const declared = (): string[] => (manifest().contributes?.commands ?? []).map((c) => c.command).sort();

  it('registers through the command registry exactly the commands package.json declares', async () => {
    const api = await activateExtension();
    assert.deepEqual([...api.registeredCommands].sort(), declared());
  });

  it('has exactly the declared seqera./wave. commands in VS Code once active', async () => {
    await activateExtension();
    const viewIds = Object.values(manifest().contributes?.views ?? {}).flat().map((v) => v.id);
    const generatedByViews = new Set(viewIds.flatMap((id) => VIEW_COMMAND_SUFFIXES.map((s) => `${id}.${s}`)));
    const ours = (await vscode.commands.getCommands(true))
      .filter((id) => id.startsWith('seqera.') || id.startsWith('wave.'))
      .filter((id) => !generatedByViews.has(id));
    assert.deepEqual([...new Set(ours)].sort(), declared());
  });

  it('#17.11 shows the manifest strings VS Code read from package.nls.json, not %keys%', () => {
    const commands = manifest().contributes?.commands ?? [];
    const signIn = commands.find((c) => c.command === 'seqera.signIn');
    assert.equal(`${signIn?.category}: ${signIn?.title}`, 'Seqera: Sign In');
    const unresolved = [
      ...commands.flatMap((c) => [c.title, c.category]),
      ...Object.values(manifest().contributes?.views ?? {}).flat().map((v) => v.name),
    ].filter((t) => t === undefined || /^%.*%$/.test(t));
    assert.deepEqual(unresolved, []);
  });
});
