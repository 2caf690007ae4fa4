import * as vscode from 'vscode';
import { inputError } from '../net/errors';
import { CreateLookups } from '../platform/createLookups';
import { shownRemote } from '../git/remoteUrl';
import type { ComputeEnvSummary, DataLink, Studio, StudioCreateRequest, StudioTemplate } from '../platform/studioTypes';
import { proposedName } from '../platform/randomName';
import { templateDisplayName } from '../platform/studioTools';
import type { StudiosFeature } from './studiosFeature';
import { askStudioName } from './askName';
import { askCreateOptions, optionLines, type CreateOptions } from './createOptions';
import { askConda } from './createCondaStep';
import { createOrExplain } from './createRequest';
import { createSummary, type SummaryInput } from './createSummary';
import { followStudio } from './follow';
import { findRepository, loadRepoPlan, shortRepository, repositoryOf, type RepoPlan } from './repoSource';
import { requireContext } from './resolve';
import { afterStart } from './start';
import { askResources } from './startOptions';

/**
 * Seqera: Create Studio. A short multi-step pick: from this Git repository,
 * a template (recommended ones first, by their real names) or a custom image,
 * compute environment, name (the naming rule checked as you type, then the
 * Platform asked), resources, a conda environment from an open file or one
 * picked (templates only), data links, then a summary with Create and Start /
 * Create Only / More Options… (environment variables, labels, private with an
 * allow-list, spot). From a repository, `.seqera/studio-config.yaml` fills in
 * what it defines, as the Platform's web app does. Resolves with the created Studio.
 */
interface TemplateItem extends vscode.QuickPickItem {
  template?: StudioTemplate;
  repo?: true;
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
  const lookups = new CreateLookups(api.client, api.workspaceId, ctx.orgId);
  const personal = api.workspaceId === undefined;
  const title = vscode.l10n.t('Create Studio');
  const cesP = api.listComputeEnvs();
  const linksP = api.listDataLinks().catch(() => [] as DataLink[]);
  const settingsP = lookups.studioSettings().catch(() => undefined);
  const templatesP = api.listTemplates();
  cesP.catch(() => undefined);
  templatesP.catch(() => undefined);
  const repoInfo = await findRepository(f.repoReader);
  const repoItem = (): TemplateItem[] => {
    if (!repoInfo) return [];
    let where: string;
    try {
      const r = repositoryOf(repoInfo);
      where = r.revision ? `${shortRepository(r.repository)} @ ${r.revision.slice(0, 40)}` : shortRepository(r.repository);
    } catch {
      where = shownRemote(repoInfo.remoteUrl);
    }
    return [{ label: vscode.l10n.t('$(repo) From this Git repository'), description: where, detail: vscode.l10n.t('the Platform clones it into the Studio and reads its .seqera/studio-config.yaml'), repo: true }];
  };

  const first = await f.ui.pick(
    templatesP.then((t) => [...repoItem(), ...templateItems(t)]),
    { title, step: 1, placeHolder: vscode.l10n.t('From this repository, a template or a custom image') },
  );
  if (!first) return undefined;
  let plan: RepoPlan | undefined;
  let source: TemplateItem = first;
  let image: string | undefined;
  let custom = false;
  let templateText = '';
  if (first.repo && repoInfo) {
    plan = await loadRepoPlan(repoInfo);
    const kind = plan.config?.template.kind ?? 'none';
    if (kind === 'registry') {
      image = plan.config?.template.registry;
      const known = (await templatesP).find((t) => t.repository === image);
      source = { label: '', template: known };
      custom = !known;
      templateText = known ? `${templateDisplayName(known)} (${image})` : vscode.l10n.t('custom image {0} (from {1})', image ?? '', '.seqera/studio-config.yaml');
    } else if (kind === 'dockerfile') {
      custom = true;
      templateText = vscode.l10n.t('built by the Platform from .seqera/{0} with Wave', plan.config?.template.dockerfile ?? 'Dockerfile');
    } else {
      const picked = await f.ui.pick(templatesP.then(templateItems), { title, step: 1, placeHolder: vscode.l10n.t('Template or custom image for the repository') });
      if (!picked) return undefined;
      source = picked;
    }
  }
  if (!plan || (plan.config?.template.kind ?? 'none') === 'none') {
    image = source.template?.repository;
    custom = source.template === undefined;
    if (custom) {
      image = await f.ui.input({
        title,
        step: 1,
        prompt: vscode.l10n.t('Container image, e.g. ghcr.io/org/my-studio:1.0'),
        validate: (v) => (/^\S+$/.test(v.trim()) ? undefined : vscode.l10n.t('Enter an image reference without spaces.')),
      });
      if (image === undefined) return undefined;
      image = image.trim();
    }
    templateText = source.template ? `${templateDisplayName(source.template)} (${image})` : vscode.l10n.t('custom image {0}', image ?? '');
  }
  const links = (await linksP).filter((l) => l.id && l.status !== 'INVALID');
  const condaStep = !custom && !plan?.conda;
  const total = 4 + (condaStep ? 1 : 0) + (links.length > 0 ? 1 : 0);
  let n = 1;
  const step = (k: number) => ({ title, step: k, totalSteps: total });

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

  const config = plan?.config;
  const tool = source.template?.tool ?? image?.split('/').pop()?.split(':')[0] ?? 'studio';
  const suggestion = config?.name ?? (await proposedName(api.client, `${tool}-${new Date().toISOString().slice(0, 10)}`));
  const name = await askStudioName(f.ui, ctx, suggestion, step(++n));
  if (name === undefined) return undefined;

  // The configuration's awsBatch requirements apply to AWS Batch compute environments only (the Platform's docs).
  const batch = ce.ce.platform === 'aws-batch' ? config?.awsBatch : undefined;
  const resources = await askResources(f.ui, { cpu: batch?.cpu, memory: batch?.memory, gpu: batch?.gpu, lifespanHours: config?.lifespanHours }, step(++n));
  if (!resources) return undefined;

  const request: StudioCreateRequest = { name, computeEnvId: ce.ce.id, dataStudioToolUrl: image, configuration: { ...resources } };
  if (config?.description) request.description = config.description;
  if (config?.sshEnabled !== undefined) request.configuration = { ...request.configuration, sshEnabled: config.sshEnabled };
  const summary: SummaryInput = { workspace: ctx.workspaceLabel, template: templateText, computeEnv: ce.ce, name, resources, extra: [], notes: [] };
  if (plan) {
    request.remoteConfig = { repository: plan.repository, revision: plan.revision };
    summary.extra?.push(
      plan.revision ? vscode.l10n.t('Repository: {0} at {1}', plan.repository, plan.revision) : vscode.l10n.t('Repository: {0}', plan.repository),
      config && !config.clone.enabled
        ? vscode.l10n.t('Cloned into the Studio: no (clone.enabled is false)')
        : vscode.l10n.t('Cloned into the Studio at {0}', config?.clone.path ?? '/workspace'),
      config ? vscode.l10n.t('Studio configuration: .seqera/studio-config.yaml') : vscode.l10n.t('Studio configuration: none (.seqera/studio-config.yaml is not in the repository)'),
    );
    summary.notes?.push(...plan.notes);
    if (plan.conda) {
      request.configuration = { ...request.configuration, condaEnvironment: plan.conda.text };
      summary.conda = plan.conda;
    }
  }

  if (condaStep) {
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

  const settings = await settingsP;
  if (config?.template.kind === 'dockerfile' && settings && !settings.containerRepository) {
    summary.notes?.push(vscode.l10n.t('{0} has no container repository for Studio images (Settings > Studios): the Platform cannot push the image it builds from the Dockerfile, so the build will fail.', ctx.workspaceLabel));
  }
  let options: CreateOptions = {
    environment: config?.environment ?? [],
    labels: [],
    isPrivate: config?.isPrivate ?? settings?.privateStudioByDefault ?? false,
    allowed: [],
    spot: false,
  };
  const startNow = vscode.l10n.t('Create and Start');
  const createOnly = vscode.l10n.t('Create Only');
  const more = vscode.l10n.t('More Options…');
  let when: string | undefined;
  for (;;) {
    const { message, detail } = createSummary({ ...summary, options: optionLines(options, personal) });
    when = await f.ui.choose(message, detail, [startNow, createOnly, more]);
    if (when !== more) break;
    options = (await askCreateOptions(f.ui, lookups, options, { title, ce: ce.ce, personal, userId: ctx.userId })) ?? options;
  }
  if (when !== startNow && when !== createOnly) return undefined;
  const autoStart = when === startNow;
  if (options.environment.length > 0) {
    request.configuration = { ...request.configuration, environment: Object.fromEntries(options.environment.map((e) => [e.name, e.value])) };
  }
  if (options.labels.length > 0) request.labelIds = options.labels.map((l) => l.id);
  request.isPrivate = options.isPrivate;
  if (options.isPrivate && options.allowed.length > 0) request.allowedUserIds = options.allowed.map((p) => p.userId);
  if (options.spot) request.spot = true;

  const studio = await createOrExplain(ctx, request, autoStart);
  f.store.applyStudio(studio, ctx);
  if (!autoStart) {
    void f.ui.info(vscode.l10n.t('Created Studio {0}.', studio.name));
    return studio;
  }
  return afterStart(f, studio, await followStudio(f, studio, 'start', ctx));
}
