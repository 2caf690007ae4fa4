import { parse } from 'yaml';

/** One conda package spec, e.g. `bioconda::samtools=1.17`. */
export interface CondaPackage {
  channel?: string;
  name: string;
  version?: string;
  pip?: boolean;
}

export interface CondaEnv {
  name?: string;
  channels: string[];
  packages: CondaPackage[];
}

/** Parses `bioconda::samtools=1.17`, `samtools>=1.15`, `python 3.11`. */
export function parseSpec(spec: string, pip = false): CondaPackage {
  let s = spec.trim();
  let channel: string | undefined;
  const colon = s.indexOf('::');
  if (colon > 0) {
    channel = s.slice(0, colon);
    s = s.slice(colon + 2);
  }
  const m = /^([A-Za-z0-9_.-]+)\s*(?:(==|=|>=|<=|>|<|~=|\s)\s*(\S+))?/.exec(s);
  const name = m ? m[1] : s;
  const version = m && m[3] ? m[3].replace(/^=+/, '') : undefined;
  return { channel, name, version, pip };
}

/** A conda environment YAML; throws with a micromamba-like message when it is not valid. */
export function parseCondaYaml(text: string): CondaEnv {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new Error(`Failed to parse YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error('Failed to parse YAML: the environment file must be a mapping');
  const d = doc as Record<string, unknown>;
  const channels = Array.isArray(d.channels) ? d.channels.map(String) : [];
  const packages: CondaPackage[] = [];
  if (d.dependencies !== undefined && !Array.isArray(d.dependencies)) throw new Error("Failed to parse YAML: 'dependencies' must be a list");
  for (const dep of (d.dependencies as unknown[] | undefined) ?? []) {
    if (typeof dep === 'string' || typeof dep === 'number') packages.push(parseSpec(String(dep)));
    else if (typeof dep === 'object' && dep !== null && Array.isArray((dep as Record<string, unknown>).pip)) {
      for (const p of (dep as { pip: unknown[] }).pip) packages.push(parseSpec(String(p), true));
    }
  }
  return { name: typeof d.name === 'string' ? d.name : undefined, channels, packages };
}

/** The conda.yml Wave writes for `packages.entries`. */
export function envYamlFromEntries(entries: string[], channels: string[]): string {
  const lines = ['channels:', ...channels.map((c) => `- ${c}`), 'dependencies:', ...entries.map((e) => `- ${e}`)];
  return lines.join('\n') + '\n';
}

/** Deterministic, plausible version for an unpinned package. */
export function versionFor(name: string): string {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return `${1 + (h % 4)}.${(h >> 3) % 20}.${(h >> 8) % 10}`;
}

/** The rule for a package that "does not exist in the channels": its name contains `doesnotexist`. */
export function isMissingPackage(p: CondaPackage): boolean {
  return p.name.toLowerCase().includes('doesnotexist');
}
