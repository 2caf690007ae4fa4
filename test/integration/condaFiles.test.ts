import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { vscodeUi } from '../../src/studios/studiosUi';
import { isDockerfileName } from '../../src/wave/dockerfile';
import { classify, PICK_GLOB } from '../../src/waveBuilds/buildTarget';
import { CONDA_NAMES_MATCH, CONDA_NAMES_NO_MATCH } from '../shared/condaNames';
import { activateExtension } from './extension';

/**
 * #11 item 11 in the real VS Code: the file pick of "Build with Wave" (its glob
 * through `workspace.findFiles`, VS Code's own glob and file search) offers
 * exactly the conda files of the table, and Create Studio's conda step and
 * Build with Wave agree on an open `environment-dev.yml`.
 */
describe('Conda file names: one rule in VS Code (integration)', function () {
  this.timeout(60_000);
  let folder: string;

  before(async () => {
    await activateExtension();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the integration run opens a workspace folder');
    folder = fs.mkdtempSync(path.join(root, 'conda-names-'));
    for (const name of [...CONDA_NAMES_MATCH, ...CONDA_NAMES_NO_MATCH]) fs.writeFileSync(path.join(folder, name), 'name: x\n');
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("the Build with Wave pick's glob finds the table's conda files and no other", async () => {
    const expected = [...CONDA_NAMES_MATCH, ...CONDA_NAMES_NO_MATCH.filter((n) => isDockerfileName(n))].sort();
    let found: string[] = [];
    // File search indexes new files asynchronously: wait until every expected file is seen (no sleep: a poll on the result).
    for (let attempt = 0; attempt < 100; attempt++) {
      const uris = await vscode.workspace.findFiles(PICK_GLOB, '**/node_modules/**', 10_000);
      found = uris.filter((u) => path.dirname(u.fsPath) === folder).map((u) => path.basename(u.fsPath)).sort();
      if (expected.every((n) => found.includes(n))) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.deepEqual(found, expected);
  });

  it('Create Studio and Build with Wave agree on an open environment-dev.yml', async () => {
    const uri = vscode.Uri.file(path.join(folder, 'environment-dev.yml'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(classify('environment-dev.yml', doc.languageId, doc.getText()), 'conda');
    const offered = vscodeUi.openCondaFiles().map((f) => f.label);
    assert.ok(offered.includes(vscode.workspace.asRelativePath(uri)), `Create Studio offers ${offered.join(', ')}`);
    const other = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder, 'conda-forge.yml')));
    assert.equal(classify('conda-forge.yml', other.languageId, other.getText()), undefined);
    assert.ok(!vscodeUi.openCondaFiles().some((f) => f.label.endsWith('conda-forge.yml')), 'neither counts conda-forge.yml');
  });
});
