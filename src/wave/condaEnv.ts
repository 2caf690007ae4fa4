import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node as YamlNode } from 'yaml';
import { inputError } from '../net/errors';
import { decodeTextFile } from './textFile';
import type { PackagesSpec } from './types';

/**
 * Conda environment files: which files count, how they are checked, and the
 * `packages` spec Wave gets for them.
 *
 * Which files count is decided in condaFiles.ts (one rule for the menus, the
 * file pick, Build with Wave and Create Studio).
 *
 * Before anything is sent the file is parsed with the `yaml` library: broken
 * YAML is refused with its line and column, and so is a file whose
 * `dependencies:` is missing, empty or not a list. Wave gets the file's bytes
 * unchanged (base64), with the channels the file lists, else the configured
 * default channels.
 *
 * YAML aliases (`*name`) are refused wherever they appear: a handful of
 * anchors can expand to billions of entries ("billion laughs") in whatever
 * parses the file next (Wave, micromamba), and no conda tool writes them.
 */
export { CONDA_FILE_NAME, isCondaFileName, looksLikeCondaEnvironment } from './condaFiles';

/** Wave takes any size up to its 10 MB body limit; no real environment file is near 1 MiB. */
export const MAX_CONDA_FILE_BYTES = 1024 * 1024;
export const DEFAULT_CONDA_CHANNELS: readonly string[] = ['conda-forge', 'bioconda'];

export interface CondaEnvironment {
  packages: PackagesSpec;
  /** The `name:` of the environment, when the file has one. */
  name: string | undefined;
  dependencyCount: number;
  /** True when the channels came from the file rather than the defaults. */
  channelsFromFile: boolean;
}

export function parseCondaEnvironment(
  bytes: Uint8Array,
  fileName: string,
  defaultChannels: readonly string[] = DEFAULT_CONDA_CHANNELS,
): CondaEnvironment {
  const text = decodeTextFile(bytes, fileName, { maxBytes: MAX_CONDA_FILE_BYTES, what: 'conda environment file' });
  refuseExplicitLockFile(text, fileName);
  const lineCounter = new LineCounter();
  // Old Mac line endings (a lone CR) are line breaks in YAML 1.2 but not to the parser: read them as LF
  // (same length, so line:column stay true). The file itself is sent to Wave byte for byte.
  const doc = parseDocument(text.replace(/\r(?!\n)/g, '\n'), { lineCounter, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const pos = err.linePos?.[0] ?? lineCounter.linePos(err.pos[0]);
    const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    if (err.code === 'MULTIPLE_DOCS') {
      throw inputError(
        `${fileName}:${pos.line}:${pos.col}: a second YAML document starts here, and a conda environment file is one document: ` +
          'remove this line and what follows it, or move each environment into a file of its own.',
      );
    }
    if (/call stack/i.test(reason)) {
      throw inputError(`${fileName}:${pos.line}:${pos.col}: the YAML is nested too deeply to read: a conda environment file is a flat list of packages.`);
    }
    throw inputError(`${fileName}:${pos.line}:${pos.col}: invalid YAML: ${reason}.`);
  }
  const at = (node: YamlNode | null | undefined): string => {
    const offset = node?.range?.[0];
    if (offset === undefined) return fileName;
    const { line, col } = lineCounter.linePos(offset);
    return `${fileName}:${line}:${col}`;
  };

  let alias: YamlNode | undefined;
  visit(doc, {
    Alias(_key, node) {
      alias = node;
      return visit.BREAK;
    },
  });
  if (alias && isAlias(alias)) {
    throw inputError(
      `${at(alias)}: the YAML alias *${alias.source} is not accepted: write the value out in full ` +
        '(aliases can expand a small file into billions of entries, and conda environment files do not need them).',
    );
  }

  const root = doc.contents;
  if (!isMap(root)) {
    throw inputError(`${at(root)}: not a conda environment file: expected a mapping with a \`dependencies:\` list.`);
  }
  const deps = root.get('dependencies', true);
  if (deps === undefined || deps === null || (isScalar(deps) && deps.value === null)) {
    throw inputError(`${fileName} has no \`dependencies:\` list: a conda environment file names the packages to install.`);
  }
  if (!isSeq(deps)) throw inputError(`${at(deps)}: \`dependencies:\` must be a list of packages.`);
  if (deps.items.length === 0) throw inputError(`${at(deps)}: \`dependencies:\` is empty: there is nothing to install.`);
  for (const item of deps.items) checkDependency(item as YamlNode, at);

  const channelsNode = root.get('channels', true);
  let channels: string[] = [];
  if (channelsNode !== undefined && !(isScalar(channelsNode) && channelsNode.value === null)) {
    if (!isSeq(channelsNode)) throw inputError(`${at(channelsNode)}: \`channels:\` must be a list of channel names.`);
    channels = channelsNode.items.map((item) => {
      const value = isScalar(item) ? item.value : undefined;
      if (typeof value !== 'string' || value.trim() === '') {
        throw inputError(`${at(item as YamlNode)}: each channel must be a channel name.`);
      }
      return value.trim();
    });
  }
  const channelsFromFile = channels.length > 0;
  const nameNode = root.get('name');

  return {
    packages: {
      type: 'CONDA',
      environment: Buffer.from(bytes).toString('base64'),
      channels: channelsFromFile ? channels : [...defaultChannels],
    },
    name: typeof nameNode === 'string' ? nameNode : undefined,
    dependencyCount: deps.items.length,
    channelsFromFile,
  };
}

/**
 * An explicit lock file (`conda list --explicit`, `micromamba env export --explicit`,
 * Wave's own build lock) is one package URL per line after `@EXPLICIT`, not YAML.
 * Wave builds a lock file only from a URL (`packages.entries`), not from the file's text.
 */
function refuseExplicitLockFile(text: string, fileName: string): void {
  const at = text.split(/\r\n|\r|\n/).findIndex((l) => l.trim() === '@EXPLICIT');
  if (at < 0) return;
  throw inputError(
    `${fileName}:${at + 1}: this is a conda explicit lock file (@EXPLICIT, then one package URL per line), not a conda environment file. ` +
      'Wave builds a lock file from its URL: put it where it can be downloaded over https and give that URL to ' +
      '"Seqera: Build with Wave from Packages…". Or build the environment file the lock was made from.',
  );
}

function checkDependency(item: YamlNode, at: (node: YamlNode) => string): void {
  if (isScalar(item)) {
    if (typeof item.value === 'string' && item.value.trim() !== '') return;
    if (typeof item.value === 'number') {
      const written = String(item.source ?? item.value);
      throw inputError(
        `${at(item)}: \`${written}\` is a number, not a package: write the package name, with a version if you want one, ` +
          `such as \`python=${written}\`.`,
      );
    }
    if (typeof item.value === 'boolean') {
      throw inputError(`${at(item)}: \`${String(item.source ?? item.value)}\` is not a package name: quote it if a package is really called that.`);
    }
    throw inputError(`${at(item)}: empty dependency: each entry is a package such as \`bioconda::samtools=1.17\`.`);
  }
  if (isMap(item) && item.items.length === 1) {
    const pip = item.get('pip', true);
    if (isSeq(pip) && pip.items.every((p) => isScalar(p) && typeof p.value === 'string')) return;
    if (pip !== undefined) throw inputError(`${at(item)}: \`pip:\` must be a list of pip requirements.`);
  }
  throw inputError(`${at(item)}: a dependency must be a package name or a \`pip:\` list.`);
}
