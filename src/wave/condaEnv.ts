import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node as YamlNode } from 'yaml';
import { inputError, inputErrorAt, type SeqeraError, type SourceRange } from '../net/errors';
import { decodeTextFile } from './textFile';
import { formatAt, rangeOf, yamlErrorOffsets } from './yamlPosition';
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
  const yamlText = text.replace(/\r(?!\n)/g, '\n');
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  /** A refusal at a place: `file:line:col: why` in the message, the range for the editor's Problems. */
  const refusalAt = (range: SourceRange, why: string): SeqeraError => inputErrorAt(`${formatAt(fileName, range)}: ${why}`, [{ range, message: why }]);
  const err = doc.errors[0];
  if (err) {
    const [start, end] = yamlErrorOffsets(yamlText, err);
    const range = rangeOf(lineCounter, start, end);
    const reason = err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    if (err.code === 'MULTIPLE_DOCS') {
      throw refusalAt(
        range,
        'a second YAML document starts here, and a conda environment file is one document: ' +
          'remove this line and what follows it, or move each environment into a file of its own.',
      );
    }
    if (/call stack/i.test(reason)) throw refusalAt(range, 'the YAML is nested too deeply to read: a conda environment file is a flat list of packages.');
    throw refusalAt(range, `invalid YAML: ${reason}.`);
  }
  /** A refusal about a node: at the node, or naming only the file when the node has no place. */
  const refusal = (node: YamlNode | null | undefined, why: string): SeqeraError => {
    const r = node?.range;
    return r ? refusalAt(rangeOf(lineCounter, r[0], r[1]), why) : inputError(`${fileName}: ${why}`);
  };

  let alias: YamlNode | undefined;
  visit(doc, {
    Alias(_key, node) {
      alias = node;
      return visit.BREAK;
    },
  });
  if (alias && isAlias(alias)) {
    throw refusal(
      alias,
      `the YAML alias *${alias.source} is not accepted: write the value out in full ` +
        '(aliases can expand a small file into billions of entries, and conda environment files do not need them).',
    );
  }

  const root = doc.contents;
  if (!isMap(root)) {
    throw refusal(root, `not a conda environment file: expected a mapping with a \`dependencies:\` list.`);
  }
  const deps = root.get('dependencies', true);
  if (deps === undefined || deps === null || (isScalar(deps) && deps.value === null)) {
    throw inputError(`${fileName} has no \`dependencies:\` list: a conda environment file names the packages to install.`);
  }
  if (!isSeq(deps)) throw refusal(deps, `\`dependencies:\` must be a list of packages.`);
  if (deps.items.length === 0) throw refusal(deps, `\`dependencies:\` is empty: there is nothing to install.`);
  for (const item of deps.items) checkDependency(item as YamlNode, refusal);

  const channelsNode = root.get('channels', true);
  let channels: string[] = [];
  if (channelsNode !== undefined && !(isScalar(channelsNode) && channelsNode.value === null)) {
    if (!isSeq(channelsNode)) throw refusal(channelsNode, `\`channels:\` must be a list of channel names.`);
    channels = channelsNode.items.map((item) => {
      const value = isScalar(item) ? item.value : undefined;
      if (typeof value !== 'string' || value.trim() === '') {
        throw refusal(item as YamlNode, `each channel must be a channel name.`);
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
  const lines = text.split(/\r\n|\r|\n/);
  const at = lines.findIndex((l) => l.trim() === '@EXPLICIT');
  if (at < 0) return;
  const why =
    'this is a conda explicit lock file (@EXPLICIT, then one package URL per line), not a conda environment file. ' +
    'Wave builds a lock file from its URL: put it where it can be downloaded over https and give that URL to ' +
    '"Seqera: Build with Wave from Packages…". Or build the environment file the lock was made from.';
  const range = { start: { line: at, character: 0 }, end: { line: at, character: lines[at].length } };
  throw inputErrorAt(`${fileName}:${at + 1}: ${why}`, [{ range, message: why }]);
}

function checkDependency(item: YamlNode, refusal: (node: YamlNode, why: string) => SeqeraError): void {
  if (isScalar(item)) {
    if (typeof item.value === 'string' && item.value.trim() !== '') return;
    if (typeof item.value === 'number') {
      const written = String(item.source ?? item.value);
      throw refusal(
        item,
        `\`${written}\` is a number, not a package: write the package name, with a version if you want one, ` +
          `such as \`python=${written}\`.`,
      );
    }
    if (typeof item.value === 'boolean') {
      throw refusal(item, `\`${String(item.source ?? item.value)}\` is not a package name: quote it if a package is really called that.`);
    }
    throw refusal(item, `empty dependency: each entry is a package such as \`bioconda::samtools=1.17\`.`);
  }
  if (isMap(item) && item.items.length === 1) {
    const pip = item.get('pip', true);
    if (isSeq(pip) && pip.items.every((p) => isScalar(p) && typeof p.value === 'string')) return;
    if (pip !== undefined) throw refusal(item, `\`pip:\` must be a list of pip requirements.`);
  }
  throw refusal(item, `a dependency must be a package name or a \`pip:\` list.`);
}
