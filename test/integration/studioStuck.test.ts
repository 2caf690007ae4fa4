import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Studio } from '../../src/platform/studioTypes';
import { nextEvent } from '../../src/testing/nextEvent';
import { ManualTimers } from '../../src/testing/manualTimers';
import { realTimers } from '../../src/schedule/timers';
import { useEmulatorSession } from './helpers/emulatorSession';
import { ScriptedUi } from './helpers/scriptedUi';

/**
 * Stuck transitions (#16.7) in a real VS Code against the emulator's
 * stuckStopping / stuckStarting scenarios. The extension's timers are manual
 * ones starting at the emulator's clock, moved together with it; no sleeps.
 */
describe('Studio stuck transitions (integration)', function () {
  this.timeout(120_000);
  let timers: ManualTimers;
  let wasVisible = false;
  const M = 60_000;
  const { api, emu, requests, workspaceId: rnaseqId } = useEmulatorSession({
    seed: 167,
    start: 'signedIn',
    // No interval refresh and the view hidden (no transition checks): every request during a wait below is
    // the watcher's own, and the note does not depend on the view being shown.
    settings: { 'studios.refreshInterval': 0 },
    workspace: ['genomics-core', 'rnaseq'],
    studiosUi: () => new ScriptedUi(),
    prepare: () => {
      timers = new ManualTimers(emu().clock.now());
      store().scheduler.setTimers(timers);
      studios().stuck.setTimers(timers);
      wasVisible = store().scheduler.isVisible;
      store().scheduler.setVisible(false);
    },
    restore: () => {
      store().scheduler.setTimers(realTimers);
      studios().stuck.setTimers(realTimers);
      store().scheduler.setVisible(wasVisible);
    },
  });

  const studios = () => api().studios;
  const store = () => api().studios.store;
  const utc = (t: number) => `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

  async function advance(ms: number): Promise<void> {
    await emu().clock.advance(ms);
    await timers.advance(ms);
  }

  function row(sessionId: string): { item: vscode.TreeItem; tip: string } {
    const provider = studios().provider;
    const node = provider.nodeFor(sessionId);
    const item = provider.getTreeItem(node);
    const tip = (provider.resolveTreeItem(item, node).tooltip as vscode.MarkdownString).value;
    return { item, tip };
  }

  it('a Studio stopping for 10 minutes by the Platform\'s lastUpdate gets a note and a warning icon, after one read of it and no polling', async () => {
    const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'stuck-stop', status: 'running', scenario: 'stuckStopping' });
    emu().state.lifecycle.stop(rec);
    const stoppedAt = rec.statusTime;
    await store().refresh('all', 'manual');
    assert.ok(!String(row(rec.sessionId).item.description).includes('stuck'));
    emu().clearRequests();

    await advance(stoppedAt + 10 * M - 1_000 - emu().clock.now());
    assert.ok(!String(row(rec.sessionId).item.description).includes('stuck'), 'not before ten minutes');
    assert.equal(requests('GET', new RegExp(`/studios/${rec.sessionId}$`)).length, 0, 'nothing read while waiting');

    const redrawn = nextEvent(studios().provider.onDidChangeTreeData, (n) => n !== undefined && 'sessionId' in n && n.sessionId === rec.sessionId);
    await advance(1_000);
    await redrawn;
    assert.equal(requests('GET', new RegExp(`/studios/${rec.sessionId}$`)).length, 1, 'one read when it would become stuck');
    assert.equal(requests('GET', /^\/api\/studios$/).length, 0, 'no list polling');
    const { item, tip } = row(rec.sessionId);
    assert.match(String(item.description), / · stopping for 10 min: may be stuck$/);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'warning');
    assert.ok(tip.includes(`**Stopping for 10 min** (since ${utc(stoppedAt)}, the Platform's time)`), tip);
    assert.match(tip, /offers no other action for a Studio that is stopping/);
    assert.equal(item.contextValue, 'studio:stopping');
  });

  it('a start with no progress change for 10 minutes gets a note naming the step; Stop Studio (what the API offers) stops it and the note goes', async () => {
    const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'stuck-start', scenario: 'stuckStarting' });
    emu().state.lifecycle.start(rec, emu().state.mainUserId);
    await store().refresh('all', 'manual');
    // The first step ends after 20 s; the next look sees the change and the ten minutes start again from then.
    await advance(30_000);
    await store().refresh({ studio: rec.sessionId }, 'manual');
    const stepSeenAt = emu().clock.now();
    assert.deepEqual(store().get(rec.sessionId)?.progress.map((p) => p.status), ['succeeded', 'in-progress', 'pending']);

    await advance(10 * M - 30_000);
    assert.ok(!String(row(rec.sessionId).item.description).includes('stuck'), 'ten minutes starting, but not ten without progress');
    await advance(30_000);
    const { item, tip } = row(rec.sessionId);
    assert.match(String(item.description), /^Mounting checkpoints \(2\/3\) · no progress for 10 min: may be stuck$/);
    assert.ok(tip.includes(`**No progress for 10 min** at *Mounting checkpoints* (since ${utc(stepSeenAt)}, when this window saw it)`), tip);
    assert.match(tip, /\*Stop Studio\* stops it/);
    assert.equal(item.contextValue, 'studio:starting', 'Stop Studio is in its menu (the stop regex matches starting)');

    let done = false;
    const cmd = Promise.resolve(vscode.commands.executeCommand<Studio | undefined>('seqera.studios.stop', studios().provider.nodeFor(rec.sessionId))).finally(() => {
      done = true;
    });
    for (let i = 0; i < 100 && !done; i++) {
      if (store().scheduler.watchedIds().length === 0) {
        await Promise.race([cmd, nextEvent(store().scheduler.onDidWatch)]);
        continue;
      }
      await advance(5_000);
    }
    assert.equal((await cmd)?.statusInfo.status, 'stopped');
    assert.equal(requests('PUT', new RegExp(`/studios/${rec.sessionId}/stop$`)).length, 1);
    const after = row(rec.sessionId);
    assert.ok(!String(after.item.description).includes('stuck'));
    assert.equal((after.item.iconPath as vscode.ThemeIcon).id, 'vm-outline');
  });
});
