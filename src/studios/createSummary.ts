import * as vscode from 'vscode';
import type { ComputeEnvSummary } from '../platform/studioTypes';
import type { CondaChoice } from './createCondaStep';
import type { Resources } from './startOptions';
import { DEFAULT_RESOURCES } from './startOptions';
import { formatMemory } from './studioPresentation';

/**
 * The summary Create Studio shows before anything is sent: every answer of the
 * flow on a line of its own, in the modal that offers Create and Start or
 * Create Only.
 */
export interface SummaryInput {
  workspace: string;
  template: string;
  computeEnv: ComputeEnvSummary;
  name: string;
  resources: Resources;
  conda?: CondaChoice;
  dataLinks?: string[];
  /** The More Options… answers, one line each. */
  options?: string[];
  /** Lines that go at the end (e.g. a repository's warnings). */
  notes?: string[];
  /** Lines after the template (e.g. the repository and revision). */
  extra?: string[];
}

export function createSummary(s: SummaryInput): { message: string; detail: string } {
  const r = s.resources;
  const res = [`${r.cpu ?? DEFAULT_RESOURCES.cpu} CPU`, formatMemory(r.memory ?? DEFAULT_RESOURCES.memory)];
  if (r.gpu) res.push(`${r.gpu} GPU`);
  const lines = [
    vscode.l10n.t('Template: {0}', s.template),
    ...(s.extra ?? []),
    vscode.l10n.t('Compute environment: {0}', [s.computeEnv.name, s.computeEnv.platform, s.computeEnv.region].filter(Boolean).join(' · ')),
    vscode.l10n.t('Resources: {0}', res.join(' · ')),
    r.lifespanHours ? vscode.l10n.t('Lifespan: {0} h', r.lifespanHours) : vscode.l10n.t('Lifespan: the workspace default'),
    s.conda
      ? s.conda.packages === 1
        ? vscode.l10n.t('Conda environment: {0} (1 package, built by Wave when the Studio starts)', s.conda.label)
        : vscode.l10n.t('Conda environment: {0} ({1} packages, built by Wave when the Studio starts)', s.conda.label, s.conda.packages)
      : vscode.l10n.t('Conda environment: none'),
    s.dataLinks?.length ? vscode.l10n.t('Data links: {0}', s.dataLinks.join(', ')) : vscode.l10n.t('Data links: none'),
    ...(s.options ?? []),
    ...(s.notes ?? []),
  ];
  return { message: vscode.l10n.t('Create Studio "{0}" in {1}?', s.name, s.workspace), detail: lines.join('\n') };
}
