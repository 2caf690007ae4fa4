import * as vscode from 'vscode';
import type { StudioConfiguration } from '../platform/studioTypes';
import { formatMemory } from './studioPresentation';
import type { StudioUi } from './studiosUi';

/**
 * Asking for CPU, memory, GPU and lifespan, with the current values (or the
 * Platform's defaults: 2 CPU, 8 GiB, no GPU) offered first. Used by "Start
 * with Options…", Create Studio and "Start New Studio from Checkpoint".
 * Resolves undefined when the user cancels.
 */
export const DEFAULT_RESOURCES = { cpu: 2, memory: 8192, gpu: 0 };

export type Resources = Pick<StudioConfiguration, 'cpu' | 'memory' | 'gpu' | 'lifespanHours'>;

interface PresetItem extends vscode.QuickPickItem {
  resources?: Resources;
}

function describe(r: Resources): string {
  const parts = [`${r.cpu ?? DEFAULT_RESOURCES.cpu} CPU`, formatMemory(r.memory ?? DEFAULT_RESOURCES.memory)];
  if (r.gpu) parts.push(`${r.gpu} GPU`);
  if (r.lifespanHours) parts.push(vscode.l10n.t('{0} h lifespan', r.lifespanHours));
  return parts.join(' · ');
}

function positiveInt(min: number, max: number): (v: string) => string | undefined {
  return (v) => {
    if (v.trim() === '') return undefined;
    const n = Number(v);
    return Number.isInteger(n) && n >= min && n <= max ? undefined : vscode.l10n.t('Enter a whole number from {0} to {1}.', min, max);
  };
}

export async function askResources(
  ui: StudioUi,
  current: Resources,
  step: { title: string; step?: number; totalSteps?: number },
): Promise<Resources | undefined> {
  const base: Resources = {
    cpu: current.cpu ?? DEFAULT_RESOURCES.cpu,
    memory: current.memory ?? DEFAULT_RESOURCES.memory,
    gpu: current.gpu ?? DEFAULT_RESOURCES.gpu,
    lifespanHours: current.lifespanHours,
  };
  const presets: Resources[] = [
    { cpu: 2, memory: 8192, gpu: 0 },
    { cpu: 4, memory: 16384, gpu: 0 },
    { cpu: 8, memory: 32768, gpu: 0 },
    { cpu: 8, memory: 32768, gpu: 1 },
  ].filter((p) => describe(p) !== describe(base));
  const items: PresetItem[] = [
    { label: describe(base), description: vscode.l10n.t('current'), resources: base },
    ...presets.map((p) => ({ label: describe(p), resources: { ...p, lifespanHours: base.lifespanHours } })),
    { label: vscode.l10n.t('Custom…'), description: vscode.l10n.t('CPU, memory, GPU and lifespan') },
  ];
  const picked = await ui.pick(items, { ...step, placeHolder: vscode.l10n.t('Resources') });
  if (!picked) return undefined;
  if (picked.resources) return picked.resources;

  const cpu = await ui.input({ ...step, prompt: vscode.l10n.t('CPUs'), value: String(base.cpu), validate: positiveInt(1, 256) });
  if (cpu === undefined) return undefined;
  const memGiB = await ui.input({
    ...step,
    prompt: vscode.l10n.t('Memory in GiB'),
    value: String((base.memory ?? DEFAULT_RESOURCES.memory) / 1024),
    validate: positiveInt(1, 4096),
  });
  if (memGiB === undefined) return undefined;
  const gpu = await ui.input({ ...step, prompt: vscode.l10n.t('GPUs (0 for none)'), value: String(base.gpu ?? 0), validate: positiveInt(0, 16) });
  if (gpu === undefined) return undefined;
  const lifespan = await ui.input({
    ...step,
    prompt: vscode.l10n.t('Lifespan in hours (empty: the workspace default)'),
    value: base.lifespanHours ? String(base.lifespanHours) : '',
    validate: positiveInt(1, 24 * 365),
  });
  if (lifespan === undefined) return undefined;
  const num = (v: string, fallback: number | undefined): number | undefined => (v.trim() === '' ? fallback : Number(v));
  return {
    cpu: num(cpu, base.cpu),
    memory: memGiB.trim() === '' ? base.memory : Number(memGiB) * 1024,
    gpu: num(gpu, 0),
    lifespanHours: num(lifespan, undefined),
  };
}
