import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canonicalDirective, findContainerDirective, rewriteDirective } from '../../../src/nfcore/containerDirective';
import { moduleNames, modulesRoot } from '../../shared/nfcoreCorpus';

const HTTPS = 'https://community-cr-prod.seqera.io/docker/registry/v2/blobs/sha256/c8/c8e346f4f6080eadf1253505e6ff09ef004454fc18e8d672006fd7b222cc412e/data';
const DOCKER = 'community.wave.seqera.io/library/multiqc:1.35--c17fb751507e9dfc';

const processWith = (directive: string) => `process MULTIQC {\n    tag "\${meta.id}"\n    label 'process_single'\n\n    conda "\${moduleDir}/environment.yml"\n${directive}\n\n    input:\n    path x\n\n    script:\n    """\n    echo 'container "no"' // not a directive\n    """\n}\n`;

describe('nf-core main.nf container directive (unit)', () => {
  it('writes the canonical form with the module indentation', () => {
    assert.equal(
      canonicalDirective('    ', HTTPS, DOCKER),
      `    container "\${workflow.containerEngine in ['singularity', 'apptainer'] && !task.ext.singularity_pull_docker_container\n` +
        `        ? '${HTTPS}'\n` +
        `        : '${DOCKER}'}"`,
    );
    assert.equal(canonicalDirective('\t', 'https://x', 'y').split('\n')[1], "\t    ? 'https://x'");
  });

  it('finds and replaces the older forms: == singularity, biocontainers/depot URLs, oras:// names, one image for all', () => {
    const older = [
      `    container "\${ workflow.containerEngine == 'singularity' && !task.ext.singularity_pull_docker_container ?\n        'https://depot.galaxyproject.org/singularity/fastqc:0.12.1--hdfd78af_0' :\n        'biocontainers/fastqc:0.12.1--hdfd78af_0' }"`,
      `    container "\${ workflow.containerEngine in ['singularity', 'apptainer'] && !task.ext.singularity_pull_docker_container ?\n        'oras://community.wave.seqera.io/library/fastqc:0.12.1--aaaaaaaaaaaaaaaa' :\n        'community.wave.seqera.io/library/fastqc:0.12.1--bbbbbbbbbbbbbbbb' }"`,
      `    container "\${workflow.containerEngine in ['singularity', 'apptainer']\n        ? 'https://depot.galaxyproject.org/singularity/x:1'\n        : 'quay.io/biocontainers/x:1'}"`,
      `    container 'quay.io/biocontainers/fastqc:0.12.1--hdfd78af_0'`,
    ];
    const forms = ['singularityEquals', 'engineChoice', 'noPullOption', 'single'];
    const images = [
      ['https://depot.galaxyproject.org/singularity/fastqc:0.12.1--hdfd78af_0', 'biocontainers/fastqc:0.12.1--hdfd78af_0'],
      ['oras://community.wave.seqera.io/library/fastqc:0.12.1--aaaaaaaaaaaaaaaa', 'community.wave.seqera.io/library/fastqc:0.12.1--bbbbbbbbbbbbbbbb'],
      ['https://depot.galaxyproject.org/singularity/x:1', 'quay.io/biocontainers/x:1'],
      ['quay.io/biocontainers/fastqc:0.12.1--hdfd78af_0', 'quay.io/biocontainers/fastqc:0.12.1--hdfd78af_0'],
    ];
    older.forEach((directive, i) => {
      const text = processWith(directive);
      const r = findContainerDirective(text);
      assert.ok(r.found, JSON.stringify(r));
      assert.equal(r.directive.form, forms[i]);
      assert.deepEqual([r.directive.singularity, r.directive.docker], images[i]);
      assert.equal(r.directive.startLine, 6);
      assert.equal(r.directive.text, directive);
      const out = rewriteDirective(text, r.directive, HTTPS, DOCKER);
      assert.equal(out, processWith(canonicalDirective('    ', HTTPS, DOCKER)));
    });
  });

  it('says exactly why it cannot locate the directive', () => {
    const why = (body: string) => {
      const r = findContainerDirective(`process X {\n${body}\n}\n`);
      assert.equal(r.found, false);
      return r.found ? '' : r.reason;
    };
    assert.equal(why('    // container "quay.io/x:1"\n    /* container "y" */'), 'main.nf has no container directive');
    assert.match(why('    container "a:1"\n    container "b:1"'), /2 container directives \(lines 2, 3\)/);
    assert.match(why("    container \"${ task.accelerator ? 'gpu:1' : 'cpu:1' }\""), /line 2: .*task\.accelerator/);
    assert.match(why("    container \"${ params.image }\""), /line 2: the container expression is not nf-core's Singularity\/Docker choice \(params\.image\)/);
    assert.match(why("    container \"${ workflow.containerEngine == 'docker' ? 'a' : 'b' "), /line 2: .*never closed/);
    assert.match(why('    container "$image"'), /line 2: .*variable/);
    assert.match(why('    container image'), /line 2: the container directive is not followed by a quoted string/);
  });

  it('locates the directive of every corpus main.nf or says exactly why; canonical ones rewrite to themselves', function () {
    const root = modulesRoot();
    if (!root) this.skip();
    const counts: Record<string, number> = {};
    const reasons: string[] = [];
    let canonical = 0;
    const names = moduleNames(root);
    for (const m of names) {
      const text: string = fs.readFileSync(path.join(root, m, 'main.nf'), 'utf8');
      const r = findContainerDirective(text);
      if (!r.found) {
        reasons.push(`${m}: ${r.reason}`);
        continue;
      }
      const d = r.directive;
      counts[d.form] = (counts[d.form] ?? 0) + 1;
      assert.ok(d.docker && !/['"\s]/.test(d.docker), `${m}: docker image ${d.docker}`);
      assert.ok(d.singularity && !/['"\s]/.test(d.singularity), `${m}: singularity image ${d.singularity}`);
      assert.equal(text.slice(d.start, d.end), d.text);
      assert.match(d.text, /^[ \t]*container [\s\S]*["']$/);
      if (d.form === 'engineChoice' && d.text.trimStart().startsWith('container "${workflow.')) {
        const again = rewriteDirective(text, d, d.singularity, d.docker);
        if (again === text) canonical++;
      }
    }
    const located = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`      ${names.length} main.nf: ${located} located (${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}), ${canonical} already canonical, ${reasons.length} not located:`);
    for (const r of reasons) console.log(`        ${r}`);
    assert.equal(located + reasons.length, names.length);
    assert.ok(names.length >= 2000, `${names.length} modules`);
    assert.ok(canonical >= 590, `only ${canonical} canonical directives rewrote to themselves`);
    for (const r of reasons) assert.match(r, /: (main\.nf has no container directive|line \d+: .+)$/);
  });
});
