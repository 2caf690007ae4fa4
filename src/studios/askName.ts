import * as vscode from 'vscode';
import { SeqeraError } from '../net/errors';
import { showChar, STUDIO_NAME_MAX, studioNameProblem } from '../platform/studioName';
import type { StudioContext } from './studioStore';
import type { StudioUi } from './studiosUi';

/**
 * Asks for a new Studio's name. The naming rule is checked on every keystroke
 * (no request); the Platform (GET /studios/validate) is asked once the user
 * accepts the name. A name the Platform refused is remembered with its reason,
 * which is shown as the input's validation message for that name only: it
 * clears as soon as the user types another name, and comes back if they type
 * the refused one again.
 */
export const MAX_STUDIO_NAME = STUDIO_NAME_MAX;

/** Checkpoint names (and other free names): not empty, at most 80 characters. */
export function localNameProblem(value: string): string | undefined {
  const name = value.trim();
  if (name === '') return vscode.l10n.t('Enter a name.');
  if (name.length > MAX_STUDIO_NAME) return vscode.l10n.t('At most {0} characters.', MAX_STUDIO_NAME);
  return undefined;
}

/** The Platform's naming rule, in one sentence, as the prompt and every refusal state it. */
export function studioNameRule(): string {
  return vscode.l10n.t(
    'A Studio name has 1 to {0} characters: letters, digits, spaces, ".", "-" and "_", and starts with a letter or digit.',
    STUDIO_NAME_MAX,
  );
}

/** Why a name breaks the rule (with the rule), or undefined when it follows it. */
export function studioNameMessage(value: string): string | undefined {
  const problem = studioNameProblem(value.trim());
  if (!problem) return undefined;
  const rule = studioNameRule();
  switch (problem.kind) {
    case 'empty':
      return vscode.l10n.t('Enter a name. {0}', rule);
    case 'tooLong':
      return vscode.l10n.t('This name has {0} characters. {1}', problem.length, rule);
    case 'start':
      return vscode.l10n.t('A name cannot start with {0}. {1}', showChar(problem.char), rule);
    case 'characters':
      return vscode.l10n.t('{0} cannot be used in a name. {1}', problem.chars.map(showChar).join(', '), rule);
  }
}

/** Names compare as the Platform compares them for "already exists": ignoring case. */
const keyOf = (name: string): string => name.trim().toLowerCase();

/** The server's sentence without its final stop, to sit inside ours. */
function clause(message: string): string {
  return message.trim().replace(/[.!\s]+$/, '');
}

/** True when a 400 carried the Platform's own reason, not just our "refused the request (400)." */
function hasServerReason(e: SeqeraError): boolean {
  return !/refused the request \(\d{3}\)\.$/.test(e.message);
}

export async function askStudioName(
  ui: StudioUi,
  ctx: StudioContext,
  suggestion: string,
  step: { title: string; step?: number; totalSteps?: number },
): Promise<string | undefined> {
  let value = suggestion.slice(0, MAX_STUDIO_NAME);
  const refused = new Map<string, string>();
  const prompt = vscode.l10n.t('Name of the new Studio (1 to {0} characters: letters, digits, spaces, ".", "-", "_").', STUDIO_NAME_MAX);
  const validate = (v: string): string | undefined => refused.get(keyOf(v)) ?? studioNameMessage(v);
  for (;;) {
    const answer = await ui.input({ ...step, prompt, value, validate });
    if (answer === undefined) return undefined;
    const name = answer.trim();
    try {
      await ctx.api.validateName(name);
      return name;
    } catch (e) {
      if (!(e instanceof SeqeraError) || (e.kind !== 'conflict' && e.kind !== 'badRequest')) throw e;
      value = name;
      refused.set(
        keyOf(name),
        e.kind === 'conflict'
          ? vscode.l10n.t('A Studio named "{0}" already exists in {1}. Choose another name.', name, ctx.workspaceLabel)
          : hasServerReason(e)
            ? vscode.l10n.t('The Platform refused "{0}" as a Studio name: {1}. {2}', name, clause(e.message), studioNameRule())
            : vscode.l10n.t('The Platform refused "{0}" as a Studio name without giving a reason. {1}', name, studioNameRule()),
      );
    }
  }
}
