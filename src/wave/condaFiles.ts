/**
 * Which files are conda environment files: the one rule behind "Build with
 * Wave" (menus, classification, the file pick) and Create Studio's conda step.
 *
 * By name (any case): `environment.yml`, `environment-<anything>.yml`,
 * `environment_<anything>.yml`, `environment.<anything>.yml` (such as
 * `environment-dev.yml`), `conda.yml`, and `<anything>.conda.yml`, each also
 * with `.yaml`. Not `conda-lock.yml`-style names (`conda-forge.yml`,
 * `conda_build_config.yaml` are configuration, not environments), nor
 * `myenvironment.yml`. By content, for an open document: any other YAML file
 * with a top-level `dependencies:` key.
 *
 * The name rule is written three ways, each derived here and checked against
 * the others by test/unit/wave/condaFiles.test.ts: a RegExp for the code, the
 * same RegExp in package.json's `when` clauses (`CONDA_FILE_NAME_WHEN`), and
 * globs for `workspace.findFiles` (`CONDA_FILE_GLOBS`). The RegExp holds no `/`
 * so that it reads the same inside a `when` clause's `/…/` literal.
 */
export const CONDA_FILE_NAME = /^(environment([-_.].+)?|conda|.*\.conda)\.ya?ml$/i;

/** The clause package.json's menus use, exactly as written there. */
export const CONDA_FILE_NAME_WHEN = `resourceFilename =~ /${CONDA_FILE_NAME.source}/${CONDA_FILE_NAME.flags}`;

/**
 * The same names as globs (VS Code's glob syntax, one path segment each), case
 * included: glob matching is case-sensitive where the file system is, so each
 * letter is a `[xX]` class. `environment[-_.]?*` is the separator, one
 * character, then anything, as `[-_.].+` in the RegExp.
 */
export const CONDA_FILE_GLOBS: readonly string[] = ['environment', 'environment[-_.]?*', 'conda', '*.conda']
  .flatMap((stem) => ['yml', 'yaml'].map((ext) => `${stem}.${ext}`))
  .map(anyCase);

const YAML_FILE_NAME = /\.ya?ml$/i;
const TOP_LEVEL_DEPENDENCIES = /^dependencies[ \t]*:/m;

/** `fileName` is a base name (no folder). */
export function isCondaFileName(fileName: string): boolean {
  return CONDA_FILE_NAME.test(fileName);
}

/** Any YAML file whose text has a top-level `dependencies:` key. */
export function looksLikeCondaEnvironment(fileName: string, text: string): boolean {
  return YAML_FILE_NAME.test(fileName) && TOP_LEVEL_DEPENDENCIES.test(text);
}

/** A document that counts as a conda environment: by its name, or (YAML) by its text. */
export function isCondaDocument(fileName: string, text: string): boolean {
  return isCondaFileName(fileName) || looksLikeCondaEnvironment(fileName, text);
}

function anyCase(glob: string): string {
  let out = '';
  let inClass = false;
  for (const ch of glob) {
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out += !inClass && lower !== upper ? `[${lower}${upper}]` : ch;
  }
  return out;
}
