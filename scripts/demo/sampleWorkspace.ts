import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The folder the demo opens: a conda environment file and a Dockerfile with a
 * small build context and a .dockerignore, so "Build with Wave" has both kinds
 * of input to work on. Regenerated on every run (edits are not kept).
 */
export const SAMPLE_FILES: Readonly<Record<string, string>> = {
  'environment.yml': [
    'name: rnaseq-qc',
    'channels:',
    '  - conda-forge',
    '  - bioconda',
    'dependencies:',
    '  - fastqc=0.12.1',
    '  - multiqc=1.25',
    '  - samtools=1.21',
    '',
  ].join('\n'),
  Dockerfile: [
    'FROM mambaorg/micromamba:1.5.10-noble',
    'COPY --chown=$MAMBA_USER:$MAMBA_USER environment.yml /tmp/environment.yml',
    'RUN micromamba install -y -n base -f /tmp/environment.yml && micromamba clean -a -y',
    'COPY scripts/ /opt/qc/',
    'ENV PATH=/opt/conda/bin:/opt/qc:$PATH',
    'CMD ["run-qc.sh"]',
    '',
  ].join('\n'),
  // Wave reads .dockerignore as Java globs on whole paths: a folder's files need `/**`.
  '.dockerignore': ['# Kept out of the Wave build context', 'results/**', '*.fastq.gz', '.vscode/**', ''].join('\n'),
  'scripts/run-qc.sh': [
    '#!/usr/bin/env bash',
    '# Quality control of every FASTQ file in the current folder.',
    'set -euo pipefail',
    'mkdir -p results',
    'fastqc --outdir results ./*.fastq.gz',
    'multiqc --outdir results results',
    '',
  ].join('\n'),
  'results/README.txt': 'Outputs of run-qc.sh. Ignored by .dockerignore, so never sent to Wave.\n',
  'DEMO.md': [
    '# Seqera for VS Code: demo workspace',
    '',
    'Everything here talks to the local Seqera Platform + Wave emulator that `npm run demo` started.',
    '',
    '- **Seqera** in the activity bar: workspaces, the Studios of `genomics-core / rnaseq` (one in every state),',
    '  checkpoints under each Studio, and your Wave builds.',
    '- Right-click `environment.yml` or `Dockerfile` in the Explorer and choose **Build with Wave**:',
    '  the build log streams into the *Seqera: Wave builds* output channel. The Dockerfile sends `scripts/` as its build',
    '  context; `results/` stays out because of `.dockerignore`.',
    '- Start or stop a Studio from its context menu; the emulator runs faster than real time, so a start takes',
    '  seconds.',
    '',
  ].join('\n'),
};

export function writeSampleWorkspace(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [name, text] of Object.entries(SAMPLE_FILES)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode: name.endsWith('.sh') ? 0o755 : 0o644 });
  }
}
