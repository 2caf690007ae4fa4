import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startEmulator, type Emulator } from '../emulator';
import type { StudioRec } from '../emulator/model';
import { useEmulatorSession } from './helpers/emulatorSession';
import { byLabel, ScriptedUi } from './helpers/scriptedUi';

/**
 * Show Build Log on Studios whose image Wave builds or failed to build
 * (#16.8), in a real VS Code against the emulator: the Studio's waveBuildUrl
 * names a build of the emulator's Wave, whose log must reach the
 * "Seqera: Wave builds" channel, asked of the endpoint's own Wave only.
 */
describe('Studio image build logs (integration)', function () {
  this.timeout(120_000);
  let other: Emulator;
  let failed: StudioRec;
  let building: StudioRec;
  let transcriptStart = 0;
  const { api, emu, ui } = useEmulatorSession({
    seed: 8,
    start: 'signedIn',
    settings: { 'studios.refreshInterval': 0 },
    workspace: ['genomics-core', 'rnaseq'],
    studiosUi: () => new ScriptedUi(),
    prepare: async (s) => {
      other = await startEmulator({ seed: 9 });
      failed = s.emu().state.studioByName('custom-env');
      building = s.emu().state.studioByName('pydeseq2-env');
    },
  });

  const node = (s: StudioRec) => ({ kind: 'studio', sessionId: s.sessionId });
  const transcript = (): string => api().waveTranscript.text().slice(transcriptStart);
  const buildIdOf = (s: StudioRec): string => s.waveBuildUrl!.split('/').pop()!;
  /** The log as the emulator's Wave serves it, read here without the extension. */
  const waveLog = async (s: StudioRec): Promise<string> => (await fetch(`${emu().waveUrl}/v1alpha1/builds/${buildIdOf(s)}/logs`)).text();

  beforeEach(() => {
    transcriptStart = api().waveTranscript.text().length;
    emu().clearRequests();
    other.clearRequests();
  });

  after(async () => {
    await other?.stop();
  });

  it('on a buildFailed Studio, puts that Wave build\'s log into the Seqera: Wave builds channel, from the endpoint\'s Wave, without the token', async () => {
    assert.equal(failed.status, 'buildFailed');
    const expected = await waveLog(failed);
    assert.match(expected, /doesnotexist/, 'the emulator serves the failed build\'s log');
    emu().clearRequests();
    const result = await vscode.commands.executeCommand<{ shown: boolean; buildId: string; log: string }>('seqera.studios.showBuildLog', node(failed));
    assert.equal(result?.shown, true);
    assert.equal(result?.buildId, buildIdOf(failed));
    assert.equal(result?.log, expected);
    const out = transcript();
    assert.ok(out.includes(`Build log of Studio custom-env (Wave build ${buildIdOf(failed)}, buildFailed):`), out.slice(0, 300));
    for (const line of expected.trimEnd().split('\n')) assert.ok(out.includes(line), `channel has: ${line}`);
    const wave = emu().requests.filter((r) => r.server === 'wave');
    assert.deepEqual(wave.map((r) => `${r.method} ${r.path} ${r.status}`), [`GET /v1alpha1/builds/${buildIdOf(failed)}/logs 200`]);
    assert.equal(wave[0]!.tokenPresent, false);
    assert.equal(wave[0]!.headers.authorization, undefined);
  });

  it('on a building Studio, says Wave serves the log once the build ends; after it ends the log is shown', async () => {
    const id = buildIdOf(building);
    const first = await vscode.commands.executeCommand<{ shown: boolean; reason: string }>('seqera.studios.showBuildLog', node(building));
    assert.deepEqual(first, { shown: false, reason: 'notServedYet', buildId: id });
    assert.equal(ui().infos[0], 'Wave is still building the image of Studio pydeseq2-env; it serves the log once the build ends.');
    assert.deepEqual(ui().infoActions[0], ['Open Build Page']);
    assert.equal(transcript(), '', 'nothing written while there is no log');
    await emu().clock.advance(10 * 60_000);
    const expected = await waveLog(building);
    const second = await vscode.commands.executeCommand<{ shown: boolean; log: string }>('seqera.studios.showBuildLog', node(building));
    assert.equal(second?.shown, true);
    assert.equal(second?.log, expected);
  });

  it('a waveBuildUrl on another host than the endpoint\'s Wave gets no request at all; the page opens only when asked', async () => {
    const stranger = emu().state.studioByName('custom-env');
    const saved = stranger.waveBuildUrl;
    stranger.waveBuildUrl = `${other.waveUrl}/view/builds/${buildIdOf(failed)}`;
    try {
      await api().studios.store.refresh({ studio: stranger.sessionId }, 'manual');
      ui().warningAnswers.push('Open Build Page');
      const result = await vscode.commands.executeCommand<{ shown: boolean; reason: string }>('seqera.studios.showBuildLog', node(stranger));
      assert.equal(result?.reason, 'otherHost');
      assert.match(ui().warnings[0]!, new RegExp(`built by the Wave at ${new URL(other.waveUrl).host}, not this endpoint's Wave \\(${new URL(emu().waveUrl).host}\\)`));
      assert.deepEqual(ui().opened, [stranger.waveBuildUrl]);
      assert.deepEqual(other.requests, [], 'the other Wave was never asked (so never given the token)');
      assert.equal(emu().requests.filter((r) => r.server === 'wave').length, 0);
    } finally {
      stranger.waveBuildUrl = saved;
      await api().studios.store.refresh({ studio: stranger.sessionId }, 'manual');
    }
  });

  it('a waveBuildUrl that names no build is refused with the URL and what was expected; nothing is asked of Wave', async () => {
    const errors: string[] = [];
    const sub = api().onDidReportError((e) => errors.push(e.message));
    const saved = failed.waveBuildUrl;
    failed.waveBuildUrl = `${emu().waveUrl}/view/scans/sc-1234`;
    try {
      await api().studios.store.refresh({ studio: failed.sessionId }, 'manual');
      await vscode.commands.executeCommand('seqera.studios.showBuildLog', node(failed));
      assert.deepEqual(errors, [`The Wave build URL of Studio custom-env names no build (expected …/view/builds/<id>): ${emu().waveUrl}/view/scans/sc-1234`]);
      assert.equal(emu().requests.filter((r) => r.server === 'wave').length, 0);
    } finally {
      sub.dispose();
      failed.waveBuildUrl = saved;
      await api().studios.store.refresh({ studio: failed.sessionId }, 'manual');
    }
  });

  it('from the palette, offers only the Studios that are building or failed to build; the menu shows it on those two statuses only', async () => {
    let labels: string[] = [];
    ui().picks.push((items) => ((labels = items.map((i) => i.label)), byLabel(/custom-env/)(items, { title: '' })));
    const result = await vscode.commands.executeCommand<{ shown: boolean }>('seqera.studios.showBuildLog');
    assert.equal(result?.shown, true);
    const expected = api().studios.store.studios.filter((s) => ['building', 'buildFailed'].includes(s.statusInfo.status) && s.waveBuildUrl).map((s) => s.name).sort();
    assert.ok(expected.length >= 1);
    assert.deepEqual(labels, expected);
    const menus = (vscode.extensions.getExtension('seqera-community.seqera-vscode')!.packageJSON.contributes.menus['view/item/context'] as { command: string; when: string }[]);
    const when = menus.find((m) => m.command === 'seqera.studios.showBuildLog')!.when;
    const re = new RegExp(/viewItem =~ \/(.*)\/$/.exec(when)![1]!);
    assert.deepEqual(['building', 'buildFailed', 'running', 'stopped', 'errored', 'starting', 'running:ssh'].filter((s) => re.test(`studio:${s}`)), ['building', 'buildFailed']);
  });
});
