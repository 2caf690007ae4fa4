import * as vscode from 'vscode';
import { SeqeraError } from '../net/errors';
import type { ComputeEnvSummary, DataLink, Studio } from '../platform/studioTypes';
import { currentValues, EDIT_LIMITS, editProblems, type EditField, type StudioEdits } from './editDraft';
import { formatMemory } from './studioPresentation';
import type { StudioContext } from './studioStore';
import type { StudiosFeature } from './studiosFeature';

/**
 * The fields of "Edit Studio…": how each shows its value in the menu and how
 * it is asked for. Each asker resolves the new value, or undefined when the
 * user backed out (the menu then comes back unchanged).
 */
export type MenuField = EditField | 'privateSpot';

export interface FieldItem extends vscode.QuickPickItem {
  field?: MenuField;
  save?: true;
}

/** What the edit flow knows besides the Studio: names of data links and compute environments met so far. */
export interface EditNames {
  dataLinks: Map<string, string>;
  computeEnvs: Map<string, string>;
}

export function editNames(studio: Studio): EditNames {
  const dataLinks = new Map<string, string>();
  for (const d of studio.mountedDataLinks ?? []) if (d.id) dataLinks.set(d.id, d.name ?? d.id);
  const computeEnvs = new Map<string, string>();
  const ce = studio.computeEnv;
  if (ce?.id) computeEnvs.set(ce.id, [ce.name ?? ce.id, [ce.platform, ce.region].filter(Boolean).join(', ')].filter(Boolean).join(' · '));
  return { dataLinks, computeEnvs };
}

/** A field's value as the menu and the summary show it. */
export function showValue(field: EditField, values: StudioEdits, names: EditNames): string {
  const none = vscode.l10n.t('none');
  switch (field) {
    case 'name':
      return values.name ?? '';
    case 'description':
      return values.description ? oneLine(values.description) : none;
    case 'cpu':
    case 'gpu':
      return values[field] === undefined ? vscode.l10n.t('Platform default') : String(values[field]);
    case 'memory':
      return values.memory === undefined ? vscode.l10n.t('Platform default') : formatMemory(values.memory);
    case 'lifespanHours':
      return values.lifespanHours === undefined ? vscode.l10n.t('workspace default') : `${values.lifespanHours} h`;
    case 'condaEnvironment': {
      const text = values.condaEnvironment ?? '';
      if (text.trim() === '') return none;
      const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').length;
      return lines === 1 ? vscode.l10n.t('1 line') : vscode.l10n.t('{0} lines', lines);
    }
    case 'mountDataLinkIds': {
      const ids = values.mountDataLinkIds ?? [];
      return ids.length === 0 ? none : ids.map((id) => names.dataLinks.get(id) ?? id).join(', ');
    }
    case 'sshEnabled':
      return values.sshEnabled ? vscode.l10n.t('enabled') : vscode.l10n.t('disabled');
    case 'computeEnvId':
      return values.computeEnvId ? (names.computeEnvs.get(values.computeEnvId) ?? values.computeEnvId) : none;
  }
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

export function fieldLabel(field: EditField): string {
  switch (field) {
    case 'name':
      return vscode.l10n.t('Name');
    case 'description':
      return vscode.l10n.t('Description');
    case 'cpu':
      return vscode.l10n.t('CPUs');
    case 'memory':
      return vscode.l10n.t('Memory');
    case 'gpu':
      return vscode.l10n.t('GPUs');
    case 'lifespanHours':
      return vscode.l10n.t('Lifespan');
    case 'condaEnvironment':
      return vscode.l10n.t('Conda environment');
    case 'mountDataLinkIds':
      return vscode.l10n.t('Mounted data');
    case 'sshEnabled':
      return vscode.l10n.t('SSH');
    case 'computeEnvId':
      return vscode.l10n.t('Compute environment');
  }
}

/** The fields offered for this Studio: conda environments only for template Studios, as in Create Studio. */
export function fieldsOf(studio: Studio): EditField[] {
  const fields: EditField[] = ['name', 'description', 'cpu', 'memory', 'gpu', 'lifespanHours'];
  if (!studio.customImage) fields.push('condaEnvironment');
  fields.push('mountDataLinkIds', 'sshEnabled', 'computeEnvId');
  return fields;
}

function problemOf(edits: StudioEdits): string | undefined {
  const p = editProblems(edits)[0];
  return p ? `${fieldLabel(p.field)} ${p.problem}.` : undefined;
}

function wholeNumber(field: 'cpu' | 'gpu' | 'lifespanHours'): (v: string) => string | undefined {
  return (v) => {
    const t = v.trim();
    if (t === '') return vscode.l10n.t('Enter a whole number.');
    return problemOf({ [field]: Number(t) });
  };
}

export interface AskContext {
  f: StudiosFeature;
  ctx: StudioContext;
  studio: Studio;
  values: StudioEdits;
  names: EditNames;
  title: string;
}

/** Asks for one field; resolves the new value (as a partial edit) or undefined when backed out. */
export async function askField(a: AskContext, field: EditField): Promise<StudioEdits | undefined> {
  const { f, values, title } = a;
  const prompt = (what: string) => ({ title, prompt: what });
  switch (field) {
    case 'name':
      return askName(a);
    case 'description': {
      const v = await f.ui.input({
        ...prompt(vscode.l10n.t('Description (at most {0} characters; empty for none)', EDIT_LIMITS.description)),
        value: values.description ?? '',
        validate: (text) => problemOf({ description: text }),
      });
      return v === undefined ? undefined : { description: v };
    }
    case 'cpu':
    case 'gpu':
    case 'lifespanHours': {
      const what =
        field === 'cpu' ? vscode.l10n.t('CPUs') : field === 'gpu' ? vscode.l10n.t('GPUs (0 for none)') : vscode.l10n.t('Lifespan in hours (how long each run may last)');
      const current = values[field];
      const v = await f.ui.input({ ...prompt(what), value: current === undefined ? '' : String(current), validate: wholeNumber(field) });
      return v === undefined ? undefined : { [field]: Number(v.trim()) };
    }
    case 'memory': {
      const gib = values.memory === undefined ? '' : String(Math.round((values.memory / 1024) * 100) / 100);
      const v = await f.ui.input({
        ...prompt(vscode.l10n.t('Memory in GiB (e.g. 16, or 0.5 for 512 MiB)')),
        value: gib,
        validate: (text) => {
          const n = Number(text.trim());
          if (text.trim() === '' || !Number.isFinite(n) || n <= 0) return vscode.l10n.t('Enter a number of GiB above 0.');
          return problemOf({ memory: Math.round(n * 1024) });
        },
      });
      return v === undefined ? undefined : { memory: Math.round(Number(v.trim()) * 1024) };
    }
    case 'condaEnvironment':
      return askConda(a);
    case 'mountDataLinkIds':
      return askMounts(a);
    case 'sshEnabled': {
      const on = vscode.l10n.t('Enabled');
      const picked = await f.ui.pick(
        [
          { label: on, description: values.sshEnabled ? vscode.l10n.t('current') : undefined, detail: vscode.l10n.t('connect with ssh or Remote-SSH once it runs') },
          { label: vscode.l10n.t('Disabled'), description: values.sshEnabled ? undefined : vscode.l10n.t('current') },
        ],
        { title, placeHolder: vscode.l10n.t('SSH access to the Studio') },
      );
      return picked ? { sshEnabled: picked.label === on } : undefined;
    }
    case 'computeEnvId':
      return askComputeEnv(a);
  }
}

async function askName(a: AskContext): Promise<StudioEdits | undefined> {
  const { f, ctx, studio, title } = a;
  let value = a.values.name ?? studio.name;
  let prompt = vscode.l10n.t('Name (1 to {0} characters, unique in the workspace)', EDIT_LIMITS.name);
  for (;;) {
    const answer = await f.ui.input({ title, prompt, value, validate: (v) => problemOf({ name: v }) });
    if (answer === undefined) return undefined;
    const name = answer.trim();
    if (name.toLowerCase() === studio.name.toLowerCase()) return { name };
    try {
      await ctx.api.validateName(name);
      return { name };
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

async function askConda(a: AskContext): Promise<StudioEdits | undefined> {
  const { f, values, title } = a;
  const has = (values.condaEnvironment ?? '').trim() !== '';
  const items: (vscode.QuickPickItem & { text?: string })[] = [];
  if (has) items.push({ label: vscode.l10n.t('Remove the conda environment'), text: '' });
  for (const file of f.ui.openCondaFiles()) items.push({ label: file.label, description: vscode.l10n.t('open conda environment file'), text: file.text });
  if (items.length === 0) {
    void f.ui.info(vscode.l10n.t('Open a conda environment file (environment.yml) in the editor to use it for this Studio.'));
    return undefined;
  }
  const picked = await f.ui.pick(items, { title, placeHolder: vscode.l10n.t('Packages installed in the Studio when it starts (Wave builds its image)') });
  if (!picked || picked.text === undefined) return undefined;
  if (picked.text.length > EDIT_LIMITS.condaEnvironment) {
    void f.ui.warn(vscode.l10n.t('{0} has {1} characters; a Studio accepts at most {2}. Shorten it (e.g. drop comments and pinned builds) and pick it again.', picked.label, picked.text.length, EDIT_LIMITS.condaEnvironment));
    return undefined;
  }
  return { condaEnvironment: picked.text };
}

async function askMounts(a: AskContext): Promise<StudioEdits | undefined> {
  const { f, ctx, values, names, title } = a;
  const links = await f.ui.progress(vscode.l10n.t('Listing data links in {0}', ctx.workspaceLabel), (_p, signal) => ctx.api.listDataLinks(signal));
  const current = new Set(values.mountDataLinkIds ?? []);
  const items: (vscode.QuickPickItem & { link: DataLink & { id: string } })[] = links
    .filter((l): l is DataLink & { id: string } => typeof l.id === 'string' && (l.status !== 'INVALID' || current.has(l.id)))
    .map((l) => ({ label: l.name ?? l.id, description: l.resourceRef, picked: current.has(l.id), link: l }));
  for (const l of items) names.dataLinks.set(l.link.id, l.label);
  if (items.length === 0) {
    void f.ui.info(vscode.l10n.t('{0} has no data links to mount.', ctx.workspaceLabel));
    return undefined;
  }
  const picked = await f.ui.pickMany(items, { title, placeHolder: vscode.l10n.t('Data links to mount (none selected: mount nothing)') });
  return picked ? { mountDataLinkIds: picked.map((p) => p.link.id) } : undefined;
}

async function askComputeEnv(a: AskContext): Promise<StudioEdits | undefined> {
  const { f, ctx, studio, values, names, title } = a;
  const ces = await f.ui.progress(vscode.l10n.t('Finding compute environments compatible with Studio {0}', studio.name), (_p, signal) =>
    ctx.api.listCompatibleComputeEnvs(studio.sessionId, signal),
  );
  const label = (c: ComputeEnvSummary) => [c.name, [c.platform, c.region].filter(Boolean).join(', ')].filter(Boolean).join(' · ');
  for (const c of ces) names.computeEnvs.set(c.id, label(c));
  const others = ces.filter((c) => c.id !== studio.computeEnv?.id);
  if (others.length === 0) {
    void f.ui.info(vscode.l10n.t('No other compute environment in {0} is compatible with the one of Studio {1} ({2}).', ctx.workspaceLabel, studio.name, showValue('computeEnvId', currentValues(studio), names)));
    return undefined;
  }
  const resources = (c: ComputeEnvSummary) => {
    const r = c.resources;
    if (!r) return undefined;
    return [r.cpus !== undefined ? `${r.cpus} CPU` : '', r.gpus ? `${r.gpus} GPU` : ''].filter(Boolean).join(' · ') || undefined;
  };
  const picked = await f.ui.pick(
    ces.map((c) => ({
      label: c.name,
      description: [c.platform, c.region].filter(Boolean).join(' · ') + (c.id === values.computeEnvId ? ` · ${vscode.l10n.t('selected')}` : '') + (c.id === studio.computeEnv?.id ? ` · ${vscode.l10n.t('current')}` : ''),
      detail: resources(c),
      ce: c,
    })),
    { title, placeHolder: vscode.l10n.t('Compute environments compatible with the Studio\'s current one') },
  );
  return picked ? { computeEnvId: picked.ce.id } : undefined;
}
