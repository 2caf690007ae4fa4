import { isCancellation, SeqeraError } from '../net/errors';
import { sleep as realSleep, type Sleep } from '../net/retry';
import type { WaveClient } from '../wave/client';
import type { InspectResult } from '../wave/inspectSpec';
import { buildSubmitRequest, type WaveCredentials } from '../wave/request';
import type { SubmitContainerTokenResponse } from '../wave/responses';
import type { PackagesSpec, SubmitContainerTokenRequest, WaveBuildTemplate } from '../wave/types';
import { watchBuild, type WatchEvent, type WatchResult } from '../wave/watch';
import type { Engine, Platform } from './metaContainers';
import type { BuiltImage } from './modulePlan';
import { sifHttpsUrl, withoutOras } from './singularityUrl';

/**
 * The four Seqera Containers builds of an nf-core module, as nf-core's tool
 * runs them: Docker and Singularity, each for linux/amd64 and linux/arm64, all
 * at once, frozen into the public community repository (no build repository),
 * with the `conda/pixi:v1` template by default. An arm64 failure is a warning;
 * an amd64 failure is an error. Singularity images get their HTTPS URL from
 * the inspected manifest's single SIF layer.
 */
export interface ModuleBuildSpec {
  engine: Engine;
  platform: Platform;
}

export const MODULE_BUILDS: readonly ModuleBuildSpec[] = [
  { engine: 'docker', platform: 'linux/amd64' },
  { engine: 'singularity', platform: 'linux/amd64' },
  { engine: 'docker', platform: 'linux/arm64' },
  { engine: 'singularity', platform: 'linux/arm64' },
];

export const DEFAULT_MODULE_TEMPLATE: WaveBuildTemplate = 'conda/pixi:v1';

export const specLabel = (s: ModuleBuildSpec): string => `${s.engine === 'docker' ? 'Docker' : 'Singularity'} ${s.platform}`;

export function moduleBuildRequest(packages: PackagesSpec, spec: ModuleBuildSpec, template: WaveBuildTemplate | undefined, credentials: WaveCredentials | undefined, now = new Date()): SubmitContainerTokenRequest {
  return buildSubmitRequest(
    { kind: 'conda', packages },
    { platform: spec.platform, format: spec.engine === 'singularity' ? 'sif' : 'docker', freeze: true, seqeraContainers: true, buildTemplate: template ?? DEFAULT_MODULE_TEMPLATE },
    credentials,
    now,
  );
}

export type BuildOutcome =
  | { spec: ModuleBuildSpec; ok: true; image: BuiltImage; submitted: SubmitContainerTokenResponse; watch: WatchResult }
  | { spec: ModuleBuildSpec; ok: false; reason: string; buildId?: string; detailsUri?: string; submitted?: SubmitContainerTokenResponse; error?: unknown; stopped?: true };

export interface ModuleBuildsDeps {
  client: WaveClient;
  inspect: (image: string, platform: Platform, signal?: AbortSignal) => Promise<InspectResult>;
  sleep?: Sleep;
  now?: () => number;
}

export interface ModuleBuildsOptions {
  packages: PackagesSpec;
  template?: WaveBuildTemplate;
  credentials?: WaveCredentials;
  signal?: AbortSignal;
  /**
   * Called once per build when Wave accepted it (the Wave Builds view adds it then). It may return a signal that stops
   * watching this one build (its Stop Watching), besides `signal`, which stops all of them: that build then ends as
   * `stopped`, its requests aborted, and the others go on.
   */
  onSubmitted?: (spec: ModuleBuildSpec, request: SubmitContainerTokenRequest, submitted: SubmitContainerTokenResponse) => AbortSignal | void;
  onEvent?: (spec: ModuleBuildSpec, event: WatchEvent) => void;
  maxWatchMs?: number;
  /** Longest pause between two status checks (`seqera.wave.pollMaxInterval`). */
  pollMaxMs?: number;
}

/** Submits the four builds at once and follows each to its end; never throws for one failed build (only for cancellation). */
export async function runModuleBuilds(deps: ModuleBuildsDeps, o: ModuleBuildsOptions): Promise<BuildOutcome[]> {
  return Promise.all(MODULE_BUILDS.map((spec) => runOne(deps, o, spec)));
}

async function runOne(deps: ModuleBuildsDeps, o: ModuleBuildsOptions, spec: ModuleBuildSpec): Promise<BuildOutcome> {
  const request = moduleBuildRequest(o.packages, spec, o.template, o.credentials);
  let submitted: SubmitContainerTokenResponse;
  try {
    submitted = await deps.client.submit(request, o.signal);
  } catch (e) {
    if (isCancellation(e)) throw e;
    return { spec, ok: false, reason: errorText(e), error: e };
  }
  const own = o.onSubmitted?.(spec, request, submitted) ?? undefined;
  const signal = own && o.signal ? AbortSignal.any([o.signal, own]) : (own ?? o.signal);
  // Stopped on its own (not with the others): this build ends here, the others go on.
  const stopped = (): BuildOutcome | undefined =>
    own?.aborted && !o.signal?.aborted ? { spec, ok: false, stopped: true, reason: 'stopped watching it; the build goes on at Wave', buildId: submitted.buildId, submitted } : undefined;
  let watch: WatchResult;
  try {
    watch = await watchBuild(deps.client, submitted, {
      signal, sleep: deps.sleep, now: deps.now, maxWatchMs: o.maxWatchMs, onEvent: (e) => o.onEvent?.(spec, e),
      ...(o.pollMaxMs !== undefined ? { poll: { maxMs: o.pollMaxMs } } : {}),
    });
  } catch (e) {
    if (isCancellation(e)) return orThrow(stopped(), e);
    return { spec, ok: false, reason: errorText(e), buildId: submitted.buildId, submitted, error: e };
  }
  const status = watch.status;
  const buildId = status.buildId ?? submitted.buildId;
  if (status.succeeded !== true) {
    return { spec, ok: false, reason: status.reason ?? 'the build did not succeed', buildId, detailsUri: status.detailsUri, submitted };
  }
  if (!buildId) return { spec, ok: false, reason: 'Wave answered without a build id', submitted };
  const name = submitted.targetImage;
  const image: BuiltImage = { engine: spec.engine, platform: spec.platform, name, buildId, cached: submitted.cached === true };
  const scanId = status.scanId ?? submitted.scanId;
  if (spec.engine === 'docker' && scanId) image.scanId = scanId;
  if (spec.engine === 'singularity') {
    if (!name.startsWith('oras://')) return { spec, ok: false, reason: `Wave named the Singularity image ${name}, not an oras:// image`, buildId, submitted };
    try {
      image.https = sifHttpsUrl(name, await deps.inspect(withoutOras(name), spec.platform, signal));
    } catch (e) {
      if (isCancellation(e)) return orThrow(stopped(), e);
      return { spec, ok: false, reason: `could not find the HTTPS URL of ${name}: ${errorText(e)}`, buildId, submitted, error: e };
    }
  }
  return { spec, ok: true, image, submitted, watch };
}

/** A build stopped on its own ends as that outcome; a cancellation of all of them goes on up. */
function orThrow(outcome: BuildOutcome | undefined, e: unknown): BuildOutcome {
  if (!outcome) throw e;
  return outcome;
}

/** How the outcome reads: an amd64 failure is an error, an arm64 failure a warning. */
export function outcomeProblems(outcomes: readonly BuildOutcome[]): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const o of outcomes) {
    if (o.ok) continue;
    const line = o.stopped
      ? `${specLabel(o.spec)} build not watched: ${o.reason}${o.buildId ? ` (${o.buildId})` : ''}`
      : `${specLabel(o.spec)} build failed: ${o.reason}${o.buildId ? ` (${o.buildId})` : ''}`;
    (o.spec.platform === 'linux/amd64' ? errors : warnings).push(line);
  }
  return { errors, warnings };
}

export interface LockWait {
  /** How long to wait for each lock in all (Wave stores it some time after the build). */
  limitMs: number;
  everyMs: number;
}

export const DEFAULT_LOCK_WAIT: LockWait = { limitMs: 3 * 60_000, everyMs: 5_000 };

/** The conda lock of each Docker build, waited for up to the limit; a platform whose lock did not come is missing from the answer. */
export async function fetchLocks(
  deps: Pick<ModuleBuildsDeps, 'client' | 'sleep' | 'now'>,
  images: readonly BuiltImage[],
  signal?: AbortSignal,
  wait: LockWait = DEFAULT_LOCK_WAIT,
): Promise<Partial<Record<Platform, string>>> {
  const sleep = deps.sleep ?? realSleep;
  const now = deps.now ?? Date.now;
  const out: Partial<Record<Platform, string>> = {};
  await Promise.all(
    images.filter((i) => i.engine === 'docker').map(async (i) => {
      const until = now() + wait.limitMs;
      for (;;) {
        let text: string | undefined;
        try {
          text = await deps.client.condaLock(i.buildId, signal);
        } catch (e) {
          if (isCancellation(e) || !(e instanceof SeqeraError) || !['network', 'server'].includes(e.kind)) throw e;
        }
        if (text !== undefined) {
          out[i.platform] = text;
          return;
        }
        if (now() >= until) return;
        await sleep(wait.everyMs, signal);
      }
    }),
  );
  return out;
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
