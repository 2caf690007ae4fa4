import { inputError } from '../net/errors';
import type { PackagesSpec } from './types';

/**
 * "Build with Wave from packages…": a list of conda match specs typed by the
 * user, separated by spaces or new lines (commas belong to version ranges such
 * as `samtools>=1.10,<2`, so they do not separate). A single conda-lock URL is
 * accepted too, as Wave does.
 */
const MATCH_SPEC = /^(?:[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*::)?[A-Za-z0-9_][A-Za-z0-9_.+-]*(?:\[[^\]\s]*\])?(?:[=<>!~][^\s]*)?$/;
const LOCK_URL = /^https?:\/\/\S+$/;

export function parsePackageList(input: string): string[] {
  const entries = input.split(/\s+/).filter((s) => s !== '');
  if (entries.length === 0) throw inputError('Type at least one conda package, e.g. bioconda::samtools=1.17');
  if (entries.length === 1 && LOCK_URL.test(entries[0])) return entries;
  for (const entry of entries) {
    if (LOCK_URL.test(entry)) throw inputError(`A conda-lock URL must be the only entry: ${entry}`);
    if (!MATCH_SPEC.test(entry)) {
      throw inputError(`"${entry}" is not a conda package spec such as bioconda::samtools=1.17 or numpy>=1.26`);
    }
  }
  return entries;
}

/** Returns the problem with the input, or undefined when it is fine (for an input box's validation). */
export function packageListProblem(input: string): string | undefined {
  try {
    parsePackageList(input);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

export function condaPackagesFromEntries(entries: string[], channels: readonly string[]): PackagesSpec {
  return { type: 'CONDA', entries: [...entries], channels: [...channels] };
}
