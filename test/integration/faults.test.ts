import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import type { ReportedError } from '../../src/ui/commandRegistry';
import type { BuildOutcome } from '../../src/waveBuilds/runBuild';
import { nextEvent } from '../../src/testing/nextEvent';
import { ManualTimers } from '../../src/testing/manualTimers';
import { realTimers } from '../../src/schedule/timers';
import type { Studio } from '../../src/platform/studioTypes';
import type { StudiosTreeNode } from '../../src/studios/studioNodes';
import type { WorkspaceNode } from '../../src/workspaces/workspaceNodes';
import { tokenKey } from '../../src/accounts/tokenStore';
import { startEmulator, type Emulator } from '../emulator';
import { platform } from '../emulator/testkit';
import type { FaultRule, RequestLogEntry } from '../emulator/types';
import { activateExtension } from './extension';
import { ScriptedUi } from './helpers/scriptedUi';
import { driveWaveBuild, writeFileUnder } from './helpers/waveBuilds';
import { claimRejections, describeRejection, flushRejections, installRejectionRecorder, rejectionMark, rejectionsSince } from './rejections';
import { filesUnder } from '../shared/files';

/**
 * A whole session in a real VS Code while the emulator fails about one call in
 * five (seeded, so each run draws the same faults for the same requests): 5xx,
 * 503 with Retry-After, connection resets, malformed JSON and slow bodies, on
 * the Platform and on Wave. Sign in, browse the workspaces, list the Studios,
 * start and stop one, build with Wave. Then persistent faults, one at a time.
 *
 * What must hold throughout:
 * - every user action either succeeds or shows exactly one clear message
 *   (counted through the extension's onDidReportError), and Retry gets there;
 * - every view ends complete, or showing an error node whose command retries;
 * - no POST is sent twice for one user action (the emulator's request log);
 * - no unhandled promise rejection in the extension host;
 * - afterwards no token in any output channel, log file, globalState,
 *   workspaceState or setting.
 *
 * Time: the emulator's clock and the Studios poll timers are manual and moved
 * by the test; retries wait the Retry-After of 0 s or the HTTP layer's short
 * jittered backoff.
 */
const FAULT_MIX: FaultRule[] = [
  // Each kind once for sure, on each server, whatever the seed draws below.
  { server: 'platform', method: 'GET', path: '/studios', kind: 'malformed', count: 1 },
  { server: 'platform', method: 'GET', path: /^\/studios\/[^/]+$/, kind: 'slowBody', ms: 200, count: 1 },
  { server: 'platform', method: 'GET', path: /^\/studios\/[^/]+\/checkpoints$/, kind: 'reset', count: 1 },
  { server: 'platform', method: 'GET', path: /^\/user\/\d+\/workspaces$/, kind: 'status', status: 503, retryAfterSeconds: 1, count: 1 },
  { server: 'wave', method: 'GET', path: /\/status$/, kind: 'reset', count: 1 },
  { server: 'wave', method: 'GET', path: /\/status$/, kind: 'malformed', count: 1 },
  { server: 'wave', method: 'GET', path: /\/logs$/, kind: 'slowBody', ms: 200, count: 1 },
  { server: 'wave', method: 'POST', path: '/v1alpha2/container', kind: 'status', status: 502, count: 1 },
  // Then about one call in five, drawn from the seeded random source.
  { kind: 'status', status: 500, rate: 0.035 },
  { kind: 'status', status: 502, rate: 0.035 },
  { kind: 'status', status: 503, retryAfterSeconds: 0, rate: 0.04 },
  { kind: 'reset', rate: 0.035 },
  { kind: 'malformed', rate: 0.035 },
  { kind: 'slowBody', ms: 200, rate: 0.035 },
];
const CONTROL_REJECTION = 'fault suite: a deliberate unhandled rejection, to check the hook (expected in the log)';
/** The seed of the emulator's data and fault draws; SEQERA_FAULT_SEED tries others. */
const SEED = Number(process.env.SEQERA_FAULT_SEED ?? 23);
const MAX_TRIES = 8;
const TRANSIENT = new Set(['network', 'server', 'rateLimited', 'invalidResponse']);

describe('Faults: a session while the servers fail 20% of calls (integration)', function () {
  this.timeout(600_000);
  let api: SeqeraTestRig;
  let emu: Emulator;
  let ui: ScriptedUi;
  let timers: ManualTimers;
  let originalUi: SeqeraTestRig['studios']['ui'];
  let dir: string;
  const written: string[] = [];
  const reported: ReportedError[] = [];
  const subscriptions: vscode.Disposable[] = [];
  /** Where the session starts in the run's record of unhandled rejections (./rejections). */
  let sessionMark = 0;
  /** Reads the emulator's truth with the faults set aside for a moment. */
  let activeFaults: FaultRule[] = [];
  function useFaults(...rules: FaultRule[]): void {
    emu.faults.clear();
    for (const r of rules) emu.faults.add(r);
    activeFaults = rules;
  }
  async function withoutFaults<T>(read: () => Promise<T>): Promise<T> {
    emu.faults.clear();
    try {
      return await read();
    } finally {
      for (const r of activeFaults) emu.faults.add(r);
    }
  }
  const seqera = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');
  const tokens = (): string[] => [emu.token];

  /** Messages and requests of one user action, checked as each action ends. */
  interface Attempt<T> {
    result: T | undefined;
    messages: ReportedError[];
    requests: RequestLogEntry[];
  }

  async function attempt<T>(what: string, run: () => Thenable<T> | Promise<T>): Promise<Attempt<T>> {
    const m0 = reported.length;
    const r0 = emu.requests.length;
    const result = await run();
    const messages = reported.slice(m0);
    const requests = emu.requests.slice(r0);
    assert.ok(messages.length <= 1, `${what}: one message per failure, got ${JSON.stringify(messages.map((m) => m.message))}`);
    for (const m of messages) assertClearMessage(what, m);
    const posts = new Map<string, number>();
    for (const r of requests.filter((x) => x.method === 'POST')) posts.set(`${r.server} ${r.path}`, (posts.get(`${r.server} ${r.path}`) ?? 0) + 1);
    for (const [route, n] of posts) assert.equal(n, 1, `${what}: POST ${route} sent ${n} times in one action`);
    return { result, messages, requests };
  }

  /** Runs a user action until it succeeds, as a user clicking Retry would; each failure shows one message. */
  async function untilDone<T>(what: string, run: () => Thenable<T> | Promise<T>, succeeded: (result: T | undefined) => boolean): Promise<T> {
    for (let i = 1; i <= MAX_TRIES; i++) {
      const a = await attempt(what, run);
      if (a.messages.length === 0 && succeeded(a.result)) return a.result as T;
      assert.equal(a.messages.length, 1, `${what}: a failure shows one message (try ${i})`);
      const m = a.messages[0];
      if (m && TRANSIENT.has(m.kind ?? '')) assert.ok(m.actions.includes('Retry'), `${what}: "${m.message}" offers Retry`);
    }
    return assert.fail(`${what} did not succeed in ${MAX_TRIES} tries`);
  }

  function assertClearMessage(what: string, m: ReportedError): void {
    assert.ok(m.kind !== undefined, `${what}: "${m.message}" is a SeqeraError, not a crash`);
    assert.ok(m.message.length >= 15 && m.message.length <= 600, `${what}: message length of "${m.message}"`);
    for (const bad of [/\bundefined\b/, /\[object /, /\bTypeError\b/, /Cannot read propert/, /\n\s+at /]) {
      assert.doesNotMatch(m.message, bad, `${what}: "${m.message}" leaks internals`);
    }
    for (const t of tokens()) assert.ok(!m.message.includes(t), `${what}: a message shows the token`);
  }

  // --- the views ---------------------------------------------------------------------------------------

  const workspacesTree = () => {
    const p = api.services.views.workspaces;
    assert.ok(p, 'the Workspaces view is registered');
    return p;
  };

  /**
   * The Workspaces view ends complete: every org and workspace of the user, or one error
   * node whose command is the Retry. Retries until complete (the fault mix is transient).
   */
  async function workspacesViewComplete(): Promise<void> {
    const rows = (await withoutFaults(() => platform(emu).get<{ orgsAndWorkspaces: { orgId: number; workspaceId?: number }[] }>(`/user/${emu.state.mainUser.id}/workspaces`))).body.orgsAndWorkspaces;
    for (let i = 1; i <= MAX_TRIES; i++) {
      const top = await workspacesTree().getChildren();
      if (top.length === 1 && top[0]?.kind === 'error') {
        const item = workspacesTree().getTreeItem(top[0]);
        assert.equal(item.command?.command, 'seqera.refreshWorkspaces', 'the error node retries');
        assert.equal(item.contextValue, 'error');
        assert.ok(String(item.label).length > 10);
        await attempt('Retry (Workspaces)', () => vscode.commands.executeCommand(item.command?.command ?? '', ...(item.command?.arguments ?? [])));
        continue;
      }
      assert.ok(top.length > 0, 'never a silent empty tree');
      assert.equal(top[0]?.kind, 'workspace', 'the personal workspace comes first');
      const orgs = top.filter((n): n is Extract<WorkspaceNode, { kind: 'org' }> => n.kind === 'org');
      assert.equal(orgs.length, new Set(rows.map((r) => r.orgId)).size, 'every organization');
      const children = (await Promise.all(orgs.map((o) => workspacesTree().getChildren(o)))).flat();
      assert.equal(children.filter((n) => n.kind === 'workspace').length, rows.filter((r) => r.workspaceId !== undefined).length, 'every workspace');
      return;
    }
    assert.fail('the Workspaces view never completed');
  }

  const studios = () => api.studios;
  const store = () => api.studios.store;
  const studiosTree = () => api.studios.provider;

  /** The Studios view ends complete (every Studio the user may see) or shows an error node that retries. */
  async function studiosViewComplete(workspaceId: number): Promise<Studio[]> {
    const visible = await withoutFaults(async () => {
      const names: string[] = [];
      for (let offset = 0; ; offset += 100) {
        const page = await platform(emu).get<{ studios: { name: string }[]; totalSize: number }>('/studios', { query: { workspaceId, max: 100, offset } });
        names.push(...page.body.studios.map((s) => s.name));
        if (page.body.studios.length === 0 || names.length >= page.body.totalSize) return names;
      }
    });
    for (let i = 1; i <= MAX_TRIES; i++) {
      const top = await studiosTree().getChildren();
      if (top.length === 1 && top[0]?.kind === 'error') {
        const item = studiosTree().getTreeItem(top[0]);
        assert.equal(item.command?.command, 'seqera.studios.refresh', 'the error node retries');
        await attempt('Retry (Studios)', () => vscode.commands.executeCommand(item.command?.command ?? '', ...(item.command?.arguments ?? [])));
        continue;
      }
      if (visible.length === 0) {
        assert.deepEqual(top, []);
        assert.equal(store().state, 'loaded', 'an empty workspace shows the "no Studios" welcome content, not an error hidden as empty');
        return [];
      }
      assert.ok(top.length > 0, 'never a silent empty tree');
      const names = top.map((n) => String(studiosTree().getTreeItem(n).label)).sort();
      assert.deepEqual(names, [...visible].sort(), 'every Studio is listed');
      return store().studios;
    }
    return assert.fail('the Studios view never completed');
  }

  async function studioNode(name: string): Promise<StudiosTreeNode> {
    const top = await studiosTree().getChildren();
    const node = top.find((n) => studiosTree().getTreeItem(n).label === name);
    assert.ok(node, `the tree lists ${name}`);
    return node;
  }

  /**
   * Runs a Studio command and moves the emulator's clock and the poll timers
   * forward until it ends (the studios suite's recipe).
   */
  async function drive<T>(command: string, ...args: unknown[]): Promise<T | undefined> {
    let done = false;
    const promise = Promise.resolve(vscode.commands.executeCommand<T>(command, ...args)).finally(() => {
      done = true;
    });
    for (let i = 0; i < 400 && !done; i++) {
      if (store().scheduler.watchedIds().length === 0) {
        await Promise.race([promise.catch(() => undefined), nextEvent(store().scheduler.onDidWatch)]);
        continue;
      }
      await emu.clock.advance(5_000);
      await timers.advance(5_000);
    }
    assert.ok(done, `${command} finished`);
    return promise;
  }

  // --- Wave ----------------------------------------------------------------------------------------------

  /** A Wave build command; the emulator's clock moves a minute after each status check until it ends. */
  function build(uri: vscode.Uri): Promise<BuildOutcome | undefined> {
    return driveWaveBuild(emu, () => vscode.commands.executeCommand<BuildOutcome | undefined>('wave.build', uri, [uri]), 30_000);
  }

  const write = (rel: string, content: string): vscode.Uri => writeFileUnder(dir, rel, content);

  // --- setup ---------------------------------------------------------------------------------------------

  before(async () => {
    api = await activateExtension();
    // The entry installed the recorder for the whole run; this only matters when another entry loads the suite.
    installRejectionRecorder();
    // Control: the recorder sees a rejection nobody handles in this extension host. Claimed, so it fails nothing.
    void Promise.reject(new Error(CONTROL_REJECTION));
    await flushRejections();
    const control = claimRejections((r) => r instanceof Error && r.message === CONTROL_REJECTION);
    assert.equal(control.length, 1, 'the unhandledRejection recorder works here');
    sessionMark = rejectionMark();
    subscriptions.push(
      api.onDidReportError((m) => reported.push(m)),
      api.services.log.onDidWrite((l) => written.push(l.text)),
      api.services.waveOutput.channel.onDidWrite((l) => written.push(l.text)),
    );
    emu = await startEmulator({ seed: SEED });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-faults-'));
    timers = new ManualTimers();
    store().scheduler.setTimers(timers);
    originalUi = studios().ui;
    ui = new ScriptedUi();
    studios().ui = ui;
    await seqera().update('platformUrl', emu.platformUrl, vscode.ConfigurationTarget.Global);
    await seqera().update('waveUrl', emu.waveUrl, vscode.ConfigurationTarget.Global);
    await seqera().update('wave.pollMaxInterval', 0.5, vscode.ConfigurationTarget.Global);
    await seqera().update('studios.refreshInterval', 30, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await api.session.signOut();
    await api.services.waveBuilds.clear();
    useFaults(...FAULT_MIX);
  });

  after(async () => {
    for (const s of subscriptions) s.dispose();
    if (!api) return;
    studios().ui = originalUi;
    store().scheduler.setTimers(realTimers);
    emu?.faults.clear();
    await api.session.signOut();
    for (const key of ['platformUrl', 'waveUrl', 'wave.pollMaxInterval', 'studios.refreshInterval']) {
      await seqera().update(key, undefined, vscode.ConfigurationTarget.Global);
    }
    await api.session.reload();
    await api.services.waveBuilds.clear();
    await emu?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    assert.deepEqual(ui.unexpected, [], 'every prompt was scripted');
  });

  // --- the session under random faults -----------------------------------------------------------------------
  describe('a scripted session', () => {

    it('signs in', async () => {
      // As a person signs in (the token typed into the prompt): a failure shows its message. (Called with the
      // token as an argument, the command is automation and rejects instead: test/integration/authProvider.test.ts.)
      const prompt = api.services.prompts.token;
      api.services.prompts.token = async () => emu.token;
      try {
        await untilDone('Sign In', () => vscode.commands.executeCommand('seqera.signIn'), () => api.session.state === 'signedIn');
      } finally {
        api.services.prompts.token = prompt;
      }
      assert.equal(await api.services.context.secrets.get(tokenKey(emu.platformUrl)), emu.token, 'the token is in SecretStorage');
    });

    it('browses the workspaces: the view ends complete', async () => {
      await untilDone('Refresh Workspaces', () => vscode.commands.executeCommand('seqera.refreshWorkspaces'), () => true);
      await workspacesViewComplete();
    });

    it('visits every workspace: each Studios view ends complete', async () => {
      const all = api.workspaces.all().filter((w) => w.workspaceId !== undefined);
      assert.ok(all.length >= 6, `${all.length} workspaces`);
      for (const w of all) {
        await untilDone(`Select Workspace ${w.fullName}`, () => vscode.commands.executeCommand('seqera.selectWorkspace', w.workspaceId), () => api.workspaces.active?.workspaceId === w.workspaceId);
        await studiosViewComplete(w.workspaceId ?? -1);
      }
    });

    it("in rnaseq, every Studio's checkpoints end complete", async () => {
      const ws = emu.state.workspace('genomics-core', 'rnaseq');
      await untilDone('Select Workspace', () => vscode.commands.executeCommand('seqera.selectWorkspace', ws.id), () => api.workspaces.active?.workspaceId === ws.id);
      await studiosViewComplete(ws.id);
      for (const studio of emu.state.studiosIn(ws.id)) {
        const node = await studioNode(studio.name);
        for (let i = 1; ; i++) {
          const children = await studiosTree().getChildren(node);
          const err = children.find((c) => c.kind === 'error');
          if (!err) {
            const shown = children.filter((c) => c.kind === 'checkpoint').length;
            assert.equal(shown, Math.min(20, studio.checkpoints.length), `every checkpoint of ${studio.name}`);
            if (shown === 0) assert.ok(children.some((c) => c.kind === 'message'), 'an empty list says so');
            break;
          }
          assert.ok(i < MAX_TRIES, 'the checkpoints never loaded');
          const item = studiosTree().getTreeItem(err);
          assert.equal(item.command?.command, 'seqera.studios.refresh', 'the error node retries');
          await attempt('Retry (checkpoints)', () => vscode.commands.executeCommand(item.command?.command ?? '', ...(item.command?.arguments ?? [])));
        }
      }
    });

    it('starts a Studio and follows it until it runs', async () => {
      const ws = emu.state.workspace('genomics-core', 'rnaseq');
      const rec = emu.state.addStudio({ workspaceId: ws.id, name: 'faults-start', status: 'stopped' });
      await untilDone('Refresh Studios', () => vscode.commands.executeCommand('seqera.studios.refresh'), () => store().get(rec.sessionId) !== undefined);
      const node = await studioNode('faults-start');
      await untilDone('Start Studio', () => drive<Studio>('seqera.studios.start', node), () => store().get(rec.sessionId)?.statusInfo.status === 'running');
      assert.equal(emu.state.studio(rec.sessionId).status, 'running');
      assert.equal(studiosTree().getTreeItem(node).contextValue?.startsWith('studio:running'), true);
      assert.deepEqual(ui.warnings.filter((w) => /did not start/.test(w)), [], `no misleading warning: ${JSON.stringify(ui.warnings)}`);
    });

    it('stops it and follows it until it has stopped', async () => {
      const rec = emu.state.studioByName('faults-start', emu.state.workspace('genomics-core', 'rnaseq').id);
      const node = await studioNode('faults-start');
      await untilDone('Stop Studio', () => drive<Studio>('seqera.studios.stop', node), () => store().get(rec.sessionId)?.statusInfo.status === 'stopped');
      assert.equal(emu.state.studio(rec.sessionId).status, 'stopped');
    });

    it('builds a conda file and a Dockerfile with a context with Wave', async () => {
      const conda = write('tools/environment.yml', 'channels:\n  - bioconda\ndependencies:\n  - bioconda::samtools=1.17\n');
      const outcome = await untilDone('Build with Wave (conda)', () => build(conda), (o) => o?.state === 'succeeded');
      assert.ok(outcome);
      assert.match(api.waveTranscript.text(), new RegExp(`Built ${outcome.targetImage.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      write('app/main.py', 'print("hi")\n');
      write('app/.dockerignore', '*.pyc\n');
      const dockerfile = write('app/Dockerfile', 'FROM python:3.12-slim\nCOPY main.py /app/\nRUN echo built\n');
      const second = await untilDone('Build with Wave (Dockerfile)', () => build(dockerfile), (o) => o?.state === 'succeeded');
      assert.ok(second?.buildId);
      const history = api.services.waveBuilds.list();
      assert.ok(history.some((e) => e.id === outcome.requestId && e.state === 'succeeded'), 'the Wave Builds view lists the conda build');
      assert.ok(history.some((e) => e.id === second.requestId && e.state === 'succeeded'), 'and the Dockerfile build');
      const provider = api.services.views.waveBuilds;
      assert.ok(provider && provider.getChildren().length >= 2, 'the Wave Builds view shows them');
    });

    it('drew faults of every kind, on both servers, and recovered from each', () => {
      const faulted = emu.requests.filter((r) => r.faults?.length);
      const kinds = new Set(faulted.flatMap((r) => r.faults ?? []));
      for (const k of ['status', 'reset', 'malformed', 'slowBody']) assert.ok(kinds.has(k as never), `a ${k} fault was injected (${[...kinds].join(', ')})`);
      assert.ok(faulted.some((r) => r.server === 'wave') && faulted.some((r) => r.server === 'platform'), 'on both servers');
      assert.ok(
        reported.some((m) => m.source === 'wave.build' && /\(502\)/.test(m.message)),
        'the build request that failed (a POST is never repeated by itself) showed one message, and Retry built it',
      );
      const share = faulted.length / emu.requests.length;
      console.log(
        `fault suite (seed ${SEED}): ${emu.requests.length} requests, ${faulted.length} faulted (${[...kinds].join(', ')}); ` +
          `${reported.length} messages shown: ${JSON.stringify(reported.map((m) => `${m.source}: ${m.message}`))}`,
      );
      assert.ok(share > 0.15 && share < 0.45, `${(share * 100).toFixed(0)}% of ${emu.requests.length} requests failed`);
    });
  });

  // --- persistent faults: one message each ------------------------------------------------------------------

  describe('persistent faults', () => {
    beforeEach(() => useFaults());
    after(() => useFaults());

    it('the workspace list failing for good: an error node with Retry, no toast; Retry recovers', async () => {
      useFaults({ server: 'platform', method: 'GET', path: /^\/user\/\d+\/workspaces$/, kind: 'status', status: 500 });
      const a = await attempt('Refresh Workspaces (down)', () => vscode.commands.executeCommand('seqera.refreshWorkspaces'));
      assert.equal(a.messages.length, 0, 'a view load shows its error in the view, not as a toast');
      const top = await workspacesTree().getChildren();
      assert.equal(top.length, 1);
      const item = workspacesTree().getTreeItem(top[0] as WorkspaceNode);
      assert.match(String(item.label), /failed to answer \(500\)/);
      assert.equal(item.description, 'Retry');
      assert.equal(item.command?.command, 'seqera.refreshWorkspaces');
      useFaults();
      await vscode.commands.executeCommand(item.command?.command ?? '');
      await workspacesViewComplete();
    });

    it('the Studios list failing for good in a newly chosen workspace: an error node with Retry; Retry recovers', async () => {
      useFaults({ server: 'platform', method: 'GET', path: '/studios', kind: 'status', status: 503 });
      const r0 = emu.requests.length;
      const ws = emu.state.workspace('genomics-core', 'variant-calling');
      await vscode.commands.executeCommand('seqera.selectWorkspace', ws.id);
      const top = await studiosTree().getChildren();
      assert.equal(top.length, 1, 'one node');
      assert.equal(top[0]?.kind, 'error');
      const item = studiosTree().getTreeItem(top[0] as StudiosTreeNode);
      assert.match(String(item.label), /failed to answer \(503\)|busy/);
      const failedRequests = emu.requests.slice(r0).filter((r) => r.path === '/api/studios' && r.status === 503).length;
      assert.equal(failedRequests, 4, 'the list was tried four times (retries of a 503), then shown as an error');
      const again = await attempt('Retry (Studios, still down)', () => vscode.commands.executeCommand(item.command?.command ?? '', ...(item.command?.arguments ?? [])));
      assert.equal(again.messages.length, 1, 'a Retry that fails again says so once');
      useFaults();
      await studiosViewComplete(ws.id);
    });

    it('Wave refusing builds (503 busy): one message, one POST per click', async () => {
      useFaults({ server: 'wave', method: 'POST', path: '/v1alpha2/container', kind: 'status', status: 503, retryAfterSeconds: 30 });
      const uri = write('busy/environment.yml', 'dependencies:\n  - bioconda::bcftools=1.20\n');
      for (let click = 0; click < 2; click++) {
        const a = await attempt('Build with Wave (busy)', () => vscode.commands.executeCommand('wave.build', uri, [uri]));
        assert.equal(a.messages.length, 1);
        assert.match(a.messages[0]?.message ?? '', /\(503\)\. Try again in 30 seconds\./);
        assert.ok(a.messages[0]?.actions.includes('Retry'));
        assert.equal(a.requests.filter((r) => r.method === 'POST').length, 1, 'the build request is not repeated by itself');
      }
    });

    it('a Studio whose status cannot be read while it starts: one clear message, the tree stays usable', async () => {
      const ws = emu.state.workspace('genomics-core', 'rnaseq');
      await vscode.commands.executeCommand('seqera.selectWorkspace', ws.id);
      await studiosViewComplete(ws.id);
      const rec = emu.state.studioByName('faults-start', ws.id);
      const node = await studioNode('faults-start');
      useFaults({ server: 'platform', method: 'GET', path: `/studios/${rec.sessionId}`, kind: 'status', status: 500 });
      const a = await attempt('Start Studio (status down)', () => drive('seqera.studios.start', node));
      assert.equal(a.messages.length, 1, JSON.stringify(reported.slice(-3)));
      assert.match(a.messages[0]?.message ?? '', /Lost track of Studio faults-start while it was starting: .*\(500\)/);
      useFaults();
      await studiosViewComplete(ws.id);
      await untilDone('Refresh Studio', () => vscode.commands.executeCommand('seqera.studios.refresh', node), () => true);
    });

    it('a start whose answer is cut off is retried by the HTTP layer, and followed, not called "not started"', async () => {
      const ws = emu.state.workspace('genomics-core', 'rnaseq');
      const rec = emu.state.addStudio({ workspaceId: ws.id, name: 'faults-cutoff', status: 'stopped' });
      await vscode.commands.executeCommand('seqera.studios.refresh');
      const node = await studioNode('faults-cutoff');
      useFaults({ server: 'platform', method: 'PUT', path: `/studios/${rec.sessionId}/start`, kind: 'malformed', count: 1 });
      ui.warnings.length = 0;
      const a = await attempt('Start Studio (cut-off answer)', () => drive<Studio>('seqera.studios.start', node));
      assert.equal(a.requests.filter((r) => r.method === 'PUT' && r.path.endsWith('/start')).length, 2, 'the PUT was repeated once');
      assert.deepEqual(a.messages, []);
      assert.deepEqual(ui.warnings, [], 'no "did not start" warning for a Studio that is starting');
      assert.equal(store().get(rec.sessionId)?.statusInfo.status, 'running');
    });
  });

  describe('bad input through the real commands', () => {
    before(() => useFaults());

    it('a hostile file or build context: one message naming the problem, nothing sent to Wave', async () => {
      const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefg'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]}`).join(', ')}]`), 'dependencies: *g'];
      fs.symlinkSync('/etc/passwd', path.join(path.dirname(write('linked/Dockerfile', 'FROM alpine\nCOPY . /app/\n').fsPath), 'passwd'));
      const cases: [vscode.Uri, RegExp][] = [
        [write('bomb/environment.yml', laughs.join('\n') + '\n'), /environment\.yml:2:\d+: the YAML alias \*a is not accepted/],
        [write('binary/environment.yml', '\u0000\u0001PNG\u0000'), /looks like a binary file/],
        [write('big/Dockerfile', `FROM alpine\nRUN ${'echo x && '.repeat(800)}true\n`), /Wave accepts a Dockerfile of at most 7,500 bytes/],
        [vscode.Uri.file(path.join(dir, 'linked', 'Dockerfile')), /The symbolic link passwd points outside the build context \(to \/etc\/passwd\)/],
        [write('parent/ctx/Dockerfile', 'FROM alpine\nCOPY ../secret /root/\n'), /parent\/ctx\/Dockerfile:2: COPY \.\.\/secret: \S+\/parent\/secret is outside the build context/],
        // #11 items 15 and 16 through the real command: what is really wrong, with file and line.
        [write('nofrom/Dockerfile', 'RUN apt-get update\n'), /nofrom\/Dockerfile:1: a Dockerfile must start with FROM <image>/],
        [write('onearg/Dockerfile', 'FROM alpine\nCOPY x\n'), /onearg\/Dockerfile:2: COPY needs a source and a destination .* only "x"\./],
        [write('emptydir/Dockerfile', 'FROM alpine\nCOPY data /data\n'), /emptydir\/Dockerfile:2: COPY data: data is an empty folder .* Wave packs only files/],
        [write('multidoc/environment.yml', 'dependencies: [a]\n---\ndependencies: [b]\n'), /multidoc\/environment\.yml:2:1: a second YAML document starts here/],
        [write('number/environment.yml', 'dependencies: [3.11]\n'), /number\/environment\.yml:1:16: `3\.11` is a number, not a package/],
        [write('lock/environment.yml', '# platform: linux-64\n@EXPLICIT\nhttps://conda.anaconda.org/conda-forge/noarch/tzdata-2025b-h78e105d_0.conda\n'), /lock\/environment\.yml:2: this is a conda explicit lock file/],
      ];
      fs.mkdirSync(path.join(dir, 'emptydir', 'data'));
      fs.writeFileSync(path.join(dir, 'parent', 'secret'), 'not for Wave');
      for (const [uri, message] of cases) {
        const a = await attempt(`Build with Wave (${vscode.workspace.asRelativePath(uri)})`, () => vscode.commands.executeCommand('wave.build', uri, [uri]));
        assert.equal(a.messages.length, 1, `one message for ${uri.fsPath}`);
        assert.equal(a.messages[0]?.kind, 'input');
        assert.match(a.messages[0]?.message ?? '', message);
        assert.ok(!a.messages[0]?.actions.includes('Retry'), 'no Retry for a file that is wrong');
        assert.deepEqual(a.requests.filter((r) => r.server === 'wave').map((r) => r.path), [], 'nothing reached Wave');
      }
    });
  });

  // --- what the session left behind ------------------------------------------------------------------------
  describe('afterwards', () => {

    it('left no unhandled promise rejection in the extension host', () => {
      // The run's root hook fails on any rejection anywhere; this names the session as the cause.
      assert.deepEqual(rejectionsSince(sessionMark).map(describeRejection), []);
    });

    it('left no token in any output channel, log file, globalState, workspaceState or setting', async () => {
      const context = api.services.context;
      assert.equal(await context.secrets.get(tokenKey(emu.platformUrl)), emu.token, 'the scan looks for the token the session really used');
      assert.ok(written.length > 50, `the session wrote to the output channels (${written.length} lines)`);
      assert.ok(written.some((l) => l.includes('Status: ')), 'the Wave builds channel was captured');
      assert.ok(written.some((l) => l.includes('/api/')), 'the Seqera channel was captured');

      const files = [
        ...filesUnder(path.dirname(context.logUri.fsPath)),
        ...filesUnder(context.globalStorageUri.fsPath),
        ...(context.storageUri ? filesUnder(context.storageUri.fsPath) : []),
      ];
      // Settings on disk: user settings, machine settings (where machine-scoped seqera.* settings go in a
      // remote window) and VS Code's local history of edits to them.
      const userDir = path.join(context.globalStorageUri.fsPath, '..', '..');
      const settingsFiles = [path.join(userDir, 'settings.json'), path.join(userDir, '..', 'Machine', 'settings.json')].filter((f) => fs.existsSync(f));
      assert.ok(
        settingsFiles.some((f) => fs.readFileSync(f, 'utf8').includes('"seqera.platformUrl"')),
        `a settings file holds the session's settings (${settingsFiles.join(', ')})`,
      );
      files.push(...settingsFiles);
      files.push(...filesUnder(path.join(userDir, 'History')));
      const onDisk = files.map((f) => ({ f, text: fs.readFileSync(f).toString('utf8') }));
      assert.ok(onDisk.some((x) => x.text.includes('Status: ')), `the scan reads the log files (${files.length} files)`);

      const state = (memento: vscode.Memento): string => JSON.stringify(memento.keys().map((k) => [k, memento.get(k)]));
      const globalState = state(context.globalState);
      assert.match(globalState, /seqera\.activeWorkspace/, 'globalState holds what the session saved');
      const workspaceState = state(context.workspaceState);

      const manifest = context.extension.packageJSON as { contributes: { configuration: { properties: Record<string, unknown> } } };
      const settings = JSON.stringify(
        Object.keys(manifest.contributes.configuration.properties).map((key) => {
          const [section, ...rest] = key.split('.');
          return vscode.workspace.getConfiguration(section).inspect(rest.join('.'));
        }),
      );
      assert.match(settings, /wave\.pollMaxInterval|"globalValue":0\.5/);

      const places: [string, string][] = [
        ['output channels', written.join('\n')],
        ['Wave builds transcript', api.waveTranscript.text()],
        ['reported messages', JSON.stringify(reported)],
        ['globalState', globalState],
        ['workspaceState', workspaceState],
        ['settings', settings],
        ...onDisk.map((x): [string, string] => [x.f, x.text]),
      ];
      for (const token of tokens()) {
        for (const [where, text] of places) assert.ok(!text.includes(token), `the token appears in ${where}`);
      }
    });
  });
});
