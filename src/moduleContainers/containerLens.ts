import * as vscode from 'vscode';
import { findContainerDirective, type ContainerDirective } from '../nfcore/containerDirective';
import { readContainers, type ModuleContainers } from '../nfcore/metaContainers';
import type { Services } from '../services';
import { mdCode, mdText } from '../ui/markdown';

/**
 * On a module's main.nf: a CodeLens above the `container` directive and a
 * hover on its lines saying which builds they are (build and scan ids from
 * meta.yml), with Open Build Page, Inspect and Rebuild; and a warning
 * Diagnostic when main.nf and meta.yml name different images.
 */
const SELECTOR: vscode.DocumentSelector = [{ scheme: 'file', pattern: '**/main.nf' }];

interface Module {
  directive: ContainerDirective;
  recorded: ModuleContainers | undefined;
  dir: vscode.Uri;
}

async function moduleOf(doc: vscode.TextDocument): Promise<Module | undefined> {
  const found = findContainerDirective(doc.getText());
  if (!found.found) return undefined;
  const dir = vscode.Uri.joinPath(doc.uri, '..');
  let recorded: ModuleContainers | undefined;
  try {
    const meta = vscode.Uri.joinPath(dir, 'meta.yml');
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === meta.toString());
    recorded = readContainers(open?.getText() ?? new TextDecoder().decode(await vscode.workspace.fs.readFile(meta)));
  } catch {
    recorded = undefined;
  }
  return { directive: found.directive, recorded, dir };
}

const rangeOf = (doc: vscode.TextDocument, d: ContainerDirective) => new vscode.Range(doc.positionAt(d.start), doc.positionAt(d.end));

/** Where main.nf and meta.yml disagree (linux/amd64, the images main.nf names); empty when they agree or meta.yml records nothing. */
export function mismatches(d: ContainerDirective, recorded: ModuleContainers | undefined): string[] {
  const out: string[] = [];
  const docker = recorded?.docker['linux/amd64'];
  const sif = recorded?.singularity['linux/amd64'];
  if (docker && docker.name !== d.docker) out.push(vscode.l10n.t('main.nf names the Docker image {0}, meta.yml records {1}', d.docker, docker.name));
  if (sif?.https && sif.https !== d.singularity) out.push(vscode.l10n.t('main.nf names the Singularity image {0}, meta.yml records {1}', d.singularity, sif.https));
  return out;
}

class ContainerLens implements vscode.CodeLensProvider, vscode.HoverProvider {
  constructor(private readonly services: Services) {}

  private waveUrl(): string {
    return this.services.session.endpoints?.waveUrl ?? 'https://wave.seqera.io';
  }

  private page(buildId: string): vscode.Command {
    return { command: 'vscode.open', title: vscode.l10n.t('Open Build Page'), arguments: [vscode.Uri.parse(`${this.waveUrl()}/view/builds/${encodeURIComponent(buildId)}`)] };
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const m = await moduleOf(doc);
    if (!m) return [];
    const range = rangeOf(doc, m.directive).with({ end: doc.positionAt(m.directive.start) });
    const docker = m.recorded?.docker['linux/amd64'];
    const sif = m.recorded?.singularity['linux/amd64'];
    const lenses: vscode.CodeLens[] = [];
    if (docker) lenses.push(new vscode.CodeLens(range, { ...this.page(docker.buildId), title: docker.scanId ? vscode.l10n.t('Docker {0} · scan {1}', docker.buildId, docker.scanId) : vscode.l10n.t('Docker {0}', docker.buildId) }));
    if (sif) lenses.push(new vscode.CodeLens(range, { ...this.page(sif.buildId), title: vscode.l10n.t('Singularity {0}', sif.buildId) }));
    if (docker) lenses.push(new vscode.CodeLens(range, { command: 'vscode.open', title: vscode.l10n.t('Open Build Page'), arguments: this.page(docker.buildId).arguments }));
    lenses.push(new vscode.CodeLens(range, { command: 'wave.inspectImage', title: vscode.l10n.t('Inspect'), arguments: [m.directive.docker] }));
    lenses.push(new vscode.CodeLens(range, { command: 'seqera.moduleContainers.build', title: m.recorded ? vscode.l10n.t('Rebuild') : vscode.l10n.t('Build Module Containers'), arguments: [m.dir] }));
    return lenses;
  }

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const m = await moduleOf(doc);
    if (!m || !rangeOf(doc, m.directive).contains(position)) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['wave.inspectImage', 'seqera.moduleContainers.build'] };
    md.appendMarkdown(`**${mdText(vscode.l10n.t('Module containers'))}**\n\n`);
    if (!m.recorded) md.appendMarkdown(`${mdText(vscode.l10n.t('meta.yml records no Seqera Containers builds.'))}\n\n`);
    for (const engine of ['docker', 'singularity'] as const) {
      for (const [platform, i] of Object.entries(m.recorded?.[engine] ?? {})) {
        if (!i) continue;
        const page = `${this.waveUrl()}/view/builds/${encodeURIComponent(i.buildId)}`;
        md.appendMarkdown(`- ${engine === 'docker' ? 'Docker' : 'Singularity'} ${mdText(platform)}: ${mdCode(i.name)} — [${mdText(i.buildId)}](${page})${i.scanId ? `, scan ${mdText(i.scanId)}` : ''}\n`);
      }
    }
    const inspect = `command:wave.inspectImage?${encodeURIComponent(JSON.stringify([m.directive.docker]))}`;
    const rebuild = `command:seqera.moduleContainers.build?${encodeURIComponent(JSON.stringify([m.dir.toJSON()]))}`;
    md.appendMarkdown(`\n[${mdText(vscode.l10n.t('Inspect'))}](${inspect}) · [${mdText(vscode.l10n.t('Rebuild'))}](${rebuild})`);
    for (const w of mismatches(m.directive, m.recorded)) md.appendMarkdown(`\n\n⚠ ${mdText(w)}`);
    return new vscode.Hover(md, rangeOf(doc, m.directive));
  }
}

export function registerContainerLens(services: Services): vscode.DiagnosticCollection {
  const { context } = services;
  const lens = new ContainerLens(services);
  const diagnostics = vscode.languages.createDiagnosticCollection('seqera.moduleContainers');
  const check = async (doc: vscode.TextDocument): Promise<void> => {
    if (!/\/main\.nf$/.test(doc.uri.path) || doc.uri.scheme !== 'file') return;
    const m = await moduleOf(doc);
    const problems = m ? mismatches(m.directive, m.recorded) : [];
    diagnostics.set(doc.uri, problems.map((p) => {
      const d = new vscode.Diagnostic(rangeOf(doc, m!.directive), `${p}.`, vscode.DiagnosticSeverity.Warning);
      d.source = 'Seqera';
      return d;
    }));
  };
  context.subscriptions.push(
    diagnostics,
    vscode.languages.registerCodeLensProvider(SELECTOR, lens),
    vscode.languages.registerHoverProvider(SELECTOR, lens),
    vscode.workspace.onDidOpenTextDocument((d) => void check(d)),
    vscode.workspace.onDidChangeTextDocument((e) => void check(e.document)),
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (/\/meta\.yml$/.test(d.uri.path)) {
        const main = vscode.workspace.textDocuments.find((x) => x.uri.toString() === vscode.Uri.joinPath(d.uri, '..', 'main.nf').toString());
        if (main) void check(main);
      }
    }),
  );
  for (const d of vscode.workspace.textDocuments) void check(d);
  return diagnostics;
}
