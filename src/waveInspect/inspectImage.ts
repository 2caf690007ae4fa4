import * as vscode from 'vscode';
import { inputError } from '../net/errors';
import type { Services } from '../services';
import { InspectDocuments } from './inspectDocuments';
import { inspectImage, isValidPlatform, type InspectAuth } from '../wave/inspect';
import { renderInspectMarkdown } from '../wave/inspectMarkdown';
import type { IndexSpec } from '../wave/inspectSpec';
import { withCancellableProgress } from '../ui/progress';
import { formatDateTime } from '../ui/dates';

/**
 * "Inspect Container Image": asks Wave for an image's manifest and config and
 * shows them as a read-only Markdown preview. From the palette it asks for the
 * image; from a finished build in the Wave Builds view it takes the built image.
 * Signed in, the Platform token goes along so private registries work.
 */
export const INSPECT_COMMAND = 'wave.inspectImage';
const LAST_IMAGE_KEY = 'seqera.lastInspectedImage';

export interface InspectTarget {
  image: string;
  platform?: string;
  /** The Wave server a build node came from, when it is not the active one. */
  waveUrl?: string;
}

/** The image named by a command argument: a string, `{image, platform}`, or a build node/record. */
export function inspectTargetOf(arg: unknown): InspectTarget | undefined {
  if (typeof arg === 'string') return arg.trim() ? { image: arg.trim() } : undefined;
  if (!arg || typeof arg !== 'object') return undefined;
  const o = arg as Record<string, unknown>;
  for (const key of ['image', 'targetImage', 'containerImage']) {
    const v = o[key];
    if (typeof v === 'string' && v.trim()) {
      return { image: v.trim(), ...(typeof o.platform === 'string' && o.platform ? { platform: o.platform } : {}) };
    }
  }
  for (const key of ['build', 'record', 'item', 'data']) {
    const nested = inspectTargetOf(o[key]);
    if (nested) return nested;
  }
  return undefined;
}

export function checkImageReference(raw: string): string | undefined {
  const value = raw.trim().replace(/^docker:\/\//, '');
  if (!value) return vscode.l10n.t('Enter an image such as ubuntu:24.04 or quay.io/biocontainers/samtools:1.17--h00cdaf9_0.');
  if (/\s/.test(value) || value.length > 512) return vscode.l10n.t('An image reference has no spaces.');
  return undefined;
}

/** A node of the Wave Builds view: the built image, on the platform it was built for (when that is one). */
function buildTarget(services: Services, arg: unknown): InspectTarget | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const node = arg as { kind?: unknown; id?: unknown };
  if (node.kind !== 'build' || typeof node.id !== 'string') return undefined;
  const entry = services.waveBuilds.get(node.id);
  if (!entry) throw inputError(vscode.l10n.t('That build is no longer in the Wave Builds history.'));
  const platform = entry.options.platform;
  return {
    image: entry.targetImage,
    ...(platform && !platform.includes(',') ? { platform } : {}),
    waveUrl: entry.waveUrl,
  };
}

export async function inspectImageCommand(services: Services, arg?: unknown): Promise<vscode.Uri | undefined> {
  const target = buildTarget(services, arg) ?? inspectTargetOf(arg) ?? (await askForImage(services));
  if (!target) return undefined;
  const image = target.image.replace(/^docker:\/\//, '');
  const problem = checkImageReference(image);
  if (problem) throw inputError(problem);
  if (target.platform && !isValidPlatform(target.platform)) {
    throw inputError(vscode.l10n.t('"{0}" is not a single platform such as linux/amd64.', target.platform));
  }
  const { session, workspaces, http, context, log } = services;
  if (session.state === 'initializing') await session.reload();
  const endpoints = session.endpoints;
  if (!endpoints) throw session.endpointError ?? inputError(vscode.l10n.t('No Wave endpoint is configured.'));

  // The Platform token only goes to the Wave of the active endpoint: a build made
  // through another endpoint's Wave is inspected there anonymously.
  const waveUrl = target.waveUrl ?? endpoints.waveUrl;
  const credentials = waveUrl === endpoints.waveUrl ? session.waveCredentials() : undefined;
  const auth: InspectAuth | undefined = credentials
    ? { token: credentials.towerAccessToken, apiUrl: credentials.towerEndpoint, workspaceId: workspaces.active?.workspaceId }
    : undefined;
  log.info(`inspect ${image}${target.platform ? ` (${target.platform})` : ''} on ${waveUrl}${auth ? ' with the Platform token' : ' anonymously'}`);

  const result = await withCancellableProgress(vscode.l10n.t('Inspecting {0} with Wave…', image), (_progress, signal) =>
    inspectImage(http, waveUrl, { image, platform: target.platform, auth, signal }),
  );
  await context.globalState.update(LAST_IMAGE_KEY, image);

  const uri = InspectDocuments.uriFor(image, target.platform);
  services.inspectDocuments.set(uri, renderInspectMarkdown(image, result, { platform: target.platform, waveUrl, formatDate: formatDateTime }));
  await showMarkdown(uri, log);
  if (result.kind === 'index') void offerPlatforms(image, result.index);
  return uri;
}

async function askForImage(services: Services): Promise<InspectTarget | undefined> {
  const image = await vscode.window.showInputBox({
    title: vscode.l10n.t('Inspect Container Image'),
    prompt: vscode.l10n.t('Image to inspect with Wave (registry/repository:tag or @digest)'),
    placeHolder: 'quay.io/biocontainers/samtools:1.17--h00cdaf9_0',
    value: services.context.globalState.get<string>(LAST_IMAGE_KEY) ?? '',
    ignoreFocusOut: true,
    validateInput: (v) => checkImageReference(v),
  });
  return image?.trim() ? { image: image.trim() } : undefined;
}

async function showMarkdown(uri: vscode.Uri, log: vscode.LogOutputChannel): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.languageId !== 'markdown') await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch (e) {
    log.debug(`markdown preview unavailable (${e instanceof Error ? e.message : String(e)}); showing the text`);
    await vscode.window.showTextDocument(doc, { preview: true });
  }
}

async function offerPlatforms(image: string, index: IndexSpec): Promise<void> {
  const platforms = index.manifests
    .map((m) => m.platform)
    .filter((p): p is NonNullable<typeof p> => !!p?.architecture && p.os !== 'unknown')
    .map((p) => [p.os ?? 'linux', p.architecture, p.variant].filter(Boolean).join('/'));
  if (platforms.length === 0) return;
  const choose = vscode.l10n.t('Choose Platform…');
  const answer = await vscode.window.showInformationMessage(
    vscode.l10n.t('{0} is a multi-platform image ({1}). Inspect one platform to see its layers and settings.', image, platforms.join(', ')),
    choose,
  );
  if (answer !== choose) return;
  const platform = await vscode.window.showQuickPick(platforms, { title: vscode.l10n.t('Platform of {0}', image) });
  if (platform) await vscode.commands.executeCommand(INSPECT_COMMAND, { image, platform });
}
