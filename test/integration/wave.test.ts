import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BuildOutcome } from '../../src/waveBuilds/runBuild';
import { packBuildContext } from '../../src/wave/contextPacker';
import type { WaveBuildNode } from '../../src/waveBuilds/waveBuildsView';
import { until as waitUntil } from './helpers/waveBuilds';
import { useWaveSession } from './helpers/waveSession';

/**
 * Build with Wave in a real VS Code against the emulator: the commands as the
 * explorer and the palette call them, the "Seqera: Wave builds" output, the
 * build history and its view, and what reaches Wave (from the emulator's
 * request log). The emulator's clock moves only when a test advances it, so a
 * build finishes exactly when the test says so.
 */
const MINUTE = 60_000;
const WAIT_MS = 20_000;

/** Waits for a condition the extension reaches by itself (a request sent, a line written). */
const until = (what: string, check: () => boolean): Promise<void> => waitUntil(what, check, WAIT_MS);

describe('Build with Wave (integration)', function () {
  this.timeout(90_000);
  const { api, emu, dir, write, transcript, posts, build } = useWaveSession({ seed: 11, start: 'signedOut', tempDir: 'seqera-wave-it-' });
  const postCount = (): number => posts().length;

  it('builds a conda file from its Uri (explorer), anonymously: status lines, then the log, then the result', async () => {
    const uri = write('tools/environment.yml', 'channels:\n  - bioconda\ndependencies:\n  - bioconda::samtools=1.17\n');
    const outcome = await build('wave.build', uri, [uri]);
    assert.equal(outcome.state, 'succeeded');
    assert.equal(outcome.cached, false);

    const body = posts().at(-1) ?? {};
    for (const k of ['towerAccessToken', 'towerEndpoint', 'towerWorkspaceId']) assert.ok(!(k in body), `anonymous request has no ${k}`);
    const packages = body.packages as { type: string; environment: string; channels: string[] };
    assert.equal(packages.type, 'CONDA');
    assert.equal(Buffer.from(packages.environment, 'base64').toString('utf8'), fs.readFileSync(uri.fsPath, 'utf8'));
    assert.deepEqual(packages.channels, ['bioconda']);

    const out = transcript();
    const at = (s: string): number => out.indexOf(s);
    assert.ok(at(`image ${outcome.targetImage}`) >= 0, out);
    assert.ok(at('Anonymous build') >= 0, 'signed-out builds get the quota hint');
    assert.ok(at('Status: BUILDING') >= 0 && at('Status: BUILDING → DONE') > at('Status: BUILDING'), 'status transitions');
    assert.ok(at('Build log:') > at('Status: BUILDING → DONE'), 'the log follows the status lines');
    // #17.4: the build's own lines as Wave wrote them (a plain channel: no timestamp, level or prefix added)
    const waveLog = await (await fetch(`${emu().waveUrl}/v1alpha1/builds/${outcome.buildId ?? ''}/logs`)).text();
    const logLines = waveLog.replace(/\n$/, '').split('\n');
    assert.ok(logLines.some((l) => /samtools/.test(l)), 'the emulator logs the package');
    const outLines = out.split('\n');
    const from = outLines.indexOf('Build log:');
    assert.ok(from >= 0, out);
    assert.deepEqual(outLines.slice(from + 1, from + 1 + logLines.length), logLines, 'the build log itself, line for line');
    assert.ok(at(`✔ Built ${outcome.targetImage}`) > at('Build log:'));

    const view = api().services.views.waveBuilds;
    assert.ok(view, 'the Wave Builds view is registered');
    const [top] = view.getChildren();
    const item = view.getTreeItem(top);
    assert.equal(item.label, vscode.workspace.asRelativePath(uri));
    assert.match(String(item.contextValue), /^waveBuild:succeeded/);
    const details = view.getChildren(top).map((n: WaveBuildNode) => String(view.getTreeItem(n).label));
    assert.deepEqual(details.slice(0, 4), ['Image', 'Source', 'Build log', 'Build page']);
  });

  it('says a rebuild of the same file is cached at once, with no clock moved', async () => {
    const uri = vscode.Uri.file(path.join(dir(), 'tools/environment.yml'));
    const advancesBefore = emu().clock.now();
    const outcome = await vscode.commands.executeCommand<BuildOutcome>('wave.build', uri);
    assert.ok(outcome);
    assert.equal(outcome.cached, true);
    assert.equal(outcome.state, 'succeeded');
    assert.equal(emu().clock.now(), advancesBefore, 'nothing had to be built');
    const out = transcript();
    const cachedAt = out.lastIndexOf('Cached: Wave built this image before');
    assert.ok(cachedAt > out.lastIndexOf(`Request ${outcome.requestId}`) && cachedAt >= 0);
    assert.ok(out.lastIndexOf('Status: DONE') > cachedAt);
    assert.equal(api().services.waveBuilds.get(outcome.requestId)?.cached, true);
  });

  it('builds a Dockerfile with a build context and .dockerignore, packed as wave-cli would', async () => {
    write('app/app.py', 'print("hello")\n');
    write('app/conf/app.yml', 'mode: prod\n');
    write('app/secrets/key.pem', 'never sent\n');
    write('app/.dockerignore', '# keep secrets out\nsecrets/**\n');
    const dockerfile = write('app/Dockerfile', 'FROM alpine:3.20\nCOPY app.py /app/app.py\nCOPY conf/ /etc/app/\nRUN echo built\n');
    const outcome = await build('wave.build', dockerfile);
    assert.equal(outcome.state, 'succeeded', outcome.reason);

    const body = posts().at(-1) ?? {};
    const context = body.buildContext as { tarDigest: string; gzipSize: number };
    const expected = await packBuildContext(path.join(dir(), 'app'));
    assert.equal(context.tarDigest, expected.layer.tarDigest);
    assert.ok(!expected.files.includes('secrets/key.pem') && expected.files.includes('app.py'));
    assert.equal(Buffer.from(String(body.containerFile), 'base64').toString('utf8'), fs.readFileSync(dockerfile.fsPath, 'utf8'));
    const out = transcript();
    assert.match(out, /Build context .*app: 4 files,/);
    assert.ok(out.split('\n').some((l) => /COPY app\.py \/app\/app\.py/.test(l) && !l.includes('│')), 'the log line as Wave wrote it');
  });

  it('builds the active editor with its unsaved edits from the palette', async () => {
    const uri = write('edited/environment.yml', 'dependencies:\n  - bioconda::bcftools=1.17\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(2, 0), '  - bioconda::htslib=1.17\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(doc.isDirty);
    const outcome = await build('wave.build');
    assert.equal(outcome.state, 'succeeded');
    const env = Buffer.from((posts().at(-1)?.packages as { environment: string }).environment, 'base64').toString('utf8');
    assert.match(env, /htslib/);
    assert.deepEqual((posts().at(-1)?.packages as { channels: string[] }).channels, ['conda-forge', 'bioconda'], 'the default channels');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('builds typed packages and with options given as an argument, and rebuilds from the history', async () => {
    const fromPackages = await build('wave.buildFromPackages', 'bioconda::samtools=1.17 bioconda::bcftools=1.17');
    assert.equal(fromPackages.state, 'succeeded');
    assert.deepEqual(posts().at(-1)?.packages, { type: 'CONDA', entries: ['bioconda::samtools=1.17', 'bioconda::bcftools=1.17'], channels: ['conda-forge', 'bioconda'] });

    const uri = vscode.Uri.file(path.join(dir(), 'tools/environment.yml'));
    const withOptions = await build('wave.buildWithOptions', uri, { platform: 'linux/arm64', scanMode: 'none', buildTemplate: 'conda/pixi:v1' });
    assert.equal(withOptions.state, 'succeeded');
    const body = posts().at(-1) ?? {};
    assert.deepEqual([body.containerPlatform, body.scanMode, body.buildTemplate], ['linux/arm64', 'none', 'conda/pixi:v1']);

    const rebuilt = await vscode.commands.executeCommand<BuildOutcome>('wave.rebuild', { kind: 'build', id: withOptions.requestId });
    assert.equal(rebuilt?.cached, true, 'the same file and options: Wave answers from its cache');
    assert.equal(posts().at(-1)?.containerPlatform, 'linux/arm64');
  });

  it('shows the reason and the log of a failing build', async () => {
    const dockerfile = write('broken/Dockerfile', 'FROM alpine:3.20\nRUN echo about to fail && exit 3\n');
    const outcome = await build('wave.build', dockerfile);
    assert.equal(outcome.state, 'failed');
    assert.ok(outcome.reason);
    const out = transcript();
    const failedAt = out.lastIndexOf('✖ Wave build failed:');
    assert.ok(failedAt >= 0, 'the failure is reported');
    assert.ok(out.indexOf(outcome.reason, failedAt) >= 0);
    assert.ok(out.indexOf('lines of the build log:', failedAt) > failedAt, 'the tail of the log follows the reason');
    assert.equal(api().services.waveBuilds.get(outcome.requestId)?.state, 'failed');
  });

  it('refuses a broken conda file before sending anything', async () => {
    const uri = write('bad/environment.yml', 'dependencies:\n  - samtools\n   - bcftools: [\n');
    const before = postCount();
    const result = await vscode.commands.executeCommand('wave.build', uri);
    assert.equal(result, undefined, 'the command wrapper reported the error');
    assert.equal(postCount(), before, 'no request');
  });

  it('stops watching when asked; the build goes on at Wave', async () => {
    const uri = write('slow/environment.yml', 'dependencies:\n  - bioconda::bwa=0.7.17\n  - bioconda::samtools=1.18\n');
    const before = postCount();
    const running = Promise.resolve(vscode.commands.executeCommand<BuildOutcome>('wave.build', uri));
    await until('the build request', () => postCount() > before);
    await until('the watch to start', () => {
      const newest = api().services.waveBuilds.list()[0];
      return newest !== undefined && (newest.source.kind === 'conda' || newest.source.kind === 'dockerfile') && newest.source.uri === uri.toString() && api().services.waveBuilds.isWatching(newest.id);
    });
    const entry = api().services.waveBuilds.list()[0];
    assert.equal(await vscode.commands.executeCommand('wave.stopWatching', { kind: 'build', id: entry.id }), true);
    const outcome = await running;
    assert.equal(outcome?.state, 'stopped');
    assert.match(transcript(), new RegExp(`Stopped watching ${entry.id}; the build goes on at Wave`));
    const polls = emu().requests.length;
    await emu().clock.advance(2 * MINUTE);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    assert.equal(emu().requests.filter((r, i) => i >= polls && r.path.includes(entry.id)).length, 0, 'no more polling');
    assert.equal(api().services.waveBuilds.get(entry.id)?.state, 'stopped');
  });

  it('signed in, sends the token, the endpoint and the active workspace', async () => {
    await vscode.commands.executeCommand('seqera.signIn', emu().token);
    assert.equal(api().session.state, 'signedIn');
    const ws = emu().state.workspace('genomics-core', 'rnaseq');
    await vscode.commands.executeCommand('seqera.selectWorkspace', ws.id);
    assert.equal(api().workspaces.active?.workspaceId, ws.id);
    const uri = write('signed/environment.yml', 'dependencies:\n  - bioconda::fastqc=0.12.1\n');
    const outcome = await build('wave.build', uri);
    assert.equal(outcome.state, 'succeeded');
    const last = emu().requests.filter((r) => r.server === 'wave' && r.method === 'POST').at(-1);
    assert.ok(last?.tokenPresent && last.tokenValid, 'a valid token in the body');
    const body = (last?.body ?? {}) as Record<string, unknown>;
    assert.equal(body.towerEndpoint, emu().platformUrl);
    assert.equal(body.towerWorkspaceId, ws.id);
    assert.ok(!transcript().includes(emu().token), 'the token never reaches the output');
    await api().session.signOut();
  });
});
