import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReportedError } from '../../src/ui/commandRegistry';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { activateExtension } from './extension';
import { pressFirstButton, until, writeFileUnder } from './helpers/waveBuilds';

/**
 * #17.7 in the real VS Code: a refused conda file or Dockerfile becomes a
 * Problem on the exact range (`languages.getDiagnostics`), the error message
 * offers *Go to Problem* (pressed here through VS Code's own notification
 * command), and the Problem goes away when the file is fixed, closed, or passes
 * the next build's checks. Nothing here reaches Wave: every refusal comes
 * before a request, and the passing build only shows its request.
 */
const WAIT_MS = 20_000;
const ISSUE_FILE = [
  'name: rnaseq-qc',
  'channels:',
  '  - conda-forge',
  '  - bioconda',
  'dependencies:',
  '  - fastqc=0.12.1',
  '  - [multiqc=1.25',
  '  - samtools=1.21',
  '',
].join('\n');

describe('Problems of refused files (integration)', function () {
  this.timeout(60_000);
  let api: SeqeraTestRig;
  let dir: string;
  const reports: ReportedError[] = [];
  let listener: vscode.Disposable | undefined;

  const diagnostics = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Seqera');
  const rangeOf = (d: vscode.Diagnostic | vscode.Location | undefined): number[] | undefined =>
    d && [d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character];

  /** Runs a build command that is refused before any request; returns the one error it reported. */
  async function refusedBuild(command: string, ...args: unknown[]): Promise<ReportedError> {
    const before = reports.length;
    const result = await vscode.commands.executeCommand(command, ...args);
    assert.equal(result, undefined, `${command} was refused (the wrapper reports it and returns undefined)`);
    await until('the error message', () => reports.length > before, WAIT_MS);
    assert.equal(reports.length, before + 1, 'one message');
    return reports[before];
  }

  before(async () => {
    api = await activateExtension();
    listener = api.onDidReportError((e) => reports.push(e));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-problems-it-'));
  });
  after(async () => {
    listener?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('notifications.clearAll');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('#17.7 the issue case: a `[` on line 7 is a Problem on that bracket, Go to Problem selects it, fixing the file clears it', async () => {
    const uri = writeFileUnder(dir, 'qc/environment.yml', ISSUE_FILE);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('notifications.clearAll');

    const report = await refusedBuild('wave.build', uri);
    assert.match(report.message, /environment\.yml:7:5: invalid YAML: Flow sequence/);
    assert.equal(report.actions[0], 'Go to Problem', `actions: ${report.actions.join(', ')}`);
    assert.equal(report.problem?.uri.toString(), uri.toString());
    assert.deepEqual(rangeOf(report.problem), [6, 4, 6, 5]);

    const [problem, ...more] = diagnostics(uri);
    assert.equal(more.length, 0, 'one Problem');
    assert.deepEqual(rangeOf(problem), [6, 4, 6, 5], 'on the `[` of line 7 (0-based line 6, characters 4–5)');
    assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problem.message, /^invalid YAML: Flow sequence/);

    // Go to Problem is the message's first button: VS Code's own command presses it.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await pressFirstButton('Go to Problem', () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString(), WAIT_MS);
    assert.deepEqual(rangeOf(new vscode.Location(uri, vscode.window.activeTextEditor!.selection)), [6, 4, 6, 5]);

    // Fixing the file (an edit, not yet saved) clears the Problem.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(6, 4, 6, 5), '');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('the Problem cleared', () => diagnostics(uri).length === 0, WAIT_MS);

  });

  it('#17.7 while the file has a Problem, each edit checks it again: the Problem moves with the error', async () => {
    const uri = writeFileUnder(dir, 'moves/environment.yml', 'dependencies:\n  - samtools\n  - 42\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await refusedBuild('wave.build', uri);
    assert.deepEqual(diagnostics(uri).map(rangeOf), [[2, 4, 2, 6]]);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(2, 4, 2, 6), 'bcftools\n  - true');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await until('the Problem on the new error', () => rangeOf(diagnostics(uri)[0])?.join() === '3,4,3,8', WAIT_MS);
    assert.match(diagnostics(uri)[0].message, /`true` is not a package name/);
  });

  it('#17.7 a Dockerfile: each missing COPY source is a Problem; the next build whose checks pass clears them', async () => {
    const uri = writeFileUnder(dir, 'img/Dockerfile', 'FROM alpine\nCOPY main.nf nothere.txt /app/\n');
    writeFileUnder(dir, 'img/main.nf', 'workflow {}\n');
    const report = await refusedBuild('wave.build', uri);
    assert.match(report.message, /Dockerfile:2: COPY nothere\.txt: /);
    assert.deepEqual(diagnostics(uri).map(rangeOf), [[1, 13, 1, 24]]);
    writeFileUnder(dir, 'img/nothere.txt', 'now it is\n');
    const shown = await vscode.commands.executeCommand<{ request: string } | undefined>('wave.buildWithOptions', uri, { showRequest: true });
    assert.ok(shown?.request.includes('containerFile'), 'the build passed its checks (its request was shown, not sent)');
    assert.equal(diagnostics(uri).length, 0);
  });

  it('#17.7 closing the file clears its Problems', async () => {
    const uri = writeFileUnder(dir, 'closed/environment.yml', 'dependencies:\n  - "samtools\n');
    await vscode.commands.executeCommand('vscode.open', uri);
    await until('the document open', () => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), WAIT_MS);
    await refusedBuild('wave.build', uri);
    assert.deepEqual(diagnostics(uri).map(rangeOf), [[1, 4, 1, 5]], 'on the quote of line 2');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until('the Problem cleared with the closed file', () => diagnostics(uri).length === 0, WAIT_MS);
  });
});
