import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BuildOutcome, ShownRequest } from '../../src/waveBuilds/runBuild';
import type { WaveBuildNode } from '../../src/waveBuilds/waveBuildsView';
import { packLayers } from '../../src/wave/layers';
import { CancelledError } from '../../src/net/errors';
import type { ProgressReporter } from '../../src/ui/progress';
import type { WaveUi } from '../../src/waveBuilds';
import { useWaveSession } from './helpers/waveSession';

/**
 * Every wave-cli 1.8.2 option through `wave.buildWithOptions`'s automation
 * argument, in a real VS Code against the emulator: what reaches Wave (the
 * emulator's request log), what the outcome and the Wave Builds view say, and
 * the SBOM, scan log and conda lock actions on the finished builds.
 */
describe('Build with Wave: wave-cli options (integration)', function () {
  this.timeout(120_000);
  const { api, emu, dir, write, transcript, posts, build: buildWith } = useWaveSession({ seed: 15, start: 'reloaded', tempDir: 'seqera-wave-opts-' });
  const build = (...args: unknown[]): Promise<BuildOutcome> => buildWith('wave.buildWithOptions', ...args);

  before(async () => {
    await vscode.commands.executeCommand('seqera.signIn', emu().token);
  });

  it('Show Request: the exact JSON, token redacted, and nothing sent', async () => {
    const uri = write('show/environment.yml', 'dependencies:\n  - bioconda::samtools=1.21\n');
    const before = posts().length;
    const shown = await vscode.commands.executeCommand<ShownRequest>('wave.buildWithOptions', uri, { showRequest: true, compression: 'zstd', nameStrategy: 'tagPrefix' });
    assert.ok(shown);
    assert.equal(posts().length, before, 'nothing reached Wave');
    const json = JSON.parse(shown.request) as Record<string, unknown>;
    assert.equal(json.towerAccessToken, '<redacted>');
    assert.ok(!shown.request.includes(emu().token));
    assert.deepEqual([json.buildCompression, json.nameStrategy, json.towerEndpoint], [{ mode: 'zstd' }, 'tagPrefix', emu().platformUrl]);
    assert.equal(vscode.window.activeTextEditor?.document.getText(), shown.request, 'the request is shown in an editor');
  });

  it('multi-platform: one request, the platforms as children in the Wave Builds view, a vulnerability summary', async () => {
    const dockerfile = write('multi/Dockerfile', 'FROM ubuntu:22.04\nRUN echo both platforms\n');
    const outcome = await build(dockerfile, { platform: 'linux/amd64,linux/arm64' });
    assert.equal(outcome.state, 'succeeded', outcome.reason);
    assert.equal(posts().at(-1)?.containerPlatform, 'linux/amd64,linux/arm64');
    assert.deepEqual(outcome.children?.map((c) => c.platform), ['linux/amd64', 'linux/arm64']);
    assert.ok(outcome.children?.every((c) => /^bd-[0-9a-f]{16}_\d+$/.test(c.buildId) && c.scanId && c.vulnerabilities));
    assert.ok(outcome.vulnerabilities, 'the summary of both scans');
    const view = api().services.views.waveBuilds!;
    const top = view.getChildren().find((n: WaveBuildNode) => n.id === outcome.requestId)!;
    const children = view.getChildren(top).filter((n) => n.kind === 'child');
    assert.deepEqual(children.map((n) => String(view.getTreeItem(n).label)), ['linux/amd64', 'linux/arm64']);
    const arm = view.getChildren(children[1]).map((n) => String(view.getTreeItem(n).label));
    assert.deepEqual(arm, ['Build log', 'Build page', 'Scan report']);
    const total = Object.values(outcome.vulnerabilities ?? {}).reduce((a, b) => a + b, 0);
    assert.ok(total > 0, 'ubuntu images get findings in the emulator');
    assert.match(String(view.getTreeItem(top).description), new RegExp(`\\d+ (critical|high|medium|low)`));
    const log = await vscode.commands.executeCommand<string>('wave.showBuildLog', { id: outcome.requestId, platform: 'linux/arm64' });
    assert.match(log ?? '', /platform linux\/arm64/);
    assert.match(transcript(), /Scan sc-[0-9a-f]{16}_1 \(linux\/arm64\)/);
  });

  it('Show Build Log fetches under a cancellable progress, and its Cancel aborts the HTTP request (review)', async () => {
    const dockerfile = write('cancel-log/Dockerfile', 'FROM ubuntu:22.04\nRUN echo cancel the log\n');
    const outcome = await build(dockerfile, { platform: 'linux/amd64,linux/arm64' });
    assert.equal(outcome.state, 'succeeded', outcome.reason);
    const arm = outcome.children?.find((c) => c.platform === 'linux/arm64');
    assert.ok(arm);
    const ui = api().services.wave.ui as { -readonly [K in keyof WaveUi]: WaveUi[K] };
    const real = ui.progress;
    const cancel = new AbortController();
    const titles: string[] = [];
    ui.progress = async <T>(title: string, task: (progress: ProgressReporter, signal: AbortSignal) => Promise<T>): Promise<T> => {
      titles.push(title);
      return task({ report: () => undefined }, cancel.signal);
    };
    const logPath = `/v1alpha1/builds/${arm.buildId}/logs`;
    emu().faults.add({ server: 'wave', method: 'GET', path: logPath, kind: 'hold', count: 1 });
    try {
      const shown = vscode.commands.executeCommand<string | undefined>('wave.showBuildLog', { id: outcome.requestId, platform: 'linux/arm64' });
      await emu().faults.whenHeld(1);
      cancel.abort(new CancelledError());
      // Wave still holds the reply: the command can only end here if the cancel aborted the request itself.
      assert.equal(await shown, undefined, 'cancelled silently, nothing opened');
      assert.deepEqual(titles, [`Fetching the build log of ${arm.buildId}`]);
    } finally {
      ui.progress = real;
      emu().faults.release();
      emu().faults.clear();
    }
    const log = await vscode.commands.executeCommand<string>('wave.showBuildLog', { id: outcome.requestId, platform: 'linux/arm64' });
    assert.match(log ?? '', /platform linux\/arm64/, 'fetched when not cancelled');
  });

  it("refuses Singularity for several platforms with Wave's reason, sending nothing", async () => {
    const uri = write('sif/environment.yml', 'dependencies:\n  - bioconda::bwa=0.7.19\n');
    const before = posts().length;
    const reported: string[] = [];
    const sub = api().onDidReportError((e) => reported.push(e.message));
    try {
      const result = await vscode.commands.executeCommand('wave.buildWithOptions', uri, { platform: 'linux/amd64,linux/arm64', format: 'sif', freeze: true, buildRepository: 'quay.io/lab/images' });
      assert.equal(result, undefined);
    } finally {
      sub.dispose();
    }
    assert.equal(posts().length, before);
    assert.match(reported.at(-1) ?? '', /Multi-platform builds are not supported for Singularity format/);
  });

  it('mirrors an image to a build repository, with the mirror status and log', async () => {
    const outcome = await build(undefined, { image: 'ubuntu:24.04', mirror: true, buildRepository: 'quay.io/lab/mirror' });
    assert.equal(outcome.state, 'succeeded', outcome.reason);
    assert.equal(outcome.mirror, true);
    assert.match(outcome.buildId ?? '', /^mr-[0-9a-f]{16}$/);
    assert.equal(outcome.targetImage, 'quay.io/lab/mirror/library/ubuntu:24.04');
    const body = posts().at(-1) ?? {};
    assert.deepEqual([body.mirror, body.containerImage, body.buildRepository], [true, 'ubuntu:24.04', 'quay.io/lab/mirror']);
    assert.match(transcript(), new RegExp(`Mirror ${outcome.buildId}: COMPLETED, exit 0 → quay\\.io/lab/mirror/library/ubuntu:24\\.04`));
    const log = await vscode.commands.executeCommand<string>('wave.showBuildLog', { id: outcome.requestId });
    assert.match(log ?? '', /Mirrored quay\.io\/lab\/mirror\/library\/ubuntu:24\.04@sha256:/);
  });

  it('augments an image with config, layers packed from folders and included images, without a build', async () => {
    write('layer/bin/hello', '#!/bin/sh\necho hello\n');
    const layerDir = path.join(dir(), 'layer');
    const outcome = await build(undefined, {
      image: 'ubuntu:24.04', config: { env: ['MODE=prod'], cmd: ['hello'], entrypoint: ['/bin/sh', '-c'], workingDir: '/work' }, layerDirs: [layerDir], includes: ['alpine:3.20'],
    });
    assert.equal(outcome.state, 'succeeded');
    assert.equal(outcome.buildId, undefined, 'no build');
    const body = posts().at(-1) ?? {};
    const [expected] = await packLayers([layerDir]);
    const config = body.containerConfig as { env: string[]; cmd: string[]; entrypoint: string[]; workingDir: string; layers: { tarDigest: string }[] };
    assert.deepEqual([config.env, config.cmd, config.entrypoint, config.workingDir], [['MODE=prod'], ['hello'], ['/bin/sh', '-c'], '/work']);
    assert.equal(config.layers[0].tarDigest, expected.layer.tarDigest, 'packed exactly like a build context');
    assert.deepEqual(body.containerIncludes, ['alpine:3.20']);
  });

  it('builds CRAN packages and conda packages with their options, scan level and mode', async () => {
    const cran = await build(undefined, { cranPackages: ['dplyr'], buildTemplate: 'cran/installr:v1', packageOptions: { builderImage: 'rocker/r-ver:4.4.2', basePackages: 'libxml2-dev' }, scanMode: 'none' });
    assert.equal(cran.state, 'succeeded', cran.reason);
    assert.deepEqual(posts().at(-1)?.packages, { type: 'CRAN', entries: ['dplyr'], channels: [], cranOpts: { rImage: 'rocker/r-ver:4.4.2', basePackages: 'libxml2-dev' } });
    assert.match(cran.targetImage, /\/wave\/build:[0-9a-f]{16}$/, 'CRAN images carry no package names');

    const conda = await build(undefined, {
      condaPackages: ['bioconda::samtools=1.21'], condaChannels: ['bioconda', 'conda-forge'], buildTemplate: 'conda/pixi:v1',
      packageOptions: { baseImage: 'debian:12-slim', basePackages: 'conda-forge::coreutils', commands: ['RUN echo ready'] }, scanMode: 'required', scanLevels: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'],
    });
    assert.equal(conda.state, 'succeeded', conda.reason);
    const body = posts().at(-1) ?? {};
    assert.deepEqual(body.packages, { type: 'CONDA', entries: ['bioconda::samtools=1.21'], channels: ['bioconda', 'conda-forge'], pixiOpts: { baseImage: 'debian:12-slim', basePackages: 'conda-forge::coreutils', commands: ['RUN echo ready'] } });
    assert.deepEqual([body.scanMode, body.scanLevels], ['required', ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']]);
    assert.match(emu().state.wave.builds.get(conda.buildId!)?.dockerFile ?? '', /pixi init --import/);
  });

  it('downloads the SBOM, shows the scan log, and opens or saves the conda lock next to the environment file', async () => {
    const env = write('locked/environment.yml', 'channels:\n  - bioconda\ndependencies:\n  - bioconda::samtools=1.21\n');
    const outcome = await build(env, { scanMode: 'required', scanLevels: ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] });
    assert.equal(outcome.state, 'succeeded', outcome.reason);
    const entry = api().services.waveBuilds.get(outcome.requestId)!;
    assert.ok(entry.scanId && entry.vulnerabilities);
    const target = path.join(dir(), 'sbom.json');
    assert.equal(await vscode.commands.executeCommand('wave.downloadSbom', { id: entry.id, target }), vscode.Uri.file(target).toString());
    assert.equal(JSON.parse(fs.readFileSync(target, 'utf8')).spdxVersion, 'SPDX-2.3');
    assert.match((await vscode.commands.executeCommand<string>('wave.showScanLog', { id: entry.id })) ?? '', /^Total: /m);

    // Wave stores the lock some time after the build.
    await emu().clock.advance(5 * 60_000);
    const opened = await vscode.commands.executeCommand<string>('wave.downloadCondaLock', { id: entry.id, mode: 'open' });
    assert.match(opened ?? '', /^seqera-wave:/);
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), opened);
    const saved = await vscode.commands.executeCommand<string>('wave.downloadCondaLock', { id: entry.id, mode: 'save' });
    assert.equal(saved, vscode.Uri.file(path.join(dir(), 'locked/environment.conda-lock.txt')).toString());
    assert.match(fs.readFileSync(vscode.Uri.parse(saved!).fsPath, 'utf8'), /samtools/);
  });
});
