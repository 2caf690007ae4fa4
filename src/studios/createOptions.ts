import * as vscode from 'vscode';
import type { CreateLookups, Label, WorkspacePerson } from '../platform/createLookups';
import type { ComputeEnvSummary } from '../platform/studioTypes';
import type { StudioUi } from './studiosUi';

/**
 * The rarer answers of Create Studio, reached from the summary's "More
 * Options…": environment variables, resource labels, private (with the users
 * who may still connect), and spot. Only what the workspace allows is offered:
 * no allow-list in the personal workspace (a private Studio there is yours
 * alone), spot only on compute environments that run the Studio on its own
 * cloud instance.
 */
export interface CreateOptions {
  environment: { name: string; value: string }[];
  labels: Label[];
  isPrivate: boolean;
  allowed: WorkspacePerson[];
  spot: boolean;
}

/** Platforms where a Studio gets its own cloud VM, the only ones where a spot instance means something for it. */
const SPOT_PLATFORMS = ['aws-cloud', 'google-cloud', 'azure-cloud'];

export function spotApplies(ce: ComputeEnvSummary): boolean {
  return SPOT_PLATFORMS.includes(ce.platform ?? '');
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function labelText(l: Label): string {
  return l.value !== undefined ? `${l.name}=${l.value}` : l.name;
}

export function optionLines(o: CreateOptions, personal: boolean): string[] {
  const lines = [
    o.environment.length > 0
      ? vscode.l10n.t('Environment variables: {0}', o.environment.map((e) => e.name).join(', '))
      : vscode.l10n.t('Environment variables: none'),
    o.labels.length > 0 ? vscode.l10n.t('Resource labels: {0}', o.labels.map(labelText).join(', ')) : vscode.l10n.t('Resource labels: none'),
  ];
  if (!o.isPrivate) lines.push(vscode.l10n.t('Private: no, every workspace user with the launch role or above can connect'));
  else if (personal || o.allowed.length === 0) lines.push(vscode.l10n.t('Private: yes, only you can connect'));
  else lines.push(vscode.l10n.t('Private: yes, only you and {0} can connect', o.allowed.map((p) => p.userName).join(', ')));
  if (o.spot) lines.push(vscode.l10n.t('Spot instance: yes (cheaper; the cloud provider may reclaim it, which stops the Studio)'));
  return lines;
}

interface OptionItem extends vscode.QuickPickItem {
  key: 'env' | 'labels' | 'private' | 'spot';
}

/** Asks which options to set, then each chosen one. Resolves the new options, or undefined when cancelled (nothing changes). */
export async function askCreateOptions(
  ui: StudioUi,
  lookups: CreateLookups,
  current: CreateOptions,
  context: { title: string; ce: ComputeEnvSummary; personal: boolean; userId?: number },
): Promise<CreateOptions | undefined> {
  const title = context.title;
  const items: OptionItem[] = [
    { key: 'env', label: vscode.l10n.t('Environment variables'), description: current.environment.map((e) => e.name).join(', '), picked: current.environment.length > 0 },
    { key: 'labels', label: vscode.l10n.t('Resource labels'), description: current.labels.map(labelText).join(', '), picked: current.labels.length > 0 },
    {
      key: 'private',
      label: vscode.l10n.t('Private'),
      description: context.personal ? vscode.l10n.t('only you can connect') : vscode.l10n.t('only you, and the users you choose, can connect'),
      picked: current.isPrivate,
    },
  ];
  if (spotApplies(context.ce)) items.push({ key: 'spot', label: vscode.l10n.t('Spot instance'), description: vscode.l10n.t('cheaper, may be reclaimed'), picked: current.spot });
  const chosen = await ui.pickMany(items, { title, placeHolder: vscode.l10n.t('Options of the new Studio (ticked: set)') });
  if (!chosen) return undefined;
  const on = new Set(chosen.map((c) => c.key));
  const next: CreateOptions = { ...current, environment: [], labels: [], isPrivate: on.has('private'), allowed: [], spot: on.has('spot') };

  if (on.has('env')) {
    const env = await askEnvironment(ui, title, current.environment);
    if (!env) return undefined;
    next.environment = env;
  }
  if (on.has('labels')) {
    const labels = await askLabels(ui, lookups, title, current.labels);
    if (!labels) return undefined;
    next.labels = labels;
  }
  if (next.isPrivate && !context.personal) {
    const people = (await lookups.listWorkspaceUsers()).filter((p) => p.userId !== context.userId);
    if (people.length > 0) {
      const picked = await ui.pickMany(
        people.map((p) => ({ label: p.userName, description: [p.email, p.role].filter(Boolean).join(' · '), picked: current.allowed.some((a) => a.userId === p.userId), person: p })),
        { title, placeHolder: vscode.l10n.t('Who else may connect to the private Studio? (none: only you)') },
      );
      if (!picked) return undefined;
      next.allowed = picked.map((p) => p.person);
    }
  }
  return next;
}

/** `NAME=value` one at a time; an empty answer ends the list. The ones already set are offered first to keep or change. */
async function askEnvironment(ui: StudioUi, title: string, current: { name: string; value: string }[]): Promise<{ name: string; value: string }[] | undefined> {
  const out: { name: string; value: string }[] = [];
  const pending = [...current];
  for (;;) {
    const next = pending.shift();
    const answer = await ui.input({
      title,
      prompt:
        out.length > 0
          ? vscode.l10n.t('Environment variable NAME=value (set so far: {0}; leave empty to finish)', out.map((e) => e.name).join(', '))
          : vscode.l10n.t('Environment variable NAME=value (leave empty to finish)'),
      value: next ? `${next.name}=${next.value}` : '',
      validate: (v) => {
        const text = v.trim();
        if (text === '') return undefined;
        const eq = text.indexOf('=');
        const name = eq < 0 ? text : text.slice(0, eq).trim();
        if (eq < 0) return vscode.l10n.t('Write NAME=value (an empty value is NAME=).');
        if (!ENV_NAME.test(name)) return vscode.l10n.t('"{0}" is not a variable name: letters, digits and "_", not starting with a digit.', name);
        if (out.some((e) => e.name === name)) return vscode.l10n.t('{0} is already set.', name);
        return undefined;
      },
    });
    if (answer === undefined) return undefined;
    const text = answer.trim();
    if (text === '') return out;
    const eq = text.indexOf('=');
    out.push({ name: text.slice(0, eq).trim(), value: text.slice(eq + 1) });
  }
}

interface LabelItem extends vscode.QuickPickItem {
  label_?: Label;
}

/** The workspace's resource labels to tick, and `name=value` ones to add (created with POST /labels). */
async function askLabels(ui: StudioUi, lookups: CreateLookups, title: string, current: Label[]): Promise<Label[] | undefined> {
  const existing = await lookups.listResourceLabels();
  const all = [...existing, ...current.filter((c) => !existing.some((e) => e.id === c.id))];
  const addNew: LabelItem = { label: vscode.l10n.t('$(add) New label…'), description: vscode.l10n.t('name=value') };
  const items: LabelItem[] = [
    ...all.map((l) => ({ label: labelText(l), description: l.isDefault ? vscode.l10n.t('default') : undefined, picked: current.some((c) => c.id === l.id), label_: l })),
    addNew,
  ];
  const picked = await ui.pickMany(items, { title, placeHolder: vscode.l10n.t('Resource labels of the Studio') });
  if (!picked) return undefined;
  const labels = picked.flatMap((p) => (p.label_ ? [p.label_] : []));
  if (picked.includes(addNew)) {
    const typed = await ui.input({
      title,
      prompt: vscode.l10n.t('New resource labels as name=value, separated by commas'),
      validate: (v) => {
        for (const part of v.split(',').map((p) => p.trim()).filter(Boolean)) {
          const eq = part.indexOf('=');
          if (eq <= 0 || eq === part.length - 1) return vscode.l10n.t('"{0}" is not name=value.', part);
        }
        return undefined;
      },
    });
    if (typed === undefined) return undefined;
    for (const part of typed.split(',').map((p) => p.trim()).filter(Boolean)) {
      const eq = part.indexOf('=');
      const made = await lookups.createResourceLabel(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
      if (!labels.some((l) => l.id === made.id)) labels.push(made);
    }
  }
  return labels;
}
