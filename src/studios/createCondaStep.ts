import * as vscode from 'vscode';
import { inputError } from '../net/errors';
import { parseCondaEnvironment } from '../wave/condaEnv';
import type { StudioUi } from './studiosUi';

/**
 * The conda step of Create Studio: the open conda environment files (the same
 * files Build with Wave takes), or one picked in the file dialog, or none. A
 * chosen file is checked like a Wave build's (YAML with line and column, a
 * dependencies list) and must fit the 2,048 characters a Studio accepts.
 */
export const MAX_CONDA = 2048;

export interface CondaChoice {
  /** What the summary names: the file's path relative to the workspace. */
  label: string;
  text: string;
  packages: number;
}

interface CondaItem extends vscode.QuickPickItem {
  choice?: { label: string; text: string } | 'pick';
}

/** Checks a conda environment file's text for a Studio; throws an input error naming the file. */
export function condaForStudio(label: string, bytes: Uint8Array): CondaChoice {
  const env = parseCondaEnvironment(bytes, label);
  const text = new TextDecoder().decode(bytes);
  if (text.length > MAX_CONDA) {
    throw inputError(
      vscode.l10n.t(
        '{0} has {1} characters, more than the {2} a Studio accepts. Keep only the packages the Studio needs, or build an image with Wave and use it as a custom container image.',
        label,
        text.length,
        MAX_CONDA,
      ),
    );
  }
  return { label, text, packages: env.dependencyCount };
}

/** Undefined: cancelled; null: no conda environment. */
export async function askConda(
  ui: StudioUi,
  step: { title: string; step?: number; totalSteps?: number },
): Promise<CondaChoice | null | undefined> {
  const open = ui.openCondaFiles();
  const items: CondaItem[] = [
    { label: vscode.l10n.t('No conda environment'), description: vscode.l10n.t('the template as it is') },
    ...open.map((c) => ({ label: c.label, description: vscode.l10n.t('open conda environment file'), choice: c })),
    { label: vscode.l10n.t('Pick a conda environment file…'), description: vscode.l10n.t('environment.yml or another file with a dependencies list'), choice: 'pick' },
  ];
  const picked = await ui.pick(items, {
    ...step,
    placeHolder: open.length > 0 ? vscode.l10n.t('Install packages from a conda environment file?') : vscode.l10n.t('No conda environment file is open: pick one, or go on without'),
  });
  if (!picked) return undefined;
  if (picked.choice === undefined) return null;
  if (picked.choice !== 'pick') return condaForStudio(picked.choice.label, new TextEncoder().encode(picked.choice.text));
  const uri = await ui.pickFile({ title: step.title, openLabel: vscode.l10n.t('Use for the Studio'), filters: { [vscode.l10n.t('Conda environment')]: ['yml', 'yaml'] } });
  if (!uri) return undefined;
  const bytes = await vscode.workspace.fs.readFile(uri);
  return condaForStudio(vscode.workspace.asRelativePath(uri), bytes);
}
