import * as fs from 'node:fs';
import * as path from 'node:path';
import { machineInfo, type MachineInfo } from './lib/machine';
import { nowMs, round } from './lib/stats';
import { controlClient } from './lib/protocol';
import { DEFAULT_RTT_MS } from './lib/world';
import { spawnWorld } from './lib/worldProcess';
import { buildProductionBundle, type BundleResult } from './node/bundle';
import { benchCadences, type CadenceResult, type CadenceRow } from './node/cadence';
import { check, metText, type TargetCheck } from './lib/targets';
import { benchContextPack, type PackResult } from './node/contextPack';
import { benchStudiosList, type StudiosListResult } from './node/studiosList';
import { benchWorkspaces, type WorkspacesResult } from './node/workspacesList';
import { benchWaveScale, type WaveScaleResult } from './node/waveScale';
import { benchScaleCurves, scaleRows, scaleTargets, type ScaleCurves } from './node/studiosScale';
import { summarise, type Summary } from './lib/stats';
import type { ActivationOnlyResult, VsCodeBenchResult } from './vscode/index';
import { BenchInterrupted, runVsCodeBench } from './vscode/session';

/**
 * `npm run bench`: the plain-Node benchmarks (list loads against the emulator
 * with injected RTT, context packing, bundle size), then the ones that need the
 * extension in a real VS Code (bench/vscode). Writes bench/results/<time>.json
 * and bench/results/latest.json and prints a short table.
 *
 * Options: --rtt MS (default 50), --repeats N (list loads, default 7),
 * --activations N (VS Code starts that measure the activation, default 5),
 * --node-only (skip VS Code), --verbose (show the harness output),
 * --activation-only (the production bundle and the --activations VS Code starts, nothing else;
 * writes bench/results/activation-<time>.json, not latest.json).
 */
interface BenchReport {
  date: string;
  durationS: number;
  machine: { start: MachineInfo; end: MachineInfo };
  rttMs: number;
  bundle: BundleResult;
  workspaces: WorkspacesResult;
  studios: StudiosListResult;
  contextPack: PackResult;
  vscode: VsCodeBenchResult | { skipped: string };
  /** Activation over every VS Code start of the run (the full one and the extra ones). */
  activationMs?: Summary;
  /** Its parts over the same starts (bench/vscode/activationProbe.ts): loading dist/extension.js, the activate() call. */
  activationLoadMs?: Summary;
  activationCallMs?: Summary;
  /** The same two parts in CPU time of the extension host (robust to a loaded machine's queueing). */
  activationLoadCpuMs?: Summary;
  activationCallCpuMs?: Summary;
  /** Polling cadences simulated on a manual clock: ours beside wave-cli, nf-core and tw (bench/node/cadence.ts). */
  cadences: CadenceResult;
  /** 1 / 5 / 20 concurrent Wave builds through the extension's client and watch (bench/node/waveScale.ts). */
  waveScale: WaveScaleResult;
  /** Studios 1k/10k/50k and 10/50/200 workspaces: time, requests, memory against N (bench/node/studiosScale.ts). */
  scaleCurves: ScaleCurves;
  /** Each target of issue #18 beside its measured value (bench/lib/targets.ts). */
  targets: TargetCheck[];
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function repoRoot(): string {
  // out/bench/run.js → repo root
  return path.resolve(__dirname, '..', '..');
}

async function main(): Promise<void> {
  const root = repoRoot();
  const rttMs = Number(arg('--rtt') ?? DEFAULT_RTT_MS);
  const repeats = Number(arg('--repeats') ?? 7);
  const verbose = process.argv.includes('--verbose');
  const started = nowMs();
  const start = machineInfo();
  const say = (s: string): void => console.log(`[bench] ${s}`);
  say(`${start.cpus} CPUs, ${start.memoryGiB} GiB, Node ${start.node}, load ${start.loadAverage.join(' ')}; RTT ${rttMs} ms`);

  say('production bundle');
  const bundle = buildProductionBundle(root);
  if (process.argv.includes('--activation-only')) return activationOnly(root, bundle, verbose, start, started);

  say('polling cadences (simulated)');
  const cadences = benchCadences(rttMs);

  say('context packing');
  const contextPack = await benchContextPack(5);

  const scaleCurves = await benchScaleCurves(rttMs, 3, say);

  const world = await spawnWorld(rttMs);
  let workspaces: WorkspacesResult;
  let studios: StudiosListResult;
  let waveScale: WaveScaleResult;
  let vscodeResult: BenchReport['vscode'];
  let activationMs: Summary | undefined;
  let activationLoadMs: Summary | undefined;
  let activationCallMs: Summary | undefined;
  let activationLoadCpuMs: Summary | undefined;
  let activationCallCpuMs: Summary | undefined;
  try {
    const control = controlClient(world.controlUrl);
    const info = await control.info();
    say('list loads in plain Node');
    workspaces = await benchWorkspaces(control, info, repeats);
    studios = await benchStudiosList(control, info, repeats);
    say('concurrent Wave builds: 1, 5, 20');
    waveScale = await benchWaveScale(control, info);
    if (process.argv.includes('--node-only')) {
      vscodeResult = { skipped: '--node-only' };
    } else {
      const onLine = harnessLines(verbose);
      say('real VS Code (harness)');
      const full = await runVsCodeBench<VsCodeBenchResult>(root, world.controlUrl, 'full', onLine);
      vscodeResult = full;
      const activations = [full.activation];
      const starts = Number(arg('--activations') ?? 5);
      for (let i = 1; i < starts; i++) {
        say(`real VS Code, activation only (${i + 1}/${starts})`);
        activations.push((await runVsCodeBench<ActivationOnlyResult>(root, world.controlUrl, 'activation', onLine)).activation);
      }
      const of = summariseMeasured;
      activationMs = of(activations.map((a) => a.ms));
      activationLoadMs = of(activations.map((a) => a.loadMs));
      activationCallMs = of(activations.map((a) => a.activateMs));
      activationLoadCpuMs = of(activations.map((a) => a.loadCpuMs));
      activationCallCpuMs = of(activations.map((a) => a.activateCpuMs));
    }
  } finally {
    await world.stop();
  }

  const report: BenchReport = {
    date: new Date().toISOString(),
    durationS: round((nowMs() - started) / 1000, 1),
    machine: { start, end: machineInfo() },
    rttMs,
    bundle,
    workspaces,
    studios,
    contextPack,
    vscode: vscodeResult,
    activationMs,
    activationLoadMs,
    activationCallMs,
    activationLoadCpuMs,
    activationCallCpuMs,
    cadences,
    waveScale,
    scaleCurves,
    targets: [],
  };
  report.targets = targets(report);
  const dir = path.join(root, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${report.date.replace(/[:.]/g, '-')}.json`);
  const text = JSON.stringify(report, null, 2) + '\n';
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(dir, 'latest.json'), text);
  console.log('');
  console.log(table(report));
  console.log('');
  say(`results: ${path.relative(root, file)} (and bench/results/latest.json), ${report.durationS} s`);
}

/** What of the harness' output to show: everything with --verbose, else the bench's lines and trouble. */
function harnessLines(verbose: boolean): (line: string) => void {
  return (line) => {
    // The first run installs VS Code for minutes: its progress lines say so.
    if (verbose || line.startsWith('[bench]') || /fail|error|install/i.test(line)) console.log(`  ${line}`);
  };
}

/** A Summary of the starts that measured the value (null: already active, or the probe saw nothing). */
function summariseMeasured(xs: (number | null)[]): Summary | undefined {
  const measured = xs.filter((x): x is number => x !== null);
  return measured.length > 0 ? summarise(measured) : undefined;
}

/** `--activation-only`: the activation alone, over `--activations` VS Code starts (one harness each). */
async function activationOnly(root: string, bundle: BundleResult, verbose: boolean, start: MachineInfo, started: number): Promise<void> {
  const say = (s: string): void => console.log(`[bench] ${s}`);
  const onLine = harnessLines(verbose);
  const starts = Number(arg('--activations') ?? 5);
  const world = await spawnWorld(Number(arg('--rtt') ?? DEFAULT_RTT_MS));
  const activations: ActivationOnlyResult['activation'][] = [];
  try {
    for (let i = 0; i < starts; i++) {
      say(`real VS Code, activation only (${i + 1}/${starts})`);
      activations.push((await runVsCodeBench<ActivationOnlyResult>(root, world.controlUrl, 'activation', onLine)).activation);
    }
  } finally {
    await world.stop();
  }
  const of = summariseMeasured;
  const report = {
    date: new Date().toISOString(),
    durationS: round((nowMs() - started) / 1000, 1),
    machine: { start, end: machineInfo() },
    bundle,
    activations,
    activationMs: of(activations.map((a) => a.ms)),
    activationLoadMs: of(activations.map((a) => a.loadMs)),
    activationCallMs: of(activations.map((a) => a.activateMs)),
    activationLoadCpuMs: of(activations.map((a) => a.loadCpuMs)),
    activationCallCpuMs: of(activations.map((a) => a.activateCpuMs)),
  };
  const dir = path.join(root, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `activation-${report.date.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  const med = (x: Summary | undefined): string => (x ? `${x.median} ms` : 'n/a');
  say(`bundle ${(bundle.bytes / 1024).toFixed(1)} KiB; activation median ${med(report.activationMs)} over ${report.activationMs?.n ?? 0} starts (load ${med(report.activationLoadMs)}, activate() ${med(report.activationCallMs)}; CPU: load ${med(report.activationLoadCpuMs)}, activate() ${med(report.activationCallCpuMs)}); each: ${activations.map((a) => a.ms ?? 'n/a').join(', ')} ms`);
  say(`load average ${start.loadAverage.join(' ')} → ${report.machine.end.loadAverage.join(' ')}; results: ${path.relative(root, file)}, ${report.durationS} s`);
}

function ours(rows: CadenceRow[]): CadenceRow {
  return rows.find((x) => x.client === 'seqera-vscode') as CadenceRow;
}

function targets(r: BenchReport): TargetCheck[] {
  const v = 'skipped' in r.vscode ? undefined : r.vscode;
  const wave = ours(r.cadences.wave.rows);
  const start = ours(r.cadences.studios.rows);
  const mem = v ? (v.memory5k.deltaHeapMiB * 1024) / v.memory5k.studios : null;
  return [
    check('waveLogP90Ms', v?.waveLog.latencyMs.p90, '<=', 1000, 'ms', 'Wave log on the server → output channel, p90, in VS Code'),
    check('waveStatusPerSecond', wave.maxPerSecond, '<=', 1, 'requests/s', 'most status requests of one build within a second, simulated with the exported schedule'),
    check('waveLogSimulatedP90Ms', wave.latencyMs.p90, '<=', 1000, 'ms', 'Wave log latency p90, simulated schedule on the emulator build durations'),
    check('studioStartSeenP90Ms', start.latencyMs.p90, '<=', 1000, 'ms', 'Studio start seen running after the Platform reports it, p90, simulated fast-poll schedule'),
    check('studiosListRatio', r.studios.ratio.median, '<=', 1.25, '× bound', 'Studios list (1,000), first load, median / critical-path bound (2 round trips), plain Node'),
    check('studiosListWarmRatio', r.studios.warm.ratio.median, '<=', 1.25, '× bound', 'Studios list (1,000) loaded again (size known: 1 round trip), median / its bound, plain Node'),
    check('studiosListVsCodeRatio', v ? v.listLoads.studios.ms.median / r.studios.bound.boundMs : null, '<=', 1.25, '× bound', 'the first load in VS Code'),
    check('studiosListVsCodeWarmRatio', v ? v.listLoads.studiosWarm.ms.median / r.studios.warm.bound.boundMs : null, '<=', 1.25, '× bound', 'the load again in VS Code'),
    // The fills switch back to a workspace listed before: their load is a warm one, so its bound is the 1-round-trip one.
    check('treeFillRatio', v ? v.treeFill1k.ms.median / r.studios.warm.bound.boundMs : null, '<=', 2, '× bound', 'Studios tree fill (1,000, listed before), median / the bound of its load (1 round trip)'),
    check('idleHiddenRequests', v?.idle.hidden.requests, '==', 0, 'requests', `view hidden, requests in ${v?.idle.hiddenWindowS ?? '?'} s`),
    check('contextPackRatio', r.contextPack.ratio.median, '<=', 1.3, '× tar|gzip', 'packer / tar -c | gzip, median of pairs'),
    check('contextPackEventLoopMaxMs', r.contextPack.eventLoopMaxDelayMs.max, '<=', 50, 'ms', 'longest event-loop delay while packing 5 MiB, worst run, plain Node'),
    check('contextPackHostEventLoopMaxMs', v?.contextPack.eventLoopMaxDelayMs.max, '<=', 50, 'ms', 'the same inside the extension host, worst of 5 runs'),
    check('bundleKiB', r.bundle.bytes / 1024, '<=', 350, 'KiB', 'dist/extension.js, esbuild --production'),
    check('activationMedianMs', r.activationMs?.median, '<=', 40, 'ms', `Extension.activate() median over ${r.activationMs?.n ?? 0} VS Code starts`),
    check('memoryPerStudioKiB', mem, '<=', 4, 'KiB', 'extension host heap growth / Studios, 5,000 Studios'),
    waveScaleCheck(r, 'waveScaleTimeGrowth', (p) => p.wallMs, 'wall time of 20 concurrent Wave builds / of 1 (linear would be 20×)'),
    waveScaleCheck(r, 'waveScaleRequestGrowth', (p) => p.requests, 'requests of 20 concurrent Wave builds / of 1 (linear: 20×)'),
    ...scaleTargets(r.scaleCurves),
  ];
}

function waveScaleCheck(r: BenchReport, id: string, of: (p: WaveScaleResult['points'][number]) => number, how: string): TargetCheck {
  const one = r.waveScale.points.find((p) => p.builds === 1);
  const last = r.waveScale.points[r.waveScale.points.length - 1];
  const value = one && last && of(one) > 0 ? round(of(last) / of(one), 2) : null;
  return { ...check(id, value, '<=', last?.builds ?? 20, '×', how), target: `≤ ${last?.builds ?? 20}× (linear or better)` };
}

function table(r: BenchReport): string {
  const rows: [string, string, string, string, string, string][] = [];
  const byId = new Map(r.targets.map((t) => [t.id, t]));
  const T = (id: string): [string, string] => [byId.get(id)?.target ?? '', metText(byId.get(id))];
  const ms = (x: number): string => `${Math.round(x)} ms`;
  const ratio = (x: number): string => `${x.toFixed(2)}×`;
  rows.push([`Workspaces list, ${r.workspaces.workspaces} workspaces`, ms(r.workspaces.ms.median), ms(r.workspaces.ms.p90), `${ratio(r.workspaces.ratio.median)} of bound ${ms(r.workspaces.bound.boundMs)}; ${r.workspaces.requests} requests; ${ms(r.workspaces.rtt0Ms.median)} without RTT`, ...T('')]);
  rows.push([`Studios list, ${r.studios.studios} Studios (store), first load`, ms(r.studios.ms.median), ms(r.studios.ms.p90), `${ratio(r.studios.ratio.median)} of bound ${ms(r.studios.bound.boundMs)} (2 round trips); ${r.studios.requests} requests; ${ms(r.studios.rtt0Ms.median)} without RTT`, ...T('studiosListRatio')]);
  rows.push([`Studios list, ${r.studios.studios} Studios (store), again`, ms(r.studios.warm.ms.median), ms(r.studios.warm.ms.p90), `${ratio(r.studios.warm.ratio.median)} of bound ${ms(r.studios.warm.bound.boundMs)} (1 round trip); ${r.studios.warm.requests} requests`, ...T('studiosListWarmRatio')]);
  rows.push([`Context packing, ${(r.contextPack.bytes / 2 ** 20).toFixed(0)} MiB / ${r.contextPack.files} files`, ms(r.contextPack.packerMs.median), ms(r.contextPack.packerMs.p90), `${ratio(r.contextPack.ratio.median)} of tar|gzip (${ms(r.contextPack.tarGzipMs.median)})`, ...T('contextPackRatio')]);
  rows.push(['Bundle dist/extension.js (production)', `${(r.bundle.bytes / 1024).toFixed(0)} KiB`, '', `${(r.bundle.gzipBytes / 1024).toFixed(0)} KiB gzipped; ${(r.bundle.totalBytes / 1024).toFixed(0)} KiB with the ${r.bundle.lazy.length} files of dist/lazy/ (loaded on first use)`, ...T('bundleKiB')]);
  const v = r.vscode;
  if ('skipped' in v) {
    rows.push(['VS Code benchmarks', 'skipped', '', v.skipped, ...T('')]);
  } else {
    const boundMs = r.studios.warm.bound.boundMs;
    const a = r.activationMs;
    const l = v.listLoads;
    rows.push([`Workspaces list in VS Code (${l.transport})`, ms(l.workspaces.ms.median), ms(l.workspaces.ms.p90), `${ratio(l.workspaces.ms.median / r.workspaces.bound.boundMs)} of the same bound ${ms(r.workspaces.bound.boundMs)}; ${l.workspaces.requests} requests`, ...T('')]);
    rows.push([`Studios list in VS Code (${l.transport}), first load`, ms(l.studios.ms.median), ms(l.studios.ms.p90), `${ratio(l.studios.ms.median / r.studios.bound.boundMs)} of the same bound ${ms(r.studios.bound.boundMs)}; ${l.studios.requests} requests`, ...T('studiosListVsCodeRatio')]);
    rows.push([`Studios list in VS Code (${l.transport}), again`, ms(l.studiosWarm.ms.median), ms(l.studiosWarm.ms.p90), `${ratio(l.studiosWarm.ms.median / r.studios.warm.bound.boundMs)} of the same bound ${ms(r.studios.warm.bound.boundMs)}; ${l.studiosWarm.requests} requests`, ...T('studiosListVsCodeWarmRatio')]);
    rows.push(['Activation in VS Code', a ? ms(a.median) : 'n/a', a ? ms(a.p90) : '', a ? `${a.n} VS Code starts; loading dist/extension.js ${r.activationLoadMs ? ms(r.activationLoadMs.median) : '?'}, activate() ${r.activationCallMs ? ms(r.activationCallMs.median) : '?'} (medians; CPU ${r.activationLoadCpuMs ? ms(r.activationLoadCpuMs.median) : '?'} + ${r.activationCallCpuMs ? ms(r.activationCallCpuMs.median) : '?'})` : 'already active', ...T('activationMedianMs')]);
    rows.push([`Studios tree fill, ${v.treeFill1k.studios} Studios`, ms(v.treeFill1k.ms.median), ms(v.treeFill1k.ms.p90), `${ratio(v.treeFill1k.ms.median / boundMs)} of bound ${ms(boundMs)} (its load: 1 round trip; ${ratio(v.treeFill1k.ms.median / r.studios.bound.boundMs)} of the 2-round-trip one); asked at ${ms(v.treeFill1k.askedMs.median)}, list at ${ms(v.treeFill1k.childrenMs.median)}, getTreeItem ${ms(v.treeFill1k.getTreeItemMs.median)}`, ...T('treeFillRatio')]);
    rows.push([`Status change → tree (refresh every ${v.statusChange.intervalS} s)`, ms(v.statusChange.latencyMs.median), ms(v.statusChange.latencyMs.p90), `${v.statusChange.latencyMs.n} changes`, ...T('')]);
    rows.push([`Idle requests/min, view visible (${v.idle.intervalS} s)`, `${v.idle.visible.perMinute}`, '', `${v.idle.visible.requests} in ${v.idle.windowS} s, ${v.idle.studios} Studios`, ...T('')]);
    rows.push(['Idle requests/min, view hidden', `${v.idle.hidden.perMinute}`, '', `${v.idle.hidden.requests} in ${v.idle.hiddenWindowS} s`, ...T('idleHiddenRequests')]);
    rows.push(['Wave log on server → output channel', ms(v.waveLog.latencyMs.median), ms(v.waveLog.latencyMs.p90), `${v.waveLog.builds} builds`, ...T('waveLogP90Ms')]);
    rows.push([`Ext host memory, ${v.memory5k.studios} Studios`, `+${v.memory5k.deltaHeapMiB} MiB heap`, '', `rss +${v.memory5k.deltaRssMiB} MiB; heap ${v.memory5k.before.heapUsedMiB} → ${v.memory5k.after.heapUsedMiB} MiB; store alone +${r.studios.store5k.deltaHeapMiB} MiB; fill ${ms(v.memory5k.fill.totalMs)}`, ...T('memoryPerStudioKiB')]);
  }
  for (const [title, c] of [['Wave log', r.cadences.wave] as const, ['Studio start seen', r.cadences.studios] as const]) {
    const cases = c === r.cadences.wave ? `${r.cadences.wave.builds} builds` : `${r.cadences.studios.starts} starts`;
    for (const x of c.rows) {
      const id = x.client !== 'seqera-vscode' ? '' : title === 'Wave log' ? 'waveLogSimulatedP90Ms' : 'studioStartSeenP90Ms';
      rows.push([`${title}, simulated: ${x.client}`, ms(x.latencyMs.median), ms(x.latencyMs.p90), `${x.schedule}; ${x.requests} status requests for ${cases}; at most ${x.maxPerSecond}/s`, ...T(id)]);
    }
  }
  const d = r.contextPack.eventLoopMaxDelayMs;
  rows.push(['Packing: longest event-loop delay', ms(d.median), ms(d.p90), `worst of ${d.n} runs ${ms(d.max)}`, ...T('contextPackEventLoopMaxMs')]);
  if (!('skipped' in r.vscode)) {
    const h = r.vscode.contextPack;
    rows.push(['Packing in the extension host: longest delay', ms(h.eventLoopMaxDelayMs.median), ms(h.eventLoopMaxDelayMs.p90), `worst of ${h.eventLoopMaxDelayMs.n} runs ${ms(h.eventLoopMaxDelayMs.max)}; packing ${ms(h.packerMs.median)}`, ...T('contextPackHostEventLoopMaxMs')]);
  }
  rows.push(['Wave status requests per second per build', `${byId.get('waveStatusPerSecond')?.value ?? ''}`, '', 'simulated with the exported schedule', ...T('waveStatusPerSecond')]);
  for (const p of r.waveScale.points) {
    const id = p === r.waveScale.points[r.waveScale.points.length - 1] ? 'waveScaleTimeGrowth' : '';
    rows.push([`Concurrent Wave builds: ${p.builds}`, ms(p.wallMs), ms(p.perBuildMs.p90), `${p.wallOverBuild}× the ${ms(r.waveScale.buildMs)} build; ${p.requests} requests (${p.requestsPerBuild} per build); heap +${p.heapDeltaMiB} MiB`, ...T(id)]);
  }
  for (const [a, b, c, notes, id] of scaleRows(r.scaleCurves)) rows.push([a, b, c, notes, ...T(id)]);
  const reordered = rows.map(([a, b, c, notes, target, met]) => [a, b, c, target, met, notes]);
  const head = ['benchmark', 'median', 'p90', 'target', 'met', 'notes'];
  const widths = [0, 1, 2, 3, 4, 5].map((i) => Math.max(head[i]!.length, ...reordered.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  const m = r.machine;
  return [
    line(head),
    line(widths.map((w) => '-'.repeat(w))),
    ...reordered.map(line),
    '',
    `RTT ${r.rttMs} ms per request (emulator). Machine: ${m.start.cpus} × ${m.start.cpuModel}, ${m.start.memoryGiB} GiB, Node ${m.start.node}; ` +
      `load average ${m.start.loadAverage.join(' ')} at start, ${m.end.loadAverage.join(' ')} at end.`,
  ].join('\n');
}

main().catch((e: unknown) => {
  if (e instanceof BenchInterrupted) {
    console.error(`[bench] ${e.message}`);
    process.exit(e.signal === 'SIGINT' ? 130 : 143);
  }
  console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
