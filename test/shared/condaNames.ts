/**
 * The conda file-name rule as a table (#11 item 11): names that count as conda
 * environment files and names that don't. Unit and integration tests check the
 * code, package.json's `when` clauses and the file pick's globs against it.
 */
export const CONDA_NAMES_MATCH = [
  'environment.yml',
  'environment.yaml',
  'Environment.YML',
  'ENVIRONMENT.Yaml',
  'environment-dev.yml',
  'environment_py311.yaml',
  'environment.cuda.yml',
  'Environment-Dev.YML',
  'environment-ümlaut.yml',
  'conda.yml',
  'conda.yaml',
  'CONDA.YML',
  'tools.conda.yml',
  'x.conda.yaml',
  'a.b.conda.yml',
  '.conda.yml',
];
export const CONDA_NAMES_NO_MATCH = [
  'env.yml',
  'environment.yml.bak',
  'environment-dev.yml.txt',
  'myenvironment.yml',
  'environmentdev.yml',
  'environment-.yml',
  'environment..yml',
  'environment.txt',
  'environment',
  'conda.json',
  'conda-lock.yml',
  'conda-forge.yml',
  'conda_build_config.yaml',
  'condarc.yml',
  'xconda.yml',
  'pipeline.yml',
  'meta.yml',
  'Dockerfile',
  'environment.yml.Dockerfile',
];
