import * as vscode from 'vscode';
import { SeqeraError } from '../net/errors';
import type { StudioContext } from './studioStore';
import type { StudioUi } from './studiosUi';

/**
 * Asks for a new Studio's name and checks it with the Platform
 * (GET /studios/validate) once the user accepts it, not on every keystroke.
 * A taken or invalid name asks again with the reason as the prompt.
 */
export const MAX_STUDIO_NAME = 80;

export function localNameProblem(value: string): string | undefined {
  const name = value.trim();
  if (name === '') return vscode.l10n.t('Enter a name.');
  if (name.length > MAX_STUDIO_NAME) return vscode.l10n.t('At most {0} characters.', MAX_STUDIO_NAME);
  return undefined;
}

export async function askStudioName(
  ui: StudioUi,
  ctx: StudioContext,
  suggestion: string,
  step: { title: string; step?: number; totalSteps?: number },
): Promise<string | undefined> {
  let value = suggestion.slice(0, MAX_STUDIO_NAME);
  let prompt = vscode.l10n.t('Name of the new Studio');
  for (;;) {
    const answer = await ui.input({ ...step, prompt, value, validate: localNameProblem });
    if (answer === undefined) return undefined;
    const name = answer.trim();
    try {
      await ctx.api.validateName(name);
      return name;
    } catch (e) {
      if (!(e instanceof SeqeraError) || (e.kind !== 'conflict' && e.kind !== 'badRequest')) throw e;
      value = name;
      prompt =
        e.kind === 'conflict'
          ? vscode.l10n.t('A Studio named "{0}" already exists in {1}. Choose another name.', name, ctx.workspaceLabel)
          : vscode.l10n.t('"{0}" is not a valid Studio name ({1}). Choose another name.', name, e.message);
    }
  }
}

