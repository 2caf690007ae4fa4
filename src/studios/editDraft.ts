import type { MountData, Studio, StudioConfiguration, StudioUpdateRequest } from '../platform/studioTypes';

/**
 * What "Edit Studio…" may change on a Studio that is not running, and the
 * PUT /studios/{id} body (DataStudioUpdateRequest, API v1.187) that carries
 * it. Plain data, no vscode import, so it is unit-tested in plain Node.
 *
 * The request names only what changed: `name`, `description`,
 * `computeEnvId`, and a `configuration` when any of its fields changed. The
 * configuration is sent whole (the Studio's own, with the changes laid over
 * it), so the result is the same whether the Platform merges or replaces it;
 * mounted data goes as `mountDataV2` (the deprecated `mountData` list is left
 * out). `isPrivate` and `spot` are not fields of DataStudioUpdateRequest, so
 * they cannot be edited here.
 */
export interface StudioEdits {
  name?: string;
  description?: string;
  cpu?: number;
  /** MiB */
  memory?: number;
  gpu?: number;
  lifespanHours?: number;
  /** The environment.yml text; '' removes it. */
  condaEnvironment?: string;
  /** Data link ids to mount, replacing the current ones; [] mounts none. */
  mountDataLinkIds?: string[];
  sshEnabled?: boolean;
  computeEnvId?: string;
}

export type EditField = keyof StudioEdits;

/** The limits DataStudioUpdateRequest / DataStudioConfiguration state in the spec. */
export const EDIT_LIMITS = { name: 80, description: 2048, condaEnvironment: 2048 };

/** The Studio's values as the edit flow shows them (what an unchanged field keeps). */
export function currentValues(studio: Studio): Required<Pick<StudioEdits, 'name' | 'description' | 'condaEnvironment' | 'mountDataLinkIds' | 'sshEnabled'>> &
  Pick<StudioEdits, 'cpu' | 'memory' | 'gpu' | 'lifespanHours' | 'computeEnvId'> {
  const c = studio.configuration ?? {};
  return {
    name: studio.name,
    description: studio.description ?? '',
    cpu: c.cpu,
    memory: c.memory,
    gpu: c.gpu,
    lifespanHours: c.lifespanHours,
    condaEnvironment: c.condaEnvironment ?? '',
    mountDataLinkIds: mountedIds(studio),
    sshEnabled: c.sshEnabled === true,
    computeEnvId: studio.computeEnv?.id,
  };
}

/** The mounted data link ids: `mountDataV2` when the Platform sent it, else the older `mountData`, else the links it describes. */
export function mountedIds(studio: Studio): string[] {
  const c = studio.configuration;
  const v2 = c?.mountDataV2?.map((m) => m.dataLinkId).filter((id): id is string => typeof id === 'string');
  if (v2 && (v2.length > 0 || !c?.mountData?.length)) return v2;
  if (c?.mountData) return [...c.mountData];
  return (studio.mountedDataLinks ?? []).map((d) => d.id).filter((id): id is string => typeof id === 'string');
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  const sb = [...b].sort();
  return a.length === b.length && [...a].sort().every((x, i) => x === sb[i]);
}

/** The edits that differ from the Studio's current values (a field set back to its value is no change). */
export function changedFields(studio: Studio, edits: StudioEdits): EditField[] {
  const now = currentValues(studio);
  const out: EditField[] = [];
  for (const key of Object.keys(edits) as EditField[]) {
    const value = edits[key];
    if (value === undefined) continue;
    if (key === 'mountDataLinkIds') {
      if (!sameList(now.mountDataLinkIds, value as string[])) out.push(key);
    } else if (key === 'name' || key === 'description') {
      if ((value as string).trim() !== now[key]) out.push(key);
    } else if (value !== now[key]) {
      out.push(key);
    }
  }
  return out;
}

const CONFIG_FIELDS: ReadonlySet<EditField> = new Set(['cpu', 'memory', 'gpu', 'lifespanHours', 'condaEnvironment', 'mountDataLinkIds', 'sshEnabled']);

/** The PUT /studios/{id} body for the edits, or undefined when nothing changed. */
export function updateRequest(studio: Studio, edits: StudioEdits): StudioUpdateRequest | undefined {
  const changed = changedFields(studio, edits);
  if (changed.length === 0) return undefined;
  const request: StudioUpdateRequest = {};
  if (changed.includes('name')) request.name = edits.name?.trim();
  if (changed.includes('description')) request.description = edits.description?.trim();
  if (changed.includes('computeEnvId')) request.computeEnvId = edits.computeEnvId;
  if (changed.some((f) => CONFIG_FIELDS.has(f))) request.configuration = configurationWith(studio, edits, changed);
  return request;
}

function configurationWith(studio: Studio, edits: StudioEdits, changed: EditField[]): StudioConfiguration {
  const config: StudioConfiguration = { ...studio.configuration };
  delete config.mountData;
  for (const key of ['cpu', 'memory', 'gpu', 'lifespanHours'] as const) {
    if (changed.includes(key)) config[key] = edits[key];
  }
  if (changed.includes('condaEnvironment')) config.condaEnvironment = edits.condaEnvironment;
  if (changed.includes('sshEnabled')) config.sshEnabled = edits.sshEnabled;
  const ids = changed.includes('mountDataLinkIds') ? (edits.mountDataLinkIds ?? []) : mountedIds(studio);
  const paths = new Map((studio.configuration?.mountDataV2 ?? []).map((m) => [m.dataLinkId, m.path] as const));
  config.mountDataV2 = ids.map((id): MountData => (paths.get(id) ? { dataLinkId: id, path: paths.get(id) } : { dataLinkId: id }));
  return config;
}

/**
 * What the spec's limits (and common sense for resources) refuse, per field, before anything is sent:
 * name 1–80 characters, description and conda environment at most 2,048, whole numbers for resources
 * (at least 1 CPU, 1 MiB and 1 lifespan hour; GPUs may be 0).
 */
export function editProblems(edits: StudioEdits): { field: EditField; problem: string }[] {
  const out: { field: EditField; problem: string }[] = [];
  const add = (field: EditField, problem: string) => out.push({ field, problem });
  if (edits.name !== undefined) {
    const name = edits.name.trim();
    if (name === '') add('name', 'must not be empty');
    else if (name.length > EDIT_LIMITS.name) add('name', `must be at most ${EDIT_LIMITS.name} characters (it has ${name.length})`);
  }
  if (edits.description !== undefined && edits.description.trim().length > EDIT_LIMITS.description) {
    add('description', `must be at most ${EDIT_LIMITS.description} characters (it has ${edits.description.trim().length})`);
  }
  if (edits.condaEnvironment !== undefined && edits.condaEnvironment.length > EDIT_LIMITS.condaEnvironment) {
    add('condaEnvironment', `must be at most ${EDIT_LIMITS.condaEnvironment} characters (it has ${edits.condaEnvironment.length})`);
  }
  const whole = (field: 'cpu' | 'memory' | 'gpu' | 'lifespanHours', min: number) => {
    const v = edits[field];
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > 2 ** 31 - 1)) add(field, `must be a whole number of at least ${min}`);
  };
  whole('cpu', 1);
  whole('memory', 1);
  whole('gpu', 0);
  whole('lifespanHours', 1);
  return out;
}
