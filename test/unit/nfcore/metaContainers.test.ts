import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { lockFileName, lockFileRef, staleLockFiles } from '../../../src/nfcore/lockFiles';
import { MetaYamlError, type ModuleContainers, readContainers, writeContainers, metaData } from '../../../src/nfcore/metaContainers';
import { metaSchemaCandidates, modulePathInRepo, validateAgainstSchema } from '../../../src/nfcore/metaSchema';
import { moduleNames, modulesRoot } from '../../shared/nfcoreCorpus';

const MULTIQC: ModuleContainers = {
  conda: { 'linux/amd64': { lockFile: 'modules/nf-core/multiqc/.conda-lock/linux_amd64-bd-c17fb751507e9dfc_1.txt' } },
  docker: { 'linux/amd64': { name: 'community.wave.seqera.io/library/multiqc:1.35--c17fb751507e9dfc', buildId: 'bd-c17fb751507e9dfc_1', scanId: 'sc-3b1b3932f9846892_1' } },
  singularity: { 'linux/amd64': { name: 'oras://community.wave.seqera.io/library/multiqc:1.35--c680f2aea25ccec2', buildId: 'bd-c680f2aea25ccec2_1', https: 'https://community-cr-prod.seqera.io/docker/registry/v2/blobs/sha256/c8/c8e346f4f6080eadf1253505e6ff09ef004454fc18e8d672006fd7b222cc412e/data' } },
};

const SECTION = `containers:
  docker:
    linux/amd64:
      name: community.wave.seqera.io/library/multiqc:1.35--c17fb751507e9dfc
      build_id: bd-c17fb751507e9dfc_1
      scan_id: sc-3b1b3932f9846892_1
  singularity:
    linux/amd64:
      name: oras://community.wave.seqera.io/library/multiqc:1.35--c680f2aea25ccec2
      build_id: bd-c680f2aea25ccec2_1
      https: https://community-cr-prod.seqera.io/docker/registry/v2/blobs/sha256/c8/c8e346f4f6080eadf1253505e6ff09ef004454fc18e8d672006fd7b222cc412e/data
  conda:
    linux/amd64:
      lock_file: modules/nf-core/multiqc/.conda-lock/linux_amd64-bd-c17fb751507e9dfc_1.txt
`;

describe('nf-core meta.yml containers section and lock files (unit)', () => {
  it('adds the section as the last key; the rest stays byte for byte, comments and odd spacing included', () => {
    const meta = '# a comment\nname:   multiqc   # keep\nkeywords: [ "QC" ,x ]\nauthors:\n  - "@a"\n'; // odd but valid YAML
    assert.equal(writeContainers(meta, MULTIQC), meta + SECTION);
    assert.equal(writeContainers(meta.trimEnd(), MULTIQC), meta + SECTION, 'a missing final newline gets one before the section');
  });

  it('moves a section that is not last to the end, replacing it; comments around it stay', () => {
    const before = 'name: x\n# about containers\n';
    const after = '\n# maintainers follow\nmaintainers:\n  - "@b"\n';
    const meta = `${before}containers:\n  docker:\n    linux_amd64:\n      name: "old"   # old\n      scanId: "sc-1"\n${after}`;
    assert.equal(writeContainers(meta, MULTIQC), before + after + SECTION);
  });

  it('reads the spellings nf-core used (linux_amd64 keys, scanId) and refuses broken YAML with its position', () => {
    const c = readContainers('containers:\n  docker:\n    linux_amd64:\n      build_id: "bd-1_1"\n      name: "n"\n      scanId: "sc-1_1"\n');
    assert.deepEqual(c?.docker['linux/amd64'], { name: 'n', buildId: 'bd-1_1', scanId: 'sc-1_1' });
    assert.equal(readContainers('name: x\n'), undefined);
    assert.throws(() => writeContainers('name: x\n  bad: [\n', MULTIQC, 'modules/nf-core/x/meta.yml'), (e: Error) => e instanceof MetaYamlError && /^modules\/nf-core\/x\/meta\.yml:\d+:\d+: invalid YAML/.test(e.message));
    // #17.7: an unclosed `[` on line 3 is reported on line 3 (the parser notices it on line 4).
    assert.throws(() => readContainers('name: x\ntools:\n  - [fastqc\nkeywords: [qc]\n', 'meta.yml'), (e: Error) => e instanceof MetaYamlError && /^meta\.yml:3:5: invalid YAML/.test(e.message));
  });

  it('rewrites each corpus meta.yml whose section is canonical and last to the same bytes', function () {
    const root = modulesRoot();
    if (!root) this.skip();
    let same = 0;
    let withSection = 0;
    for (const m of moduleNames(root)) {
      const text: string = fs.readFileSync(path.join(root, m, 'meta.yml'), 'utf8');
      if (!text.includes('\ncontainers:')) continue;
      const c = readContainers(text);
      if (!c) continue;
      withSection++;
      const out = writeContainers(text, c);
      const at = text.indexOf('\ncontainers:\n');
      assert.equal(out.slice(0, at + 1), text.slice(0, at + 1), `${m}: text before the section changed`);
      if (out === text) same++;
    }
    console.log(`      ${withSection} meta.yml with containers:, ${same} rewritten byte for byte`);
    assert.ok(withSection >= 80);
    assert.ok(same >= 30, `${same}`);
  });

  it('names lock files <platform>-<buildId>.txt under .conda-lock and finds the stale ones', () => {
    assert.equal(lockFileName('linux/arm64', 'bd-5c84a5000a226ab5_1'), 'linux_arm64-bd-5c84a5000a226ab5_1.txt');
    assert.equal(lockFileRef('modules/nf-core/multiqc/', 'linux/amd64', 'bd-1_1'), 'modules/nf-core/multiqc/.conda-lock/linux_amd64-bd-1_1.txt');
    assert.deepEqual(staleLockFiles(['linux_amd64-bd-old_1.txt', 'linux_amd64-bd-new_1.txt', 'README.md', 'linux_arm64-bd-a_1.txt'], ['linux_amd64-bd-new_1.txt']), ['linux_amd64-bd-old_1.txt', 'linux_arm64-bd-a_1.txt']);
  });

  it('finds meta-schema.json by walking up to modules/ and names the module path from the clone root', () => {
    assert.deepEqual(metaSchemaCandidates('/r/clone/modules/nf-core/samtools/sort'), ['/r/clone/modules/meta-schema.json']);
    assert.equal(modulePathInRepo('/r/clone/modules/nf-core/samtools/sort', '/r/clone/modules/meta-schema.json'), 'modules/nf-core/samtools/sort');
    assert.equal(modulePathInRepo('/x/modules/nf-core/fastqc', undefined), 'modules/nf-core/fastqc');
    assert.equal(modulePathInRepo('/x/y', undefined), undefined);
  });

  it("validates against nf-core's meta-schema.json (draft 2020-12): a written section passes, a Singularity entry without https fails", async function () {
    const root = modulesRoot();
    if (!root) this.skip();
    const schema: unknown = JSON.parse(fs.readFileSync(path.join(root, 'meta-schema.json'), 'utf8'));
    const meta = fs.readFileSync(path.join(root, 'fastp', 'meta.yml'), 'utf8');
    const good = await validateAgainstSchema(schema, metaData(writeContainers(meta, MULTIQC)));
    assert.deepEqual(good, { ok: true, errors: [] });
    const broken: ModuleContainers = { ...MULTIQC, singularity: { 'linux/amd64': { name: 'community.wave.seqera.io/x:1', buildId: 'bd-1_1' } } };
    const bad = await validateAgainstSchema(schema, metaData(writeContainers(meta, broken)));
    assert.equal(bad.ok, false);
    assert.ok(bad.errors.includes("/containers/singularity/linux~1amd64: must have required property 'https'"), bad.errors.join('\n'));
    assert.ok(bad.errors.some((e) => e.startsWith('/containers/singularity/linux~1amd64/name: must match pattern')), bad.errors.join('\n'));
  });
});
