import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import type { BuildOutcome } from '../../src/waveBuilds/runBuild';
import { nextEvent } from '../../src/testing/nextEvent';
import { ManualTimers } from '../../src/testing/manualTimers';
import { realTimers } from '../../src/schedule/timers';
import { ScriptedUi } from './helpers/scriptedUi';
import { driveWaveBuild, writeFileUnder } from './helpers/waveBuilds';
import { useWaveSession } from './helpers/waveSession';

/**
 * #17.12 in the real VS Code: each step of the Getting Started walkthrough
 * completes on a context key (package.json `completionEvents`), and each key
 * is set by the real event: signing in, a workspace becoming active, a Studio
 * the user started reaching running, a Wave build succeeding. VS Code cannot
 * read a context key back, so the test rig shows each `setContext` the
 * extension makes (src/ui/contextKeys.ts, the one place that sets them).
 */
describe('Getting Started walkthrough (integration)', function () {
  this.timeout(120_000);
  let timers: ManualTimers;
  let originalUi: SeqeraTestRig['studios']['ui'];
  const sets: { key: string; value: unknown }[] = [];
  let listener: vscode.Disposable | undefined;
  const { api, emu, dir } = useWaveSession({
    seed: 11,
    start: 'signedOut',
    tempDir: 'seqera-walkthrough-it-',
    prepare: () => {
      timers = new ManualTimers();
      store().scheduler.setTimers(timers);
      originalUi = api().studios.ui;
      api().studios.ui = new ScriptedUi();
    },
    restore: () => {
      api().studios.ui = originalUi;
      store().scheduler.setTimers(realTimers);
    },
  });
  const store = () => api().studios.store;
  const setsOf = (key: string): unknown[] => sets.filter((s) => s.key === key).map((s) => s.value);

  before(() => {
    listener = api().onDidSetContextKey((e) => sets.push(e));
  });
  after(() => {
    listener?.dispose();
  });

  it('#17.12 signed out, no step is complete', () => {
    assert.equal(api().contextKeys.get('seqera.state'), 'signedOut');
    assert.equal(api().contextKeys.get('seqera.workspaceSelected'), false);
    assert.equal(api().contextKeys.get('seqera.wave.built'), false, 'the cleared history holds no succeeded build');
  });

  it('#17.12 signing in sets seqera.state to signedIn', async () => {
    await vscode.commands.executeCommand('seqera.signIn', emu().token);
    assert.equal(api().contextKeys.get('seqera.state'), 'signedIn');
    assert.ok(setsOf('seqera.state').includes('signedIn'));
  });

  it('#17.12 a workspace becoming active sets seqera.workspaceSelected', async () => {
    await api().workspaces.load();
    const ws = emu().state.workspace('genomics-core', 'rnaseq');
    // From another workspace, so that this selection is a change (sign-in may have restored rnaseq).
    await vscode.commands.executeCommand('seqera.selectWorkspace', 'personal');
    sets.length = 0;
    await vscode.commands.executeCommand('seqera.selectWorkspace', ws.id);
    assert.equal(api().workspaces.active?.workspaceId, ws.id);
    assert.deepEqual(setsOf('seqera.workspaceSelected').at(-1), true);
  });

  it('#17.12 a Studio started from VS Code reaching running sets seqera.studioStarted, not before', async () => {
    const ws = emu().state.workspace('genomics-core', 'rnaseq');
    const rec = emu().state.addStudio({ workspaceId: ws.id, name: 'walkthrough-start', status: 'stopped' });
    await store().refresh('all', 'manual');
    sets.length = 0;
    let finished = false;
    const cmd = Promise.resolve(vscode.commands.executeCommand('seqera.studios.start', { sessionId: rec.sessionId })).finally(() => {
      finished = true;
    });
    await nextEvent(store().scheduler.onDidWatch, (id) => id === rec.sessionId);
    assert.deepEqual(setsOf('seqera.studioStarted'), [], 'starting is not started yet');
    for (let i = 0; i < 200 && !finished; i++) {
      await emu().clock.advance(5_000);
      await timers.advance(5_000);
    }
    await cmd;
    assert.equal(store().get(rec.sessionId)?.statusInfo.status, 'running');
    assert.deepEqual(setsOf('seqera.studioStarted'), [true]);
  });

  it('#17.12 a succeeded Wave build sets seqera.wave.built', async () => {
    const uri = writeFileUnder(dir(), 'environment.yml', 'channels:\n  - bioconda\ndependencies:\n  - bioconda::samtools=1.17\n');
    sets.length = 0;
    const outcome = await driveWaveBuild(emu(), () => vscode.commands.executeCommand<BuildOutcome>('wave.build', uri), 20_000);
    assert.equal(outcome?.state, 'succeeded');
    assert.deepEqual(setsOf('seqera.wave.built'), [true]);
  });
});
