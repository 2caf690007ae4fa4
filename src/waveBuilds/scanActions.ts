import * as path from 'node:path';
import * as vscode from 'vscode';
import { CancelledError, inputError } from '../net/errors';
import type { Services } from '../services';
import { WaveClient } from '../wave/client';
import { entryOf, targetOf } from './buildArg';
import { openReadOnly } from './waveDocuments';

/**
 * What Wave keeps of a finished build besides its log: the scan's SBOM (SPDX
 * JSON, `/v1alpha1/scans/{id}/spdx`) and the scanner's log, and the conda lock
 * of a conda build (`/v1alpha1/builds/{id}/condalock`). Automation passes
 * `{ id, platform?, target? }` (SBOM: the file to write) or `{ id, mode: 'open' | 'save' }` (lock).
 */
function option<T>(arg: unknown, key: string): T | undefined {
  return typeof arg === 'object' && arg !== null ? ((arg as Record<string, unknown>)[key] as T | undefined) : undefined;
}

const hasScan = (e: { scanId?: string; children?: { scanId?: string }[] }): boolean => !!e.scanId || !!e.children?.some((c) => c.scanId);

export function downloadSbom(services: Services) {
  return async (arg?: unknown): Promise<string> => {
    const entry = await entryOf(services, arg, hasScan);
    const { scanId } = targetOf(entry, arg);
    if (!scanId) throw inputError(vscode.l10n.t('This build has no vulnerability scan, so Wave has no SBOM for it.'));
    const spdx = await new WaveClient(entry.waveUrl, services.http).scanSpdx(scanId);
    if (spdx === undefined) throw inputError(vscode.l10n.t('Wave has no SBOM for scan {0} yet: it is written when the scan succeeds.', scanId));
    const given = option<string>(arg, 'target');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = given
      ? vscode.Uri.file(given)
      : await vscode.window.showSaveDialog({
          title: vscode.l10n.t('Save the SBOM (SPDX JSON)'),
          defaultUri: folder ? vscode.Uri.joinPath(folder, `spdx-${scanId}.json`) : undefined,
          filters: { 'SPDX JSON': ['json'] },
        });
    if (!target) throw new CancelledError();
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(spdx));
    services.waveOutput.info(`SBOM of scan ${scanId} saved to ${target.fsPath}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Saved the SBOM of {0} to {1}', scanId, vscode.workspace.asRelativePath(target)));
    return target.toString();
  };
}

export function showScanLog(services: Services) {
  return async (arg?: unknown): Promise<string> => {
    const entry = await entryOf(services, arg, hasScan);
    const { scanId } = targetOf(entry, arg);
    if (!scanId) throw inputError(vscode.l10n.t('This build has no vulnerability scan.'));
    const log = await new WaveClient(entry.waveUrl, services.http).scanLog(scanId);
    if (log === undefined) throw inputError(vscode.l10n.t('Wave has no log for scan {0} yet: it is written when the scan ends.', scanId));
    await openReadOnly(services.context, `${scanId}.log`, log);
    return log;
  };
}

const isConda = (e: { source: { kind: string }; buildId?: string; state: string; mirror?: boolean }): boolean =>
  (e.source.kind === 'conda' || e.source.kind === 'packages') && !!e.buildId && !e.mirror && e.state === 'succeeded';

/** The conda lock of a finished conda build: opened read-only, or saved next to the environment file as `<name>.conda-lock.txt`. */
export function downloadCondaLock(services: Services) {
  return async (arg?: unknown): Promise<string> => {
    const entry = await entryOf(services, arg, isConda);
    if (!isConda(entry)) throw inputError(vscode.l10n.t('Only a finished conda build has a conda lock.'));
    const { buildId } = targetOf(entry, arg);
    const lock = await new WaveClient(entry.waveUrl, services.http).condaLock(buildId!);
    if (lock === undefined) throw inputError(vscode.l10n.t('Wave has not stored the conda lock of {0} yet: it does so shortly after the build. Try again in a minute.', String(buildId)));
    const source = entry.source;
    const envFile = source.kind === 'conda' ? vscode.Uri.parse(source.uri) : undefined;
    let mode = option<'open' | 'save'>(arg, 'mode');
    if (mode === 'save' && envFile?.scheme !== 'file') throw inputError(vscode.l10n.t('The lock can only be saved next to an environment file on disk; open it instead.'));
    if (!mode) {
      const OPEN = vscode.l10n.t('Open (read-only)');
      const SAVE = vscode.l10n.t('Save next to {0}', source.label);
      const choice = envFile?.scheme === 'file'
        ? await vscode.window.showQuickPick([OPEN, SAVE], { title: vscode.l10n.t('Conda lock of {0}', buildId ?? '') })
        : OPEN;
      if (!choice) throw new CancelledError();
      mode = choice === SAVE ? 'save' : 'open';
    }
    if (mode === 'open') return (await openReadOnly(services.context, `${buildId}.conda-lock.txt`, lock)).toString();
    const stem = path.posix.basename(envFile!.path).replace(/\.ya?ml$/i, '');
    const target = vscode.Uri.joinPath(envFile!, '..', `${stem}.conda-lock.txt`);
    const edit = new vscode.WorkspaceEdit();
    edit.createFile(target, { overwrite: true, contents: new TextEncoder().encode(lock) });
    if (!(await vscode.workspace.applyEdit(edit))) throw inputError(vscode.l10n.t('Could not write {0}.', vscode.workspace.asRelativePath(target)));
    const doc = await vscode.workspace.openTextDocument(target);
    await doc.save();
    await vscode.window.showTextDocument(doc, { preview: true });
    return target.toString();
  };
}
