import * as vscode from 'vscode';
import { inputError } from '../net/errors';
import type { ComputeEnvSummary, DataLink, Studio, StudioCreateRequest, StudioTemplate } from '../platform/studioTypes';
import { proposedName } from '../platform/randomName';
import { templateDisplayName } from '../platform/studioTools';
import type { StudiosFeature } from './studiosFeature';
import { askStudioName } from './askName';
import { askConda } from './createCondaStep';
import { createOrExplain } from './createRequest';
import { createSummary, type SummaryInput } from './createSummary';
import { followStudio } from './follow';
import { requireContext } from './resolve';
import { afterStart } from './start';
import { askResources } from './startOptions';

/**
 * Seqera: Create Studio. A short multi-step pick: template (recommended ones
 * first, by their real names) or custom image, compute environment, name
 * (the naming rule checked as you type, then the Platform asked), resources,
 * a conda environment from an open file or one picked (templates only), data
 * links, then a summary with Create and Start / Create Only. Resolves with the
 * created Studio.
 */
interface TemplateItem extends vscode.QuickPickItem {
  template?: StudioTemplate;
}

const STATUS_WORDS: Record<string, () => string> = {
  recommended: () => vscode.l10n.t('recommended'),
  experimental: () => vscode.l10n.t('experimental'),
  deprecated: () => vscode.l10n.t('deprecated'),
};

/** Recommended first, then the others, deprecated last; each group in the Platform's order. */
export function templateItems(templates: readonly StudioTemplate[]): TemplateItem[] {
  const usable = templates.filter((t) => t.repository && t.status !== 'unsupported');
  const rank = (t: StudioTemplate): number => (t.status === 'recommended' ? 0 : t.status === 'deprecated' ? 2 : 1);
  const sorted = usable.map((t, i) => ({ t, i })).sort((a, b) => rank(a.t) - rank(b.t) || a.i - b.i).map((x) => x.t);
  return [
    ...sorted.map((t) => ({
      label: `${t.status === 'recommended' ? '$(star-full) ' : ''}${templateDisplayName(t)}`,
      description: t.status ? STATUS_WORDS[t.status]?.() ?? t.status : undefined,
      detail: t.repository,
      template: t,
    })),
    { label: vscode.l10n.t('Custom container image…'), description: vscode.l10n.t('any image with the Studio tooling') },
  ];
}

interface CeItem extends vscode.QuickPickItem {
  ce: ComputeEnvSummary;
}

interface LinkItem extends vscode.QuickPickItem {
  link: DataLink;
}

export async function createStudio(f: StudiosFeature): Promise<Studio | undefined> {
  const ctx = requireContext(f);
  const api = ctx.api;
  const title = vscode.l10n.t('Create Studio');
  const cesP = api.listComputeEnvs();
  const linksP = api.listDataLinks().catch(() => [] as DataLink[]);
  cesP.catch(() => undefined);

  const source = await f.ui.pick(api.listTemplates().then(templateItems), { title, step: 1, placeHolder: vscode.l10n.t('Template or custom image') });
  if (!source) return undefined;
  const links = (await linksP).filter((l) => l.id && l.status !== 'INVALID');
  const custom = source.template === undefined;
  const total = 4 + (custom ? 0 : 1) + (links.length > 0 ? 1 : 0);
  let n = 1;
  const step = (k: number) => ({ title, step: k, totalSteps: total });

  let image = source.template?.repository;
  if (custom) {
    image = await f.ui.input({
      ...step(1),
      prompt: vscode.l10n.t('Container image, e.g. ghcr.io/org/my-studio:1.0'),
      validate: (v) => (/^\S+$/.test(v.trim()) ? undefined : vscode.l10n.t('Enter an image reference without spaces.')),
    });
    if (image === undefined) return undefined;
    image = image.trim();
  }

  const ces = await cesP;
  if (ces.length === 0) {
    throw inputError(vscode.l10n.t('No compute environment is available in {0}. Add one on the Platform first.', ctx.workspaceLabel));
  }
  ces.sort((a, b) => Number(b.primary ?? false) - Number(a.primary ?? false) || a.name.localeCompare(b.name));
  const ce = await f.ui.pick<CeItem>(
    ces.map((c) => ({
      label: c.name,
      description: [c.platform, c.region].filter(Boolean).join(' · '),
      detail: c.primary ? vscode.l10n.t('primary') : undefined,
      ce: c,
    })),
    { ...step(++n), placeHolder: vscode.l10n.t('Compute environment') },
  );
  if (!ce) return undefined;

  const tool = source.template?.tool ?? image?.split('/').pop()?.split(':')[0] ?? 'studio';
  const suggestion = await proposedName(api.client, `${tool}-${new Date().toISOString().slice(0, 10)}`);
  const name = await askStudioName(f.ui, ctx, suggestion, step(++n));
  if (name === undefined) return undefined;

  const resources = await askResources(f.ui, {}, step(++n));
  if (!resources) return undefined;

  const request: StudioCreateRequest = { name, computeEnvId: ce.ce.id, dataStudioToolUrl: image, configuration: { ...resources } };
  const summary: SummaryInput = {
    workspace: ctx.workspaceLabel,
    template: source.template ? `${templateDisplayName(source.template)} (${image})` : vscode.l10n.t('custom image {0}', image ?? ''),
    computeEnv: ce.ce,
    name,
    resources,
  };

  if (!custom) {
    const conda = await askConda(f.ui, step(++n));
    if (conda === undefined) return undefined;
    if (conda) {
      request.configuration = { ...request.configuration, condaEnvironment: conda.text };
      summary.conda = conda;
    }
  }

  if (links.length > 0) {
    const linkItems: LinkItem[] = links.map((l) => ({ label: l.name ?? l.id ?? '', description: l.resourceRef, link: l }));
    const mounted = await f.ui.pickMany(linkItems, { ...step(++n), placeHolder: vscode.l10n.t('Mount data links (optional)') });
    if (!mounted) return undefined;
    if (mounted.length > 0) {
      request.configuration = { ...request.configuration, mountDataV2: mounted.map((m) => ({ dataLinkId: m.link.id })) };
      summary.dataLinks = mounted.map((m) => m.label);
    }
  }

  const startNow = vscode.l10n.t('Create and Start');
  const createOnly = vscode.l10n.t('Create Only');
  const { message, detail } = createSummary(summary);
  const when = await f.ui.choose(message, detail, [startNow, createOnly]);
  if (when !== startNow && when !== createOnly) return undefined;
  const autoStart = when === startNow;

  const studio = await createOrExplain(ctx, request, autoStart);
  f.store.applyStudio(studio, ctx);
  if (!autoStart) {
    void f.ui.info(vscode.l10n.t('Created Studio {0}.', studio.name));
    return studio;
  }
  return afterStart(f, studio, await followStudio(f, studio, 'start', ctx));
}
