import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { WaveBuildNode } from '../../src/waveBuilds/waveBuildsView';
import { useWaveSession } from './helpers/waveSession';
import { recordWaveUi, type WaveUiRecorder } from './helpers/waveUi';

/**
 * #17 item 4 (build logs) and two bullets of item 10 (Copy Image Name confirms; the platform shows in Wave Builds),
 * in a real VS Code against the emulator. The Wave commands' UI functions are recorded (services.wave.ui), so the
 * test reads every progress message and answers the result message's buttons.
 */
describe('Wave build logs and results (#17.4, #17.10) (integration)', function () {
  this.timeout(120_000);
  let ui: WaveUiRecorder;
  const { api, emu, config: seqera, write, transcript, build } = useWaveSession({ seed: 17, start: 'signedOut', resets: ['wave.revealOutput'], tempDir: 'seqera-wave-logs-' });

  beforeEach(() => {
    ui = recordWaveUi(api());
  });

  afterEach(() => ui.restore());

  it('#17.4 reveals the build channel when a build starts, keeping the focus in the editor; the setting turns it off', async () => {
    const uri = write('reveal/environment.yml', 'dependencies:\n  - bioconda::samtools=1.19\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const channel = api().services.waveOutput.channel;
    const realShow = channel.show.bind(channel);
    const shows: unknown[][] = [];
    channel.show = (...args: Parameters<typeof channel.show>) => {
      shows.push(args);
      realShow(...args);
    };
    try {
      await seqera().update('wave.revealOutput', false, vscode.ConfigurationTarget.Global);
      await build('wave.build', uri);
      assert.equal(shows.length, 0, 'off: the channel is not shown');
      await seqera().update('wave.revealOutput', undefined, vscode.ConfigurationTarget.Global);
      assert.equal(vscode.workspace.getConfiguration('seqera.wave').get('revealOutput'), true, 'on by default');
      write('reveal/environment.yml', 'dependencies:\n  - bioconda::samtools=1.20\n');
      const running = build('wave.build', uri);
      await running;
      assert.deepEqual(shows, [[true]], 'shown once, with preserveFocus');
      assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString(), 'the editor keeps the focus');
    } finally {
      channel.show = realShow;
    }
  });

  it('#17.4 says while building that Wave publishes the log when the build ends, with the time elapsed; "Done" comes last, after "Scanning…"', async () => {
    const uri = write('phases/environment.yml', 'dependencies:\n  - bioconda::bcftools=1.21\n');
    const outcome = await build('wave.build', uri);
    assert.equal(outcome.state, 'succeeded', outcome.reason);
    const messages = ui.progresses.at(-1)?.messages ?? [];
    assert.ok(messages.some((m) => /^Building… \d+ s \(Wave publishes the log when the build ends\)$/.test(m)), messages.join(' | '));
    const scanning = messages.indexOf('Scanning for vulnerabilities…');
    assert.ok(scanning > 0, `a scan was followed: ${messages.join(' | ')}`);
    assert.deepEqual(messages.filter((m) => m === 'Done'), ['Done'], 'said once');
    assert.equal(messages.at(-1), 'Done', 'and last');
    assert.ok(messages.indexOf('Done') > scanning);
    const out = transcript();
    const building = out.lastIndexOf('Wave publishes the build log when the build ends');
    assert.ok(building > out.lastIndexOf(`Request ${outcome.requestId}`) && building < out.lastIndexOf('Build log:'), 'said in the channel while it builds, before the log');
  });

  it('#17.4 a finished build stays one click from its log (status bar), and "Build log" opens a read-only document, not an Untitled editor', async () => {
    const uri = write('result/environment.yml', 'dependencies:\n  - bioconda::bwa=0.7.18\n');
    const outcome = await build('wave.build', uri);
    assert.equal(outcome.state, 'succeeded', outcome.reason);
    const toast = ui.messages.find((m) => m.text.includes(outcome.targetImage));
    assert.deepEqual(toast?.actions, ['Copy Image Name', 'Copy as Nextflow Config', 'Open Build Page', 'Show Log']);
    const item = api().services.wave.lastBuild.item;
    assert.match(item.text, /^\$\(pass\) Wave: built /);
    assert.ok(item.text.endsWith(outcome.targetImage.split('/').pop() ?? '?'), item.text);
    const command = item.command as vscode.Command;
    assert.equal(command.command, 'wave.showBuildLog');
    assert.deepEqual(command.arguments, [{ id: outcome.requestId }]);

    await vscode.commands.executeCommand(command.command, ...(command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor);
    assert.equal(editor.document.uri.scheme, 'seqera-wave', 'a virtual document of the extension');
    assert.equal(editor.document.isUntitled, false, 'never asks to be saved');
    const waveLog = await (await fetch(`${emu().waveUrl}/v1alpha1/builds/${outcome.buildId ?? ''}/logs`)).text();
    assert.equal(editor.document.getText(), waveLog);
    assert.equal(editor.document.isDirty, false);
  });

  it('#17.4 the build channel is a plain OutputChannel; the extension log stays a LogOutputChannel', () => {
    const channel = api().services.waveOutput.channel as unknown as Record<string, unknown>;
    assert.ok(!('logLevel' in channel) && typeof channel.trace !== 'function', 'no levels on the build channel');
    assert.equal(typeof api().services.log.logLevel, 'number', 'the Seqera log has levels');
    assert.doesNotMatch(transcript(), /\[info\]|│/);
  });

  it("#17.10 the result's Copy Image Name copies and confirms, as Copy Studio URL does", async () => {
    ui.answer = (_text, actions) => (actions.includes('Copy Image Name') ? 'Copy Image Name' : undefined);
    const uri = write('copy/environment.yml', 'dependencies:\n  - bioconda::minimap2=2.28\n');
    const outcome = await build('wave.build', uri);
    await ui.shown(/^Copied the image name/);
    assert.deepEqual(ui.copied, [outcome.targetImage]);
    assert.equal(ui.messages.at(-1)?.text, `Copied the image name ${outcome.targetImage}.`);
    // and the view's Copy Image Name says the same
    await vscode.commands.executeCommand('wave.copyImageName', { id: outcome.requestId });
    assert.deepEqual(ui.copied, [outcome.targetImage, outcome.targetImage]);
    assert.equal(ui.messages.at(-1)?.text, `Copied the image name ${outcome.targetImage}.`);
  });

  it('#17.10 amd64 and arm64 builds of one file look different in Wave Builds', async () => {
    const uri = write('arch/environment.yml', 'dependencies:\n  - bioconda::fastp=0.23.4\n');
    const amd = await build('wave.buildWithOptions', uri, { platform: 'linux/amd64' });
    const arm = await build('wave.buildWithOptions', uri, { platform: 'linux/arm64' });
    const view = api().services.views.waveBuilds!;
    const item = (id: string): vscode.TreeItem => view.getTreeItem(view.getChildren().find((n: WaveBuildNode) => n.id === id)!);
    const [a, b] = [item(amd.requestId), item(arm.requestId)];
    assert.equal(a.label, b.label, 'the same file');
    assert.match(String(a.description), /^amd64 · /);
    assert.match(String(b.description), /^arm64 · /);
    assert.match((b.tooltip as vscode.MarkdownString).value, /Platform: linux\/arm64/);
  });
});
