import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { BuildOutcome } from '../../src/waveBuilds/runBuild';
import { useWaveSession } from './helpers/waveSession';
import { recordWaveUi, type WaveUiRecorder } from './helpers/waveUi';

/**
 * #14 item 6, "Outside nf-core": Build with Wave (Options…) on any conda file offers Seqera Containers (durable,
 * public), which gives the community image nf-core's own request gives; a finished build copies as Nextflow config.
 * Real VS Code, emulator; the prompts are answered through the recorded services.wave.ui.
 */
describe('Seqera Containers outside nf-core (#14.6) (integration)', function () {
  this.timeout(120_000);
  let ui: WaveUiRecorder;
  const { api, emu, write, posts, build: buildWith } = useWaveSession({
    seed: 146,
    start: 'signedOut',
    // a build repository in the settings must not leak into a Seqera Containers build
    settings: { 'wave.buildRepository': 'quay.io/lab/images' },
    tempDir: 'seqera-community-',
  });
  const build = (...args: unknown[]): Promise<BuildOutcome> => buildWith('wave.buildWithOptions', ...args);

  /** What Wave answers to nf-core's own request for this file (written here by hand, as nf-core's tool sends it). */
  async function nfCoreImage(envFile: string, platform: string, format?: 'sif'): Promise<{ targetImage: string; cached?: boolean }> {
    const body = {
      packages: { type: 'CONDA', environment: Buffer.from(fs.readFileSync(envFile)).toString('base64'), channels: ['conda-forge', 'bioconda'] },
      freeze: true, containerPlatform: platform, buildTemplate: 'conda/pixi:v1', ...(format ? { format } : {}),
    };
    const res = await fetch(`${emu().waveUrl}/v1alpha2/container`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(res.status, 200);
    return (await res.json()) as { targetImage: string; cached?: boolean };
  }

  beforeEach(() => {
    ui = recordWaveUi(api());
  });

  afterEach(() => ui.restore());

  it('Build with Wave (Options…) offers "Seqera Containers (durable, public)": asked step by step, the community image nf-core gets', async () => {
    const uri = write('tools/environment.yml', 'channels:\n  - conda-forge\n  - bioconda\ndependencies:\n  - bioconda::samtools=1.21\n');
    const answers: Record<string, RegExp> = { 'where the image goes': /^Seqera Containers \(durable, public\)$/, platform: /^linux\/arm64$/, format: /^Docker/, 'build template': /^conda\/pixi:v1$/, 'scan mode': /^Wave default$/ };
    ui.pick = (items, title) => {
      const key = Object.keys(answers).find((k) => title.endsWith(`: ${k}`));
      return key ? items.find((i) => answers[key].test(i.label)) : undefined;
    };
    const outcome = await build(uri);
    assert.equal(outcome.state, 'succeeded', outcome.reason);
    const titles = ui.picks.map((p) => p.title);
    assert.deepEqual(titles, [
      'Build with options (1/8): where the image goes',
      'Build with options (2/6): platform',
      'Build with options (3/6): format',
      'Build with options (4/6): build template',
      'Build with options (5/6): scan mode',
      'Build with options (6/6): more options (pick any, or none)',
    ], 'no freeze, build repository or cache questions (N counted from the answers so far)');
    assert.deepEqual(ui.picks[0].labels, ['Wave', 'Seqera Containers (durable, public)']);
    assert.ok(!ui.picks[1].labels.includes('linux/amd64,linux/arm64'), 'one platform per image');
    assert.equal(ui.picks[3].labels[0], 'conda/pixi:v1', "nf-core's template comes first (seqera.moduleContainers.buildTemplate)");
    assert.ok(!ui.picks[5].labels.includes('Image names'), "Wave's community naming, as nf-core's images");

    const body = posts().at(-1) ?? {};
    assert.equal(body.freeze, true);
    assert.equal(body.buildRepository, undefined, 'no build repository: the public community repository');
    assert.equal(body.cacheRepository, undefined);
    assert.equal(body.buildTemplate, 'conda/pixi:v1');
    assert.equal(body.containerPlatform, 'linux/arm64');
    assert.equal(body.towerAccessToken, undefined, 'no account needed');
    assert.match(outcome.targetImage, /^community\.wave\.seqera\.io\/library\/samtools:1\.21--[0-9a-f]{16}$/);
    const nfcore = await nfCoreImage(uri.fsPath, 'linux/arm64');
    assert.deepEqual([nfcore.targetImage, nfcore.cached], [outcome.targetImage, true], "nf-core's request gets the very same image");
    const item = api().services.views.waveBuilds!.getTreeItem({ kind: 'build', id: outcome.requestId });
    // the hover's Markdown escapes the words it is given (`\(`), so read it as the reader sees it
    const hover = (item.tooltip as vscode.MarkdownString).value.replace(/\\([\\`*_{}[\]()#+\-.!|<>:~])/g, '$1');
    assert.match(hover, /Seqera Containers \(durable, public\)/);
  });

  it('automation: seqeraContainers in wave.buildWithOptions, and Copy as Nextflow Config from the result message', async () => {
    const uri = write('fastp/environment.yml', 'channels:\n  - conda-forge\n  - bioconda\ndependencies:\n  - bioconda::fastp=0.24.0\n');
    ui.answer = (_text, actions) => (actions.includes('Copy as Nextflow Config') ? 'Copy as Nextflow Config' : undefined);
    ui.pick = (items) => items.find((i) => i.description === 'nextflow.config');
    const outcome = await build(uri, { seqeraContainers: true });
    assert.equal(outcome.state, 'succeeded', outcome.reason);
    assert.equal(outcome.targetImage, (await nfCoreImage(uri.fsPath, 'linux/amd64')).targetImage);
    const toast = ui.messages.find((m) => m.text.includes(outcome.targetImage));
    assert.deepEqual(toast?.actions, ['Copy Image Name', 'Copy as Nextflow Config', 'Open Build Page', 'Show Log']);
    await ui.shown(/^Copied the Nextflow config line/);
    assert.deepEqual(ui.picks.at(-1)?.labels, [`process.container = '${outcome.targetImage}'`, `container '${outcome.targetImage}'`]);
    assert.deepEqual(ui.copied, [`process.container = '${outcome.targetImage}'`]);
    assert.equal(ui.messages.at(-1)?.text, `Copied the Nextflow config line process.container = '${outcome.targetImage}'.`);
    const directive = await vscode.commands.executeCommand<string>('wave.copyNextflowConfig', { id: outcome.requestId, form: 'directive' });
    assert.equal(directive, `container '${outcome.targetImage}'`);
    assert.equal(ui.copied.at(-1), directive);
    assert.equal(ui.messages.at(-1)?.text, `Copied the container directive ${directive}.`);
  });

  it('a Singularity build copies as the HTTPS URL of its SIF file (as nf-core writes it), or its oras:// name', async () => {
    const uri = write('bwa/environment.yml', 'channels:\n  - conda-forge\n  - bioconda\ndependencies:\n  - bioconda::bwa=0.7.19\n');
    const outcome = await build(uri, { seqeraContainers: true, format: 'sif' });
    assert.equal(outcome.state, 'succeeded', outcome.reason);
    assert.match(outcome.targetImage, /^oras:\/\/community\.wave\.seqera\.io\/library\/bwa:0\.7\.19--[0-9a-f]{16}$/);
    assert.equal(posts().at(-1)?.format, 'sif');
    // the SIF layer's digest, asked of the emulator directly
    const inspected = (await (await fetch(`${emu().waveUrl}/v1alpha1/inspect?platform=linux/amd64`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ containerImage: outcome.targetImage.slice('oras://'.length) }),
    })).json()) as { container: { manifest: { layers: { digest: string }[] } } };
    const hex = inspected.container.manifest.layers[0].digest.replace('sha256:', '');
    const https = `https://community-cr-prod.seqera.io/docker/registry/v2/blobs/sha256/${hex.slice(0, 2)}/${hex}/data`;
    ui.pick = (items) => items[0];
    const picked = await vscode.commands.executeCommand<string>('wave.copyNextflowConfig', { id: outcome.requestId });
    assert.deepEqual(ui.picks.at(-1)?.labels, [
      `process.container = '${https}'`, `container '${https}'`, `process.container = '${outcome.targetImage}'`, `container '${outcome.targetImage}'`,
    ]);
    assert.equal(picked, `process.container = '${https}'`);
    assert.equal(await vscode.commands.executeCommand<string>('wave.copyNextflowConfig', { id: outcome.requestId, form: 'directive' }), `container '${https}'`);
    assert.equal(await vscode.commands.executeCommand<string>('wave.copyNextflowConfig', { id: outcome.requestId, form: 'directive', singularity: 'oras' }), `container '${outcome.targetImage}'`);
    const inspects = emu().requests.filter((r) => r.server === 'wave' && r.path === '/v1alpha1/inspect').length;
    assert.equal(inspects, 2, 'the URL is looked up once (and once by this test), then remembered');
  });

  it('refuses a multi-platform Seqera Containers build before sending anything', async () => {
    const uri = write('multi/environment.yml', 'dependencies:\n  - bioconda::bcftools=1.21\n');
    const before = posts().length;
    const reported: string[] = [];
    const sub = api().onDidReportError((e) => reported.push(e.message));
    try {
      assert.equal(await vscode.commands.executeCommand('wave.buildWithOptions', uri, { seqeraContainers: true, platform: 'linux/amd64,linux/arm64' }), undefined);
    } finally {
      sub.dispose();
    }
    assert.equal(posts().length, before);
    assert.match(reported.at(-1) ?? '', /Seqera Containers build one platform per image/);
  });
});
