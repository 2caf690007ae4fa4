import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import type { BuildOutcome } from '../../src/waveBuilds/runBuild';
import type { WorkspaceRef } from '../../src/workspaces/orgsAndWorkspaces';
import type { StudiosTreeNode } from '../../src/studios/studioNodes';
import { probeActivation, type ActivationParts } from './activationProbe';
import { packInExtensionHost, type HostPackResult } from './packInHost';
import { prefixConsole } from '../../test/shared/consolePrefix';
import { formatResult } from '../../test/shared/mochaRunner';
import { exposeGc, memorySample, type MemorySample } from '../lib/gc';
import { round, summarise, type Summary, warmRepeats } from '../lib/stats';
import { freshClient, studiosLoad } from '../node/studiosList';
import { workspacesLoad } from '../node/workspacesList';
import { BENCH_MARKER, CONTROL_ENV, MODE_ENV, controlClient, type ControlApi, type WorkspaceTarget, type WorldInfo } from '../lib/protocol';

/**
 * The benchmarks that need the real extension in a real VS Code, loaded by the
 * harness as `extensionTestsPath` (bench/vscode/session.ts starts it). The
 * emulator runs in the bench runner's process and is reached through the
 * control channel (protocol.ts). Prints one BENCH_MARKER line with the results
 * and a suite result line so the harness knows the run completed.
 *
 * Measured at the extension's own boundary with VS Code: the tree provider's
 * getChildren/getTreeItem as VS Code calls them (instance methods wrapped to
 * note the time), the output channel writer, process.memoryUsage().
 */
const EXTENSION_ID = 'seqera-community.seqera-vscode';
/** Quiet time before activating, so VS Code's own start-up work is over (as when a user opens the view later). */
const SETTLE_MS = 2_000;
/** Refresh interval for the status-latency and idle-request measurements (the setting's minimum). */
const INTERVAL_S = 5;
const IDLE_WINDOW_MS = 30_000;
/** The hidden view is watched longer: #18 asks for exactly 0 requests over 60 s. */
const HIDDEN_WINDOW_MS = 60_000;
const FILL_REPEATS = 5;
const CHANGE_SAMPLES = 6;
/** Emulator clock speed during the Wave builds: a conda build of k packages takes (60 + 10k) s / 10. */
const WAVE_SPEED = 10;
const WAVE_BUILDS = 6;
/** Repeats of each list load through VS Code's fetch (bench/node's default). */
const LIST_REPEATS = 7;

export interface VsCodeBenchResult {
  vscodeVersion: string;
  extensionHostNode: string;
  activation: Activation;
  /** bench/node's list loads again, through the extension's own HttpClient: VS Code's fetch. */
  listLoads: {
    transport: string;
    workspaces: { workspaces: number; requests: number; ms: Summary };
    /** Cold loads (a new client each time: first page, then the rest). */
    studios: { studios: number; requests: number; ms: Summary };
    /** Repeated loads through the extension's own client (it asks every page at once). */
    studiosWarm: { requests: number; ms: Summary };
  };
  treeFill1k: {
    studios: number;
    ms: Summary;
    setActiveMs: Summary;
    askedMs: Summary;
    childrenMs: Summary;
    getTreeItemMs: Summary;
    requestsPerLoad: number;
  };
  memory5k: { studios: number; fill: FillTimes; before: MemorySample; after: MemorySample; deltaHeapMiB: number; deltaRssMiB: number };
  statusChange: { intervalS: number; latencyMs: Summary };
  idle: {
    intervalS: number;
    /** The visible view's window (s). */
    windowS: number;
    /** The hidden view's window (s). */
    hiddenWindowS: number;
    studios: number;
    visible: { requests: number; perMinute: number; byRoute: Record<string, number> };
    hidden: { requests: number; perMinute: number; byRoute: Record<string, number> };
  };
  waveLog: { builds: number; speed: number; latencyMs: Summary };
  /** The 5 MiB context packed on the extension host's own event loop (packInHost.ts). */
  contextPack: HostPackResult;
}

export interface Activation extends ActivationParts {
  alreadyActive: boolean;
  /** `Extension.activate()` as another extension sees it: VS Code's work, the load and the activate() call. */
  ms: number | null;
}


export async function run(): Promise<void> {
  const restoreConsole = prefixConsole(process.env.SEQERA_TEST_LOG_PREFIX);
  try {
    const url = process.env[CONTROL_ENV];
    if (!url) throw new Error(`${CONTROL_ENV} is not set: start this entry through \`npm run bench\`.`);
    const result = process.env[MODE_ENV] === 'activation' ? await activationOnly() : await runBench(controlClient(url));
    console.log(`${BENCH_MARKER} ${JSON.stringify(result)}`);
    console.log(formatResult({ suite: 'bench', passed: 1, failed: 0, skipped: 0 }));
  } catch (e) {
    console.error(`bench failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    console.log(formatResult({ suite: 'bench', passed: 0, failed: 1, skipped: 0 }));
    throw e;
  } finally {
    restoreConsole();
  }
}

const log = (text: string): void => console.log(`[bench] ${text}`);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

function ref(t: WorkspaceTarget): WorkspaceRef {
  return { workspaceId: t.workspaceId, orgId: t.orgId, orgName: t.orgName, workspaceName: t.workspaceName, fullName: `${t.orgName} / ${t.workspaceName}` };
}

/**
 * Watches the Studios tree through the calls VS Code makes to its provider:
 * `fill(n)` resolves when a root getChildren that began after the call
 * returned at least n nodes and VS Code then asked getTreeItem for n items.
 */
class TreeProbe {
  private itemCalls = 0;
  /** Root asks in flight, and when the last one ended (performance.now()). */
  private rootAsks = 0;
  private lastRootEnd = 0;
  /** The last root asks, for the message when a fill never comes. */
  private readonly trail: string[] = [];
  private pending:
    | { since: number; n: number; itemsAt?: number; rootAt?: number; calledAt?: number; itemMs: number; resolve: (fill: Fill) => void }
    | undefined;
  readonly treeItem: (node: StudiosTreeNode) => vscode.TreeItem;

  constructor(provider: SeqeraTestRig['studios']['provider']) {
    const getChildren = provider.getChildren.bind(provider);
    const getTreeItem = provider.getTreeItem.bind(provider);
    this.treeItem = getTreeItem;
    provider.getChildren = async (node?: StudiosTreeNode) => {
      const started = performance.now();
      if (!node) this.rootAsks++;
      let nodes: StudiosTreeNode[];
      try {
        nodes = await getChildren(node);
      } finally {
        if (!node) {
          this.rootAsks--;
          this.lastRootEnd = performance.now();
        }
      }
      if (!node) this.trail.push(`root asked at ${Math.round(started)}, ${nodes.length} nodes at ${Math.round(performance.now())}`);
      const p = this.pending;
      if (!node && p && p.itemsAt === undefined && started >= p.since && nodes.length >= p.n) {
        p.itemsAt = this.itemCalls;
        p.rootAt = performance.now();
        p.calledAt = started;
      }
      return nodes;
    };
    provider.getTreeItem = (node: StudiosTreeNode) => {
      this.itemCalls++;
      const t = performance.now();
      const item = getTreeItem(node);
      const p = this.pending;
      if (p && p.itemsAt !== undefined && p.rootAt !== undefined && p.calledAt !== undefined) {
        p.itemMs += performance.now() - t;
        if (this.itemCalls - p.itemsAt >= p.n) {
          this.pending = undefined;
          p.resolve({ doneAt: performance.now(), rootAt: p.rootAt, calledAt: p.calledAt, itemMs: p.itemMs });
        }
      }
      return item;
    };
  }

  /**
   * Resolves once VS Code has no root ask in flight and made none for `ms`: a refresh fired while VS Code is
   * still asking is folded into that ask, so a fill measured before the tree is quiet may never see its own.
   */
  async quiet(ms = 300): Promise<void> {
    while (this.rootAsks > 0 || performance.now() - this.lastRootEnd < ms) await sleep(50);
  }

  /** Starts waiting now; resolves when the n-th item of a new root fill was asked for. */
  fill(n: number, timeoutMs = 60_000): Promise<Fill> {
    const since = performance.now();
    return new Promise<Fill>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(new Error(`the Studios tree never showed ${n} items (waiting since ${Math.round(since)}; ${this.itemCalls} getTreeItem calls; ${this.trail.slice(-6).join('; ')})`));
      }, timeoutMs);
      this.pending = {
        since,
        n,
        itemMs: 0,
        resolve: (fill) => {
          clearTimeout(timer);
          resolve(fill);
        },
      };
    });
  }
}

/** performance.now() times of one tree fill, and the time spent inside getTreeItem. */
interface Fill {
  /** VS Code called getChildren(root). */
  calledAt: number;
  /** That call returned every node. */
  rootAt: number;
  doneAt: number;
  itemMs: number;
}

/** A tree fill measured from choosing the workspace. */
interface FillTimes {
  totalMs: number;
  /** WorkspaceStore.setActive (it remembers the choice in globalState first). */
  setActiveMs: number;
  /** Until VS Code asked for the root's children. */
  calledMs: number;
  /** Until getChildren(root) returned every node (the list load). */
  childrenMs: number;
  /** Time inside getTreeItem for those nodes. */
  itemsMs: number;
}

/**
 * The list loads of bench/node (same code, same emulator, same RTT), with the
 * extension's HttpClient, whose transport is VS Code's fetch, before anything
 * else runs in this window. The runner compares them with bench/node's bound.
 */
async function listLoadsThroughVsCode(api: SeqeraTestRig, control: ControlApi, info: WorldInfo): Promise<VsCodeBenchResult['listLoads']> {
  const http = api.services.http;
  const ws = await warmRepeats(workspacesLoad(http, control, info), LIST_REPEATS);
  if (ws.last.count !== info.orgWorkspaces) throw new Error(`listed ${ws.last.count} workspaces, expected ${info.orgWorkspaces}`);
  const client = api.session.requireClient();
  const st = await warmRepeats(studiosLoad(freshClient(client, http, info.token), control, info.ws1k.workspaceId), LIST_REPEATS);
  if (st.last.count !== info.studios1k) throw new Error(`listed ${st.last.count} Studios, expected ${info.studios1k}`);
  const again = await warmRepeats(studiosLoad(() => client, control, info.ws1k.workspaceId), LIST_REPEATS);
  if (again.last.count !== info.studios1k) throw new Error(`listed ${again.last.count} Studios again, expected ${info.studios1k}`);
  log(`list loads through ${http.transportName}: workspaces ${summarise(ws.samples).median} ms, Studios ${summarise(st.samples).median} ms (cold), ${summarise(again.samples).median} ms (warm)`);
  return {
    transport: http.transportName,
    workspaces: { workspaces: ws.last.count, requests: ws.last.requests, ms: summarise(ws.samples) },
    studios: { studios: st.last.count, requests: st.last.requests, ms: summarise(st.samples) },
    studiosWarm: { requests: again.last.requests, ms: summarise(again.samples) },
  };
}

/**
 * VS Code loads dist/extension.js and calls activate(): the time of
 * `Extension.activate()`. Nothing activates the extension before (it has no
 * start-up activation event), which `alreadyActive` confirms.
 */
async function activate(ext: vscode.Extension<SeqeraTestRig>): Promise<{ activation: Activation; api: SeqeraTestRig }> {
  const probe = probeActivation(path.join(ext.extensionPath, String((ext.packageJSON as { main?: unknown }).main ?? 'dist/extension.js')));
  try {
    await sleep(SETTLE_MS);
    const alreadyActive = ext.isActive;
    const t0 = performance.now();
    const api = await ext.activate();
    const ms = alreadyActive ? null : Math.round((performance.now() - t0) * 10) / 10;
    const parts = probe.parts();
    log(`activation ${ms ?? 'n/a (already active)'} ms (load ${parts.loadMs ?? '?'} ms, activate() ${parts.activateMs ?? '?'} ms; CPU ${parts.loadCpuMs ?? '?'} + ${parts.activateCpuMs ?? '?'} ms; dist files loaded: ${parts.distFiles.join(', ')})`);
    return { activation: { alreadyActive, ms, ...parts }, api };
  } finally {
    probe.dispose();
  }
}

function extension(): vscode.Extension<SeqeraTestRig> {
  const ext = vscode.extensions.getExtension<SeqeraTestRig>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  return ext;
}

export interface ActivationOnlyResult {
  activation: Activation;
}

async function activationOnly(): Promise<ActivationOnlyResult> {
  return { activation: (await activate(extension())).activation };
}

async function runBench(control: ControlApi): Promise<VsCodeBenchResult> {
  const gc = exposeGc();
  const info = await control.info();
  const ext = extension();

  const { activation, api } = await activate(ext);

  const config = vscode.workspace.getConfiguration('seqera');
  await config.update('platformUrl', info.platformUrl, vscode.ConfigurationTarget.Global);
  await config.update('waveUrl', info.waveUrl, vscode.ConfigurationTarget.Global);
  await config.update('studios.refreshInterval', INTERVAL_S, vscode.ConfigurationTarget.Global);
  await api.session.reload();
  await api.session.signIn(info.token);
  const listLoads = await listLoadsThroughVsCode(api, control, info);

  const studios = api.studios;
  const probe = new TreeProbe(studios.provider);
  await vscode.commands.executeCommand('seqera.studios.focus');
  await until('the Studios view to be visible', () => studios.view?.visible === true);

  const show = async (target: WorkspaceTarget, n: number): Promise<FillTimes> => {
    await probe.quiet();
    log(`show ${target.workspaceName} (active ${api.workspaces.active?.workspaceName ?? 'none'}, list ${studios.store.state})`);
    const filled = probe.fill(n);
    const t = performance.now();
    await api.workspaces.setActive(ref(target));
    const setActiveMs = performance.now() - t;
    const f = await filled;
    return { totalMs: f.doneAt - t, setActiveMs, calledMs: f.calledAt - t, childrenMs: f.rootAt - t, itemsMs: f.itemMs };
  };

  // Tree fill: from choosing the workspace to VS Code holding every item. The warm-up shows the big workspace
  // (a show of the workspace already active changes nothing, so VS Code would never be asked).
  await show(info.ws1k, info.studios1k);
  const fills: FillTimes[] = [];
  let requestsPerLoad = 0;
  for (let i = 0; i < FILL_REPEATS; i++) {
    await show(info.small, 1);
    const mark = await control.mark();
    fills.push(await show(info.ws1k, info.studios1k));
    requestsPerLoad = (await control.requestsSince(mark)).count;
  }
  log(
    `tree fill 1k: ${fills.map((x) => `${x.totalMs.toFixed(0)} (setActive ${x.setActiveMs.toFixed(0)}, asked ${x.calledMs.toFixed(0)}, children ${x.childrenMs.toFixed(0)}, items ${x.itemsMs.toFixed(0)})`).join(', ')} ms`,
  );

  // Memory: a small workspace, then 5,000 Studios in the tree.
  await show(info.small, 1);
  await sleep(500);
  const before = memorySample(gc);
  const fill5k = await show(info.ws5k, info.studios5k);
  await sleep(500);
  const after = memorySample(gc);
  log(`memory: heap ${before.heapUsedMiB} → ${after.heapUsedMiB} MiB, rss ${before.rssMiB} → ${after.rssMiB} MiB`);

  // Server-side status change → tree item redrawn, with the view visible at INTERVAL_S.
  await show(info.ws1k, info.studios1k);
  const phases = [0.1, 0.6, 0.3, 0.8, 0.5, 0.95, 0.2, 0.7].slice(0, CHANGE_SAMPLES);
  const latencies: number[] = [];
  for (const phase of phases) {
    await sleep(phase * INTERVAL_S * 1000);
    latencies.push(await statusChangeLatency(api, probe, control, info.ws1k.workspaceId));
  }
  log(`status change → tree: ${latencies.join(', ')} ms`);

  // Requests while idle: view visible, then hidden (another view container in front).
  await sleep(1000);
  const visibleMark = await control.mark();
  await sleep(IDLE_WINDOW_MS);
  const visible = await control.requestsSince(visibleMark);
  await vscode.commands.executeCommand('workbench.view.explorer');
  await until('the Studios view to be hidden', () => studios.view?.visible === false);
  const hiddenMark = await control.mark();
  await sleep(HIDDEN_WINDOW_MS);
  const hidden = await control.requestsSince(hiddenMark);
  const perMinute = (n: number, windowMs = IDLE_WINDOW_MS): number => Math.round((n * 60_000) / windowMs * 10) / 10;
  log(`idle requests: visible ${visible.count} in ${IDLE_WINDOW_MS / 1000} s, hidden ${hidden.count} in ${HIDDEN_WINDOW_MS / 1000} s`);

  const waveLatencies = await waveLogLatencies(api, control);
  log(`wave log → channel: ${waveLatencies.join(', ')} ms`);

  const contextPack = await packInExtensionHost(5);
  log(`packing 5 MiB in the extension host: ${contextPack.packerMs.median} ms, longest event-loop delay ${contextPack.eventLoopMaxDelayMs.max} ms`);

  for (const key of ['platformUrl', 'waveUrl', 'studios.refreshInterval']) await config.update(key, undefined, vscode.ConfigurationTarget.Global);

  return {
    vscodeVersion: vscode.version,
    extensionHostNode: process.version,
    activation,
    listLoads,
    treeFill1k: {
      studios: info.studios1k,
      ms: summarise(fills.map((f) => f.totalMs)),
      setActiveMs: summarise(fills.map((f) => f.setActiveMs)),
      askedMs: summarise(fills.map((f) => f.calledMs)),
      childrenMs: summarise(fills.map((f) => f.childrenMs)),
      getTreeItemMs: summarise(fills.map((f) => f.itemsMs)),
      requestsPerLoad,
    },
    memory5k: {
      studios: info.studios5k,
      fill: { totalMs: round(fill5k.totalMs), setActiveMs: round(fill5k.setActiveMs), calledMs: round(fill5k.calledMs), childrenMs: round(fill5k.childrenMs), itemsMs: round(fill5k.itemsMs) },
      before,
      after,
      deltaHeapMiB: Math.round((after.heapUsedMiB - before.heapUsedMiB) * 10) / 10,
      deltaRssMiB: Math.round((after.rssMiB - before.rssMiB) * 10) / 10,
    },
    statusChange: { intervalS: INTERVAL_S, latencyMs: summarise(latencies) },
    idle: {
      intervalS: INTERVAL_S,
      windowS: IDLE_WINDOW_MS / 1000,
      hiddenWindowS: HIDDEN_WINDOW_MS / 1000,
      studios: info.studios1k,
      visible: { requests: visible.count, perMinute: perMinute(visible.count), byRoute: visible.byRoute },
      hidden: { requests: hidden.count, perMinute: perMinute(hidden.count, HIDDEN_WINDOW_MS), byRoute: hidden.byRoute },
    },
    waveLog: { builds: waveLatencies.length, speed: WAVE_SPEED, latencyMs: summarise(waveLatencies) },
    contextPack,
  };
}

/** Stops a running Studio on the server; resolves with the ms until the tree's item for it shows the new status. */
async function statusChangeLatency(api: SeqeraTestRig, probe: TreeProbe, control: ControlApi, workspaceId: number): Promise<number> {
  const provider = api.studios.provider;
  let target: { sessionId: string; status: string; changedAt: number } | undefined;
  let sub: vscode.Disposable | undefined;
  const shown = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the tree never showed the status change')), 30_000);
    sub = provider.onDidChangeTreeData(() => {
      if (!target) return;
      const item = probe.treeItem(provider.nodeFor(target.sessionId));
      if (String(item.contextValue).includes(target.status)) {
        clearTimeout(timer);
        resolve(Date.now() - target.changedAt);
      }
    });
  });
  try {
    target = await control.changeStudio(workspaceId);
    return await shown;
  } finally {
    sub?.dispose();
  }
}

/**
 * Builds WAVE_BUILDS conda environments at once (k = 1…N packages, so they end
 * at different moments of the status polling) with the "Build with Wave"
 * command, and measures for each the time from the emulator starting to serve
 * the build's log to the log's first line in the "Seqera: Wave builds" channel.
 */
async function waveLogLatencies(api: SeqeraTestRig, control: ControlApi): Promise<number[]> {
  const out = api.services.waveOutput;
  const seen = new Map<number, number>();
  const originalBuildLog = out.buildLog.bind(out);
  out.buildLog = (text: string) => {
    const at = Date.now();
    for (const m of text.matchAll(/benchpkg(\d+)x/g)) {
      const k = Number(m[1]);
      if (!seen.has(k)) seen.set(k, at);
    }
    originalBuildLog(text);
  };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-bench-wave-'));
  await control.setSpeed(WAVE_SPEED);
  try {
    const stamp = Date.now().toString(36);
    const runs = Array.from({ length: WAVE_BUILDS }, (_, i) => {
      const k = i + 1;
      const deps = Array.from({ length: k }, (_, j) => `  - conda-forge::benchpkg${k}x${j}${stamp}=1.0`).join('\n');
      const file = path.join(dir, `env-${k}`, 'environment.yml');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `channels:\n  - conda-forge\ndependencies:\n${deps}\n`);
      const uri = vscode.Uri.file(file);
      return Promise.resolve(vscode.commands.executeCommand<BuildOutcome>('wave.build', uri, [uri])).then((outcome) => ({ k, outcome }));
    });
    const done = await Promise.all(runs);
    const latencies: number[] = [];
    for (const { k, outcome } of done) {
      if (!outcome?.buildId || outcome.state !== 'succeeded') throw new Error(`Wave build ${k} ended ${outcome?.state ?? 'without an outcome'}`);
      const available = await control.buildLogAvailableAt(outcome.buildId);
      const shownAt = seen.get(k);
      if (shownAt === undefined) throw new Error(`the log of build ${k} never reached the output channel`);
      latencies.push(shownAt - available);
    }
    return latencies;
  } finally {
    out.buildLog = originalBuildLog;
    await control.setSpeed(1);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
