import * as vscode from 'vscode';
import { inputError, SeqeraError } from '../net/errors';
import type { Studio } from '../platform/studioTypes';
import { changedFields, currentValues, editProblems, updateRequest, type EditField, type StudioEdits } from './editDraft';
import { askField, editNames, fieldLabel, fieldsOf, showValue, type EditNames, type FieldItem } from './editFields';
import { onStudio, requireContext, studioFromArg } from './resolve';
import { canDo } from './studioStatus';
import { platformStatus } from './follow';
import type { StudioContext } from './studioStore';
import type { StudiosFeature } from './studiosFeature';

/**
 * Seqera: Edit Studio… (#16.3). For a Studio that is not running (the
 * Platform's PUT /studios/{id} changes only those): a menu of its fields with
 * their current values (name, description, CPUs, memory, GPUs, lifespan,
 * conda environment, mounted data, SSH, compute environment among the
 * compatible ones), each edited in turn, then a summary of the changes and
 * one PUT. The tree then shows the Studio as the Platform returned it.
 *
 * Automation: `executeCommand('seqera.studios.edit', {sessionId}, edits)`
 * with `edits` a StudioEdits object asks nothing, saves and resolves the
 * Studio; a bad field or a refusal rejects with the reason.
 */
export async function editStudio(f: StudiosFeature, arg?: unknown, edits?: unknown): Promise<Studio | undefined> {
  const title = vscode.l10n.t('Edit Studio');
  const automation = edits !== undefined ? parseEdits(edits) : undefined;
  const picked = await studioFromArg(f, arg, 'update', title);
  if (!picked) return undefined;
  const ctx = requireContext(f);
  // The menu shows the Platform's values, not a list that may be a minute old.
  const studio = await onStudio(f, picked, vscode.l10n.t('Editing'), () => ctx.api.getStudio(picked.sessionId));
  if (f.store.context?.key !== ctx.key) return undefined;
  f.store.applyStudio(studio, ctx);
  refuseUnlessEditable(studio);
  if (automation) return save(f, ctx, studio, automation, false);
  return editInMenu(f, ctx, studio);
}

/** The reason a Studio cannot be edited now, saying what to do. */
function refuseUnlessEditable(studio: Studio): void {
  if (canDo('update', studio)) return;
  const name = studio.name;
  switch (studio.statusInfo.status) {
    case 'running':
      throw inputError(vscode.l10n.t('Studio {0} is running. The Platform changes only a Studio that is not running: stop it, then edit it.', name));
    case 'starting':
    case 'building':
      throw inputError(vscode.l10n.t('Studio {0} is {1}. Stop it (or let it start and then stop it), then edit it.', name, platformStatus(studio)));
    case 'stopping':
      throw inputError(vscode.l10n.t('Studio {0} is stopping. Edit it once it has stopped.', name));
    default:
      throw inputError(vscode.l10n.t('Studio {0} is {1} on the Platform; only a stopped Studio can be edited.', name, platformStatus(studio)));
  }
}

async function editInMenu(f: StudiosFeature, ctx: StudioContext, studio: Studio): Promise<Studio | undefined> {
  const title = vscode.l10n.t('Edit Studio {0}', studio.name);
  const base = currentValues(studio);
  const names = editNames(studio);
  let edits: StudioEdits = {};
  for (;;) {
    const values: StudioEdits = { ...base, ...edits };
    const changed = changedFields(studio, edits);
    const items: FieldItem[] = [];
    if (changed.length > 0) {
      items.push({ label: `$(check) ${vscode.l10n.t('Save Changes…')}`, description: changed.map(fieldLabel).join(', '), save: true });
    }
    for (const field of fieldsOf(studio)) {
      items.push({
        label: fieldLabel(field),
        description: showValue(field, values, names),
        detail: changed.includes(field) ? vscode.l10n.t('changed; was: {0}', showValue(field, base, names)) : undefined,
        field,
      });
    }
    items.push({ label: vscode.l10n.t('Private, spot instances'), description: vscode.l10n.t('set when a Studio is created'), field: 'privateSpot' });
    const choice = await f.ui.pick(items, { title, placeHolder: vscode.l10n.t('Choose a field to change (Escape discards the changes)') });
    if (!choice || f.store.context?.key !== ctx.key) return undefined;
    if (choice.field === 'privateSpot') {
      void f.ui.info(
        vscode.l10n.t(
          'The Platform cannot change whether an existing Studio is private or runs on spot instances: its update request has no such fields. They are chosen when a Studio is created (Create Studio…, Start New Studio from Checkpoint…).',
        ),
      );
      continue;
    }
    if (choice.field) {
      const value = await askField({ f, ctx, studio, values, names, title }, choice.field);
      if (value) edits = { ...edits, ...value };
      continue;
    }
    const ok = await f.ui.confirm(vscode.l10n.t('Save changes to Studio {0}?', studio.name), summary(changed, base, values, names), vscode.l10n.t('Save'));
    if (!ok) continue;
    if (f.store.context?.key !== ctx.key) return undefined;
    try {
      return await save(f, ctx, studio, edits, true);
    } catch (e) {
      // A refusal the user can fix (a name taken meanwhile, a value the Platform rejects): say it, keep the changes.
      if (!(e instanceof SeqeraError) || (e.kind !== 'conflict' && e.kind !== 'badRequest')) throw e;
      void f.ui.warn(e.message);
    }
  }
}

/** One line per changed field: `CPUs: 2 → 8`. */
export function summary(changed: readonly EditField[], before: StudioEdits, after: StudioEdits, names: EditNames): string {
  return changed.map((field) => `${fieldLabel(field)}: ${showValue(field, before, names)} → ${showValue(field, after, names)}`).join('\n');
}

async function save(f: StudiosFeature, ctx: StudioContext, studio: Studio, edits: StudioEdits, tell: boolean): Promise<Studio> {
  const request = updateRequest(studio, edits);
  if (!request) return studio;
  const changed = changedFields(studio, edits);
  let updated: Studio;
  try {
    updated = await f.ui.progress(vscode.l10n.t('Saving Studio {0}', studio.name), (_p, signal) =>
      onStudio(f, studio, vscode.l10n.t('Saving changes'), () => ctx.api.updateStudio(studio.sessionId, request, signal)),
    );
  } catch (e) {
    throw explainRefusal(e, studio, request.name, ctx);
  }
  if (f.store.context?.key !== ctx.key) return updated;
  f.store.applyStudio(updated, ctx);
  await f.store.refresh({ studio: studio.sessionId }, 'action');
  if (tell) void f.ui.info(vscode.l10n.t('Saved Studio {0}: {1}.', updated.name, changed.map(fieldLabel).join(', ')));
  return f.store.get(studio.sessionId) ?? updated;
}

function explainRefusal(e: unknown, studio: Studio, newName: string | null | undefined, ctx: StudioContext): unknown {
  if (!(e instanceof SeqeraError)) return e;
  const options = { status: e.status, detail: [e.message, e.detail].filter(Boolean).join(' '), cause: e };
  if (e.kind === 'conflict') {
    return new SeqeraError('conflict', vscode.l10n.t('A Studio named "{0}" already exists in {1}. Choose another name.', newName ?? studio.name, ctx.workspaceLabel), options);
  }
  if (e.kind === 'badRequest') {
    return new SeqeraError('badRequest', vscode.l10n.t('The Platform did not save the changes to Studio {0}: {1}', studio.name, e.message), options);
  }
  return e;
}

const STRING_FIELDS = ['name', 'description', 'condaEnvironment', 'computeEnvId'] as const;
const NUMBER_FIELDS = ['cpu', 'memory', 'gpu', 'lifespanHours'] as const;
const ALL_FIELDS: readonly string[] = [...STRING_FIELDS, ...NUMBER_FIELDS, 'mountDataLinkIds', 'sshEnabled'];

/** The automation argument, checked field by field with a message that names the field. */
export function parseEdits(raw: unknown): StudioEdits {
  const where = 'seqera.studios.edit';
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw inputError(vscode.l10n.t('{0}: the second argument must be an object of fields to change ({1}).', where, ALL_FIELDS.join(', ')));
  }
  const o = raw as Record<string, unknown>;
  const unknownKey = Object.keys(o).find((k) => !ALL_FIELDS.includes(k));
  if (unknownKey) throw inputError(vscode.l10n.t('{0}: unknown field "{1}"; the fields are {2}.', where, unknownKey, ALL_FIELDS.join(', ')));
  const out: StudioEdits = {};
  for (const key of STRING_FIELDS) {
    if (o[key] === undefined) continue;
    if (typeof o[key] !== 'string') throw inputError(vscode.l10n.t('{0}: "{1}" must be a string.', where, key));
    out[key] = o[key];
  }
  for (const key of NUMBER_FIELDS) {
    if (o[key] === undefined) continue;
    if (typeof o[key] !== 'number') throw inputError(vscode.l10n.t('{0}: "{1}" must be a number.', where, key));
    out[key] = o[key];
  }
  if (o.sshEnabled !== undefined) {
    if (typeof o.sshEnabled !== 'boolean') throw inputError(vscode.l10n.t('{0}: "sshEnabled" must be true or false.', where));
    out.sshEnabled = o.sshEnabled;
  }
  if (o.mountDataLinkIds !== undefined) {
    if (!Array.isArray(o.mountDataLinkIds) || o.mountDataLinkIds.some((id) => typeof id !== 'string')) {
      throw inputError(vscode.l10n.t('{0}: "mountDataLinkIds" must be a list of data link ids.', where));
    }
    out.mountDataLinkIds = o.mountDataLinkIds as string[];
  }
  const problem = editProblems(out)[0];
  if (problem) throw inputError(vscode.l10n.t('{0}: "{1}" {2}.', where, problem.field, problem.problem));
  return out;
}
