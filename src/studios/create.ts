import * as vscode from 'vscode';
import { inputError } from '../net/errors';
import type { ComputeEnvSummary, DataLink, Studio, StudioCreateRequest, StudioTemplate } from '../platform/studioTypes';
import { proposedName } from '../platform/randomName';
import type { StudiosFeature } from './studiosFeature';
import { askStudioName } from './askName';
import { createOrExplain } from './createRequest';
import { followStudio } from './follow';
import { requireContext } from './resolve';
import { afterStart } from './start';
import { askResources } from './startOptions';

/**
 * Seqera: Create Studio. A short multi-step pick: template or custom image,
 * compute environment, name (checked with the Platform), resources, optional
 * conda environment from an open environment.yml, optional data links, then
 * create and start now or later. Resolves with the created Studio.
 */
const TOTAL_STEPS = 6;
const MAX_CONDA = 2048;

interface TemplateItem extends vscode.QuickPickItem {
  image?: string;
  tool?: string;
}

function templateItems(templates: StudioTemplate[]): TemplateItem[] {
  const usable = templates.filter((t) => t.repository && t.status !== 'unsupported');
  const rank = (t: StudioTemplate): number => (t.status === 'recommended' ? 0 : t.status === 'deprecated' ? 2 : 1);
  usable.sort((a, b) => rank(a) - rank(b));
  return [
    ...usable.map((t) => ({
      label: t.tool ?? t.repository ?? '',
      description: t.repository,
      detail: t.status && t.status !== 'recommended' ? t.status : undefined,
      image: t.repository,
      tool: t.tool,
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
  const step = (n: number) => ({ title, step: n, totalSteps: TOTAL_STEPS });

  const source = await f.ui.pick(api.listTemplates().then(templateItems), { ...step(1), placeHolder: vscode.l10n.t('Template or custom image') });
  if (!source) return undefined;
  let image = source.image;
  const custom = image === undefined;
  if (custom) {
    image = await f.ui.input({
      ...step(1),
      prompt: vscode.l10n.t('Container image, e.g. ghcr.io/org/my-studio:1.0'),
      validate: (v) => (/^\S+$/.test(v.trim()) ? undefined : vscode.l10n.t('Enter an image reference without spaces.')),
    });
    if (image === undefined) return undefined;
    image = image.trim();
  }

  const ces = await api.listComputeEnvs();
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
    { ...step(2), placeHolder: vscode.l10n.t('Compute environment') },
  );
  if (!ce) return undefined;

  const tool = source.tool ?? image?.split('/').pop()?.split(':')[0] ?? 'studio';
  const suggestion = await proposedName(api.client, `${tool}-${new Date().toISOString().slice(0, 10)}`);
  const name = await askStudioName(f.ui, ctx, suggestion, step(3));
  if (name === undefined) return undefined;

  const resources = await askResources(f.ui, {}, step(4));
  if (!resources) return undefined;

  const request: StudioCreateRequest = { name, computeEnvId: ce.ce.id, dataStudioToolUrl: image, configuration: { ...resources } };

  if (!custom) {
    const files = f.ui.openCondaFiles();
    if (files.length > 0) {
      const none = { label: vscode.l10n.t('No conda environment'), text: undefined };
      const picked = await f.ui.pick([none, ...files.map((c) => ({ label: c.label, description: vscode.l10n.t('conda environment'), text: c.text }))], {
        ...step(5),
        placeHolder: vscode.l10n.t('Install packages from an open conda environment file?'),
      });
      if (!picked) return undefined;
      if (picked.text !== undefined) {
        if (picked.text.length > MAX_CONDA) {
          throw inputError(vscode.l10n.t('{0} is longer than the {1} characters a Studio accepts.', picked.label, MAX_CONDA));
        }
        request.configuration = { ...request.configuration, condaEnvironment: picked.text };
      }
    }
  }

  const links = await api.listDataLinks().catch(() => [] as DataLink[]);
  const linkItems: LinkItem[] = links
    .filter((l) => l.id && l.status !== 'INVALID')
    .map((l) => ({ label: l.name ?? l.id ?? '', description: l.resourceRef, link: l }));
  if (linkItems.length > 0) {
    const mounted = await f.ui.pickMany(linkItems, { ...step(5), placeHolder: vscode.l10n.t('Mount data links (optional)') });
    if (!mounted) return undefined;
    if (mounted.length > 0) {
      request.configuration = { ...request.configuration, mountDataV2: mounted.map((m) => ({ dataLinkId: m.link.id })) };
    }
  }

  const startNow = vscode.l10n.t('Create and Start');
  const when = await f.ui.pick([{ label: startNow }, { label: vscode.l10n.t('Create Only') }], { ...step(6), placeHolder: vscode.l10n.t('Start it now?') });
  if (!when) return undefined;
  const autoStart = when.label === startNow;

  const studio = await createOrExplain(ctx, request, autoStart);
  f.store.applyStudio(studio, ctx);
  if (!autoStart) {
    void f.ui.info(vscode.l10n.t('Created Studio {0}.', studio.name));
    return studio;
  }
  return afterStart(f, studio, await followStudio(f, studio, 'start', ctx));
}
