import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { CONDA_FILE_GLOBS, CONDA_FILE_NAME, CONDA_FILE_NAME_WHEN, isCondaDocument, isCondaFileName } from '../../../src/wave/condaFiles';
import { CONDA_NAMES_MATCH, CONDA_NAMES_NO_MATCH } from '../../shared/condaNames';
import { repoRoot } from './fixtures';

/**
 * #11 item 11: the conda file-name rule is one rule. The table
 * (test/shared/condaNames.ts) is the spec; the RegExp in the code, the `when`
 * clauses of package.json and the globs of the file pick must each give exactly
 * its answers.
 */
interface MenuItem {
  command?: string;
  when?: string;
}
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuItem[]> };
};

/** The `resourceFilename =~ /…/flags` literals of a `when` clause, read as VS Code reads them (`new RegExp`). */
function filenameRegexes(when: string): RegExp[] {
  return [...when.matchAll(/resourceFilename =~ \/((?:\\.|[^/\\])+)\/([a-z]*)/g)].map((m) => new RegExp(m[1], m[2]));
}

describe('conda file names: one rule (unit)', () => {
  it('the table is the rule: isCondaFileName', () => {
    for (const n of CONDA_NAMES_MATCH) assert.ok(isCondaFileName(n), `${n} should count`);
    for (const n of CONDA_NAMES_NO_MATCH) assert.ok(!isCondaFileName(n), `${n} should not count`);
  });

  it("package.json's Build with Wave menus use exactly that rule", () => {
    const clauses = Object.entries(manifest.contributes.menus).flatMap(([menu, items]) =>
      items.filter((i) => i.when?.includes('seqera.wave.condaDocuments')).map((i) => ({ at: `${menu} ${i.command}`, when: i.when ?? '' })),
    );
    assert.ok(clauses.length >= 5, `found ${clauses.length} Build with Wave menu entries`);
    for (const { at, when } of clauses) {
      assert.ok(when.includes(CONDA_FILE_NAME_WHEN), `${at}: the when clause does not hold ${CONDA_FILE_NAME_WHEN}`);
      // The clause as VS Code evaluates it: a file name counts as conda when the conda literal matches it.
      const conda = filenameRegexes(when).filter((r) => r.source === CONDA_FILE_NAME.source);
      assert.equal(conda.length, 1, `${at}: one conda file-name literal`);
      for (const n of CONDA_NAMES_MATCH) assert.ok(conda[0].test(n), `${at}: ${n} should show the menu`);
      for (const n of CONDA_NAMES_NO_MATCH) assert.ok(!conda[0].test(n), `${at}: ${n} should not count as conda`);
    }
  });

  it('no other copy of a conda file-name rule is left in package.json', () => {
    const all = JSON.stringify(manifest.contributes.menus);
    const literals = Object.values(manifest.contributes.menus)
      .flat()
      .flatMap((i) => filenameRegexes(i.when ?? ''))
      .filter((r) => /ya\?ml|conda|environment/i.test(r.source));
    assert.ok(literals.length > 0);
    for (const r of literals) assert.equal(r.source, CONDA_FILE_NAME.source, `another conda rule in the menus: ${r.source}`);
    assert.ok(!/\(environment\|conda\)/.test(all), 'the old rule is gone');
  });

  it('the file pick globs match the same names (VS Code glob syntax: * ? [..] {..}, case-sensitive)', () => {
    const glob = `{${CONDA_FILE_GLOBS.join(',')}}`;
    const matches = (n: string): boolean => minimatch(n, glob, { dot: true, nocase: false });
    for (const n of CONDA_NAMES_MATCH) assert.ok(matches(n), `${n} should be offered by the pick (${glob})`);
    for (const n of CONDA_NAMES_NO_MATCH) assert.ok(!matches(n), `${n} should not be offered by the pick`);
  });

  it('an open YAML document with a top-level dependencies: counts too, whatever its name', () => {
    assert.ok(isCondaDocument('tools.yml', 'name: x\ndependencies:\n  - samtools\n'));
    assert.ok(isCondaDocument('environment-dev.yml', ''));
    assert.ok(!isCondaDocument('tools.yml', 'jobs:\n  dependencies: [a]\n'));
    assert.ok(!isCondaDocument('notes.txt', 'dependencies:\n  - a\n'));
  });
});
