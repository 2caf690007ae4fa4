import { badRequest } from '../http';
import type { UserRec } from '../model';
import type { EmulatorState } from '../state';
import type { BuildPlan } from './buildlog';
import { type BuildRec, type ChildRef, WaveStore } from './store';

/**
 * Multi-platform builds (`MultiPlatformBuildService`): `linux/amd64,linux/arm64`
 * in one request builds one child per platform (each an ordinary build with its
 * own id, image and log) and a parent `bd-<id>_0` whose record has
 * `platform: "linux/amd64,linux/arm64"`, `buildChildIds` and, when scanning,
 * `scanChildIds`: one scan per platform, started when the parent completes.
 * The parent's own `scanId` gets no scan record (Wave fans the scan out to the
 * children). The parent completes when both children have, and fails when one
 * fails; its log is one line, as Wave stores it.
 */
export const MULTI_PLATFORM = 'linux/amd64,linux/arm64';
const PLATFORMS = ['linux/amd64', 'linux/arm64'];
const ASSEMBLY_MS = 2_000;

/** `ContainerController.handleRequest`'s multi-platform checks, in its order. */
export function validateMultiPlatform(platform: string, isBuild: boolean, singularity: boolean): void {
  if (platform !== MULTI_PLATFORM) throw badRequest('Only linux/amd64,linux/arm64 multi-platform combination is currently supported');
  if (!isBuild) throw badRequest("Multi-platform builds require either 'containerFile' or 'packages' attribute");
  if (singularity) throw badRequest('Multi-platform builds are not supported for Singularity format');
}

export interface ParentSpec {
  hash: string;
  builtImage: string;
  now: number;
  scan: boolean;
  template: { dockerFile: string; condaFile?: string; buildTemplate?: string; format: 'DOCKER' | 'SINGULARITY'; compression?: unknown; user?: UserRec };
}

export function addMultiPlatformBuild(state: EmulatorState, spec: ParentSpec, child: (platform: string) => BuildRec): BuildRec {
  const children = PLATFORMS.map(child);
  const doneAt = Math.max(...children.map((c) => c.startTime + c.plan.durationMs)) + ASSEMBLY_MS;
  const failed = children.find((c) => c.plan.failure);
  const plan: BuildPlan = failed
    ? { log: [`Multi-platform build failed: ${failed.platform} build ${failed.buildId} did not complete successfully`], durationMs: failed.startTime + failed.plan.durationMs - spec.now, failure: { reason: failed.plan.failure!.reason, exitStatus: failed.plan.failure!.exitStatus } }
    : { log: ['Multi-platform build completed'], durationMs: doneAt - spec.now };
  const buildChildIds: ChildRef[] = children.map((c) => ({ id: c.buildId, value: c.platform }));
  const scanChildIds: ChildRef[] | undefined = spec.scan
    ? PLATFORMS.map((p) => ({ id: `sc-${WaveStore.contentHash(`${spec.builtImage}#${p}`)}_1`, value: p }))
    : undefined;
  const { user, ...t } = spec.template;
  const parent: BuildRec = {
    buildId: `bd-${spec.hash}_0`, hash: spec.hash, dockerFile: t.dockerFile, condaFile: t.condaFile, targetImage: spec.builtImage, platform: MULTI_PLATFORM,
    format: t.format, buildTemplate: t.buildTemplate, compression: t.compression, userId: user?.id, userName: user?.userName, userEmail: user?.email,
    startTime: spec.now, plan, scanId: spec.scan ? `sc-${spec.hash}_1` : undefined, vulnerabilities: [], buildChildIds, scanChildIds,
  };
  state.wave.addParentBuild(parent);
  for (const c of children) c.parentId = parent.buildId;
  if (scanChildIds && !failed) {
    for (const ref of scanChildIds) {
      state.wave.scans.set(ref.id, {
        id: ref.id, buildId: parent.buildId, containerImage: spec.builtImage, platform: ref.value, startAt: spec.now + plan.durationMs,
        vulnerabilities: WaveStore.vulnerabilitiesOf(ref.id, t.dockerFile),
      });
    }
  }
  return parent;
}
