import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { inputError } from '../net/errors';
import { STUDIO_NAME_MAX, studioNameProblem } from './studioName';

/**
 * `.seqera/studio-config.yaml`, the file a repository holds to say how the
 * Platform makes a Studio from it ("Import from Git repository" in the
 * Platform's docs, schemaVersion 0.0.1): `schemaVersion`, `kind:
 * studio-config` and `session.template.kind` are required, everything else is
 * optional. Read with the yaml library; every refusal names the file, line and
 * column. Keys the format does not define are warnings (a typo would
 * otherwise be ignored without a word). No vscode import.
 */
export const STUDIO_CONFIG_PATH = '.seqera/studio-config.yaml';
export const MAX_STUDIO_CONFIG_BYTES = 64 * 1024;

export type TemplateKind = 'registry' | 'dockerfile' | 'none';

export interface StudioConfigFile {
  schemaVersion: string;
  name?: string;
  description?: string;
  template: { kind: TemplateKind; registry?: string; dockerfile?: string };
  clone: { enabled: boolean; path: string };
  /** Relative to the `.seqera` folder, as the Platform reads it. */
  condaEnvironmentFile?: string;
  /** `computeRequirements.awsBatch`: used for AWS Batch compute environments only. */
  awsBatch?: { cpu?: number; gpu?: number; memory?: number };
  environment: { name: string; value: string }[];
  lifespanHours?: number;
  isPrivate?: boolean;
  sshEnabled?: boolean;
  /** `file:line:col: …` for keys the format does not define. */
  warnings: string[];
}

const KNOWN_KEYS: Record<string, readonly string[]> = {
  '': ['schemaVersion', 'kind', 'session'],
  session: ['name', 'description', 'template', 'clone', 'dependencies', 'computeRequirements', 'environmentVariables', 'management', 'ssh'],
  'session.template': ['kind', 'registry', 'dockerfile'],
  'session.clone': ['enabled', 'path'],
  'session.dependencies': ['condaEnvironmentFile'],
  'session.computeRequirements': ['awsBatch'],
  'session.computeRequirements.awsBatch': ['cpu', 'gpu', 'memory'],
  'session.management': ['lifespanHours', 'isPrivate'],
  'session.ssh': ['enabled'],
};

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function parseStudioConfig(text: string, file = STUDIO_CONFIG_PATH): StudioConfigFile {
  if (new TextEncoder().encode(text).length > MAX_STUDIO_CONFIG_BYTES) {
    throw inputError(`${file}: the file is larger than ${MAX_STUDIO_CONFIG_BYTES / 1024} KiB; a Studio configuration is a few lines.`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0] ?? lineCounter.linePos(err.pos[0]);
    const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw inputError(`${file}:${pos.line}:${pos.col}: invalid YAML: ${reason}.`);
  }
  const at = (node: YamlNode | null | undefined): string => {
    const offset = node?.range?.[0];
    if (offset === undefined) return file;
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const fail = (node: YamlNode | null | undefined, message: string): never => {
    throw inputError(`${at(node)}: ${message}`);
  };
  const warnings: string[] = [];

  const root = doc.contents;
  if (!isMap(root)) fail(root, `expected a mapping with schemaVersion, kind and session; see the Platform's "Import from Git repository" docs.`);
  const top = root as YAMLMap;

  /** The value node at a key, and checks for unknown keys on the way. */
  const mapAt = (parent: YAMLMap, key: string, path: string): YAMLMap | undefined => {
    const node = parent.get(key, true) as YamlNode | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
    if (!isMap(node)) fail(node, `${path} must be a mapping of keys to values.`);
    checkKeys(node as YAMLMap, path);
    return node as YAMLMap;
  };
  const checkKeys = (map: YAMLMap, path: string): void => {
    const known = KNOWN_KEYS[path] ?? [];
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && !known.includes(key)) {
        const where = path ? `${path}.${key}` : key;
        warnings.push(`${at(pair.key as YamlNode)}: ${where} is ignored: not a key of the format here (${known.join(', ')}).`);
      }
    }
  };
  const scalarAt = (parent: YAMLMap, key: string): YamlNode | undefined => {
    const node = parent.get(key, true) as YamlNode | undefined;
    if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
    return node;
  };
  const str = (parent: YAMLMap, key: string, path: string): string | undefined => {
    const node = scalarAt(parent, key);
    if (node === undefined) return undefined;
    if (!isScalar(node) || typeof node.value !== 'string') fail(node, `${path} must be text, in quotes if needed.`);
    return (node as { value: string }).value;
  };
  const int = (parent: YAMLMap, key: string, path: string, min: number, max: number): number | undefined => {
    const node = scalarAt(parent, key);
    if (node === undefined) return undefined;
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(node, `${path} must be a whole number from ${min} to ${max}.`);
    return v as number;
  };
  const flag = (parent: YAMLMap, key: string, path: string): boolean | undefined => {
    const node = scalarAt(parent, key);
    if (node === undefined) return undefined;
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== 'boolean') fail(node, `${path} must be true or false.`);
    return v as boolean;
  };

  checkKeys(top, '');
  const schemaNode = scalarAt(top, 'schemaVersion');
  if (schemaNode === undefined) fail(root, 'schemaVersion is missing: add schemaVersion: "0.0.1" as the first line.');
  const schemaVersion = str(top, 'schemaVersion', 'schemaVersion') ?? '';
  if (schemaVersion !== '0.0.1') {
    warnings.push(`${at(schemaNode)}: schemaVersion "${schemaVersion}" is newer than the 0.0.1 this version knows; the Platform reads the file itself.`);
  }
  const kindNode = scalarAt(top, 'kind');
  if (kindNode === undefined) fail(root, 'kind is missing: add kind: "studio-config".');
  if (str(top, 'kind', 'kind') !== 'studio-config') fail(kindNode, 'kind must be "studio-config".');
  const session = mapAt(top, 'session', 'session');
  if (!session) return fail(root, 'session is missing: a Studio configuration needs at least session.template.kind.');

  const template = mapAt(session, 'template', 'session.template');
  if (!template) return fail(session, 'session.template is missing: add template: { kind: registry | dockerfile | none }.');
  const kindValueNode = scalarAt(template, 'kind');
  const kind = str(template, 'kind', 'session.template.kind');
  if (kind === undefined) return fail(template, 'session.template.kind is missing: registry, dockerfile or none.');
  if (kind !== 'registry' && kind !== 'dockerfile' && kind !== 'none') {
    return fail(kindValueNode, `session.template.kind must be registry, dockerfile or none, not "${kind}".`);
  }
  const registry = str(template, 'registry', 'session.template.registry');
  const dockerfile = str(template, 'dockerfile', 'session.template.dockerfile');
  if (kind === 'registry' && !registry?.trim()) fail(template, 'session.template.registry is missing: the container image of the Studio, e.g. cr.seqera.io/public/data-studio-vscode:1.93.1-0.8.');
  if (kind === 'registry' && /\s/.test(registry!.trim())) fail(scalarAt(template, 'registry'), 'session.template.registry must be an image reference without spaces.');

  const nameNode = scalarAt(session, 'name');
  const name = str(session, 'name', 'session.name')?.trim();
  if (name !== undefined) {
    const problem = studioNameProblem(name);
    if (problem) {
      fail(nameNode, `session.name "${name}" is not a valid Studio name: a Studio name has 1 to ${STUDIO_NAME_MAX} characters: letters, digits, spaces, ".", "-" and "_", and starts with a letter or digit.`);
    }
  }
  const description = str(session, 'description', 'session.description');
  if (description !== undefined && description.length > 2048) fail(scalarAt(session, 'description'), 'session.description is longer than the 2,048 characters a Studio accepts.');

  const cloneMap = mapAt(session, 'clone', 'session.clone');
  const clone = {
    enabled: (cloneMap && flag(cloneMap, 'enabled', 'session.clone.enabled')) ?? true,
    path: (cloneMap && str(cloneMap, 'path', 'session.clone.path')) || '/workspace',
  };
  const deps = mapAt(session, 'dependencies', 'session.dependencies');
  const condaEnvironmentFile = deps ? str(deps, 'condaEnvironmentFile', 'session.dependencies.condaEnvironmentFile') : undefined;
  const compute = mapAt(session, 'computeRequirements', 'session.computeRequirements');
  const batch = compute ? mapAt(compute, 'awsBatch', 'session.computeRequirements.awsBatch') : undefined;
  const awsBatch = batch
    ? {
        cpu: int(batch, 'cpu', 'session.computeRequirements.awsBatch.cpu', 1, 1024),
        gpu: int(batch, 'gpu', 'session.computeRequirements.awsBatch.gpu', 0, 64),
        memory: int(batch, 'memory', 'session.computeRequirements.awsBatch.memory', 1, 16 * 1024 * 1024),
      }
    : undefined;

  const environment: { name: string; value: string }[] = [];
  const envNode = scalarAt(session, 'environmentVariables');
  if (envNode !== undefined) {
    if (!isSeq(envNode)) fail(envNode, 'session.environmentVariables must be a list of { name, value } entries.');
    for (const item of (envNode as { items: unknown[] }).items as YamlNode[]) {
      if (!isMap(item)) fail(item, 'each of session.environmentVariables must be a mapping with name and value.');
      const entry = item as YAMLMap;
      checkKeysList(entry);
      const varName = str(entry, 'name', 'environmentVariables[].name');
      if (varName === undefined) fail(item, 'this environment variable has no name.');
      if (!ENV_NAME.test(varName!)) fail(scalarAt(entry, 'name'), `"${varName}" is not an environment variable name: letters, digits and "_", not starting with a digit.`);
      if (environment.some((e) => e.name === varName)) fail(scalarAt(entry, 'name'), `${varName} is set twice in session.environmentVariables.`);
      const valueNode = scalarAt(entry, 'value');
      const raw = valueNode && isScalar(valueNode) ? valueNode.value : undefined;
      if (valueNode !== undefined && !isScalar(valueNode)) fail(valueNode, `the value of ${varName} must be text.`);
      environment.push({ name: varName!, value: raw === undefined || raw === null ? '' : String(raw) });
    }
  }
  function checkKeysList(entry: YAMLMap): void {
    for (const pair of entry.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key !== undefined && key !== 'name' && key !== 'value') {
        warnings.push(`${at(pair.key as YamlNode)}: session.environmentVariables.${key} is ignored: not a key of the format here (name, value).`);
      }
    }
  }

  const management = mapAt(session, 'management', 'session.management');
  const ssh = mapAt(session, 'ssh', 'session.ssh');
  return {
    schemaVersion,
    name: name || undefined,
    description,
    template: { kind, registry: registry?.trim(), dockerfile: kind === 'dockerfile' ? dockerfile?.trim() || 'Dockerfile' : dockerfile },
    clone,
    condaEnvironmentFile: condaEnvironmentFile?.trim() || undefined,
    awsBatch,
    environment,
    lifespanHours: management ? int(management, 'lifespanHours', 'session.management.lifespanHours', 0, 24 * 365) : undefined,
    isPrivate: management ? flag(management, 'isPrivate', 'session.management.isPrivate') : undefined,
    sshEnabled: ssh ? flag(ssh, 'enabled', 'session.ssh.enabled') : undefined,
    warnings,
  };
}
