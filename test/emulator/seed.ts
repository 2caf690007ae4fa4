import type { EmulatorState } from './state';
import type { StudioStatus, TemplateRec, WorkspaceRec } from './model';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export const TEMPLATES: TemplateRec[] = [
  { repository: 'public.cr.seqera.io/platform/data-studio-vscode:1.93.1-0.8', icon: 'vscode', tool: 'vscode', status: 'recommended' },
  { repository: 'public.cr.seqera.io/platform/data-studio-jupyter:4.2.5-0.8', icon: 'jupyter', tool: 'jupyter', status: 'recommended' },
  { repository: 'public.cr.seqera.io/platform/data-studio-rstudio:4.4.1-u2-0.8', icon: 'rstudio', tool: 'rstudio', status: 'recommended' },
  { repository: 'public.cr.seqera.io/platform/data-studio-xpra:6.2.0-r2-1-0.8', icon: 'xpra', tool: 'xpra', status: 'recommended' },
  { repository: 'public.cr.seqera.io/platform/data-studio-ride:2.5.1-0.8', icon: 'ride', tool: 'ride', status: 'experimental' },
  { repository: 'public.cr.seqera.io/platform/data-studio-vscode:1.83.0-0.7', icon: 'vscode', tool: 'vscode', status: 'deprecated' },
  { repository: 'public.cr.seqera.io/platform/data-studio-jupyter:4.1.5-0.7', icon: 'jupyter', tool: 'jupyter', status: 'deprecated' },
];

const [VSCODE, JUPYTER, RSTUDIO, XPRA] = TEMPLATES.map((t) => t.repository);

const CONDA_RNASEQ = `name: rnaseq-analysis
channels:
  - conda-forge
  - bioconda
dependencies:
  - python=3.11
  - pandas=2.2.2
  - pydeseq2=0.4.10
  - bioconda::salmon=1.10.3
`;

const CONDA_BROKEN = `channels:
  - conda-forge
  - bioconda
dependencies:
  - samtools=1.20
  - scanpy-doesnotexist=9.9
`;

function resources(state: EmulatorState, ws: WorkspaceRec, slug: string): void {
  state.addComputeEnv(ws.id, { name: `aws-batch-eu-west-1`, platform: 'aws-batch', region: 'eu-west-1', primary: true, workDir: `s3://${slug}-work/scratch`, description: 'Default Batch queue (spot)' });
  state.addComputeEnv(ws.id, { name: `aws-batch-eu-west-1-ondemand`, platform: 'aws-batch', region: 'eu-west-1', workDir: `s3://${slug}-work/ondemand`, instanceType: 'r6i.4xlarge' });
  state.addComputeEnv(ws.id, { name: `gcp-batch-us-central1`, platform: 'google-batch', region: 'us-central1', workDir: `gs://${slug}-work`, gpus: 4, instanceType: 'n1-standard-8' });
  state.addComputeEnv(ws.id, { name: `k8s-onprem`, platform: 'k8s-platform', region: 'onprem', status: 'ERRORED', message: 'Unable to connect to the Kubernetes API server', workDir: '/scratch/work' });
  state.credentials.set(`cr-${ws.id}`, { id: state.rng.alnum(22), workspaceId: ws.id, name: 'dockerhub', provider: 'container-reg', registry: 'docker.io', userName: 'labbot', dateCreated: state.clock.now() - 90 * DAY });
  state.credentials.set(`aws-${ws.id}`, { id: state.rng.alnum(22), workspaceId: ws.id, name: 'aws-keys', provider: 'aws', dateCreated: state.clock.now() - 120 * DAY });
  for (const [name, region] of [[`${slug}-raw-data`, 'eu-west-1'], [`${slug}-results`, 'eu-west-1'], [`ngi-igenomes`, 'eu-west-1'], [`${slug}-reference`, 'us-east-1']]) {
    state.addDataLink(ws.id, { name, region, resourceRef: `s3://${name}`, description: name === 'ngi-igenomes' ? 'AWS iGenomes reference data' : '', publicAccessible: name === 'ngi-igenomes' });
  }
}

/**
 * The default account: a main user (`jsmith`) with a personal workspace, two
 * organizations (`genomics-core`, `structural-bio`) with several workspaces,
 * a shared `community` org, an org the user is not in (`acme-pharma`, for 403),
 * Studios in every status, checkpoints by several authors, SSH-enabled Studios.
 */
export function seed(state: EmulatorState, scale: { studios?: number; workspaces?: number } = {}): void {
  state.templates.push(...TEMPLATES.map((t) => ({ ...t })));
  const main = state.addUser({ userName: 'jsmith', email: 'jane.smith@example.org', firstName: 'Jane', lastName: 'Smith', organization: 'Genomics Core Facility' });
  state.mainUserId = main.id;
  state.mainToken = state.addToken(main.id, 'vscode');
  state.addToken(main.id, 'nextflow-cli');
  state.addSshKey(main.id, 'laptop', 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHnSeqeraEmulatorLaptopKey000000000000000000 jsmith@laptop').lastUsed = state.clock.now() - 2 * DAY;
  const rsanchez = state.addUser({ userName: 'rsanchez', email: 'r.sanchez@example.org' });
  const mkowalski = state.addUser({ userName: 'mkowalski', email: 'm.kowalski@example.org' });
  const lchen = state.addUser({ userName: 'lchen', email: 'li.chen@example.org' });
  const outsider = state.addUser({ userName: 'oconnor', email: 'p.oconnor@acme.example' });
  state.addToken(rsanchez.id, 'default');
  state.addToken(outsider.id, 'default');

  const personal = state.personalWorkspace(main.id);
  resources(state, personal, 'jsmith');

  const core = state.addOrg({ name: 'genomics-core', fullName: 'Genomics Core Facility', type: 'pro', location: 'Barcelona', website: 'https://genomics.example.org', description: 'Sequencing and bioinformatics core', logo: true }, [[main.id, 'owner'], [rsanchez.id, 'member'], [mkowalski.id, 'member']]);
  const rnaseq = state.addWorkspace(core.orgId, { name: 'rnaseq', fullName: 'RNA-seq analysis', description: 'Bulk and single-cell RNA-seq' }, [[main.id, 'owner'], [rsanchez.id, 'maintain'], [mkowalski.id, 'launch']]);
  rnaseq.studioContainerRepository = 'cr.example.org/genomics-core/studios';
  for (const [name, value] of [['team', 'genomics'], ['project', 'rnaseq-2026'], ['cost-center', 'cc-1234']]) state.addLabel(rnaseq.id, { name, value, resource: true });
  state.addLabel(rnaseq.id, { name: 'qc' });
  const variants = state.addWorkspace(core.orgId, { name: 'variant-calling', fullName: 'Variant calling', description: 'Germline and somatic variant calling' }, [[main.id, 'admin'], [rsanchez.id, 'maintain']]);
  const singleCell = state.addWorkspace(core.orgId, { name: 'single-cell', fullName: 'Single-cell genomics', lifespanHours: 4 }, [[main.id, 'maintain'], [lchen.id, 'maintain']]);
  const archive = state.addWorkspace(core.orgId, { name: 'archive', fullName: 'Archived projects', visibility: 'SHARED' }, [[main.id, 'view']]);
  const structural = state.addOrg({ name: 'structural-bio', fullName: 'Structural Biology Lab', type: 'academic', location: 'Heidelberg', logo: 'png' }, [[main.id, 'member'], [lchen.id, 'owner']]);
  const cryo = state.addWorkspace(structural.orgId, { name: 'cryo-em', fullName: 'Cryo-EM processing' }, [[main.id, 'maintain'], [lchen.id, 'owner']]);
  const fold = state.addWorkspace(structural.orgId, { name: 'protein-folding', fullName: 'Protein structure prediction' }, [[main.id, 'launch'], [lchen.id, 'owner']]);
  const community = state.addOrg({ name: 'community', fullName: 'Community Showcase', type: 'basic' }, [[main.id, 'member']]);
  const showcase = state.addWorkspace(community.orgId, { name: 'showcase', fullName: 'Community showcase', visibility: 'SHARED' }, [[main.id, 'launch']]);
  const acme = state.addOrg({ name: 'acme-pharma', fullName: 'ACME Pharma', type: 'pro' }, [[outsider.id, 'owner']]);
  const secret = state.addWorkspace(acme.orgId, { name: 'oncology', fullName: 'Oncology pipelines' }, [[outsider.id, 'owner']]);
  const slugs = new Map<WorkspaceRec, string>([[rnaseq, 'gc-rnaseq'], [variants, 'gc-variants'], [singleCell, 'gc-singlecell'], [archive, 'gc-archive'], [cryo, 'sb-cryoem'], [fold, 'sb-folding'], [showcase, 'community-showcase'], [secret, 'acme-oncology']]);
  for (const [ws, slug] of slugs) resources(state, ws, slug);

  const dl = (ws: WorkspaceRec, n: number) => state.dataLinksIn(ws.id).slice(0, n).map((d) => d.id);
  const add = (ws: WorkspaceRec, name: string, status: StudioStatus, image: string, extra: Partial<Parameters<EmulatorState['addStudio']>[0]> = {}) =>
    state.addStudio({ workspaceId: ws.id, name, status, image, ...extra });

  // rnaseq: every status
  const explore = add(rnaseq, 'rnaseq-explore', 'running', VSCODE, { description: 'Exploring DESeq2 results for the liver cohort', configuration: { sshEnabled: true, mountData: dl(rnaseq, 2), cpu: 4, memory: 16384 }, activeConnectionUserIds: [main.id, rsanchez.id], ageMs: 20 * DAY });
  const qc = add(rnaseq, 'qc-notebook', 'stopped', JUPYTER, { description: 'MultiQC deep dive', ageMs: 40 * DAY, userId: rsanchez.id });
  add(rnaseq, 'deseq2-analysis', 'starting', RSTUDIO, { configuration: { mountData: dl(rnaseq, 1), condaEnvironment: undefined }, ageMs: 6 * DAY });
  add(rnaseq, 'salmon-benchmark', 'stopping', VSCODE, { ageMs: 9 * DAY, userId: mkowalski.id });
  add(rnaseq, 'igv-review', 'errored', XPRA, { description: 'IGV session for splice junctions', ageMs: 12 * DAY });
  add(rnaseq, 'custom-env', 'buildFailed', VSCODE, { configuration: { condaEnvironment: CONDA_BROKEN }, ageMs: 2 * DAY });
  add(rnaseq, 'pydeseq2-env', 'building', JUPYTER, { configuration: { condaEnvironment: CONDA_RNASEQ }, ageMs: 1 * DAY });
  add(rnaseq, 'long-running-notebook', 'stopped', JUPYTER, { stopReason: 'LIFESPAN_EXPIRED', statusMessage: 'Lifespan expired', ageMs: 15 * DAY });

  state.addCheckpoint(qc.sessionId, { name: 'initial-qc', authorId: rsanchez.id, ageMs: 30 * DAY });
  state.addCheckpoint(qc.sessionId, { name: 'after-trimming', authorId: main.id, ageMs: 21 * DAY });
  state.addCheckpoint(qc.sessionId, { name: 'multiqc-v2', authorId: rsanchez.id, ageMs: 7 * DAY });
  state.addCheckpoint(qc.sessionId, { name: 'broken-kernel', authorId: mkowalski.id, ageMs: 6 * DAY, status: 'invalid' });
  for (let i = 1; i <= 3; i++) state.addCheckpoint(explore.sessionId, { name: `explore-day-${i}`, authorId: i === 2 ? rsanchez.id : main.id, ageMs: (20 - i * 5) * DAY });

  // other workspaces
  add(variants, 'gatk-debug', 'running', VSCODE, { configuration: { sshEnabled: true }, activeConnectionUserIds: [rsanchez.id], ageMs: 4 * DAY });
  add(variants, 'vcf-stats', 'stopped', RSTUDIO, { ageMs: 18 * DAY });
  add(variants, 'private-scratch', 'stopped', VSCODE, { isPrivate: true, userId: rsanchez.id, ageMs: 3 * DAY });
  add(variants, 'deepvariant-viz', 'stopped', JUPYTER, { ageMs: 25 * DAY, userId: rsanchez.id });
  add(singleCell, 'scanpy-atlas', 'running', JUPYTER, { configuration: { gpu: 1, cpu: 8, memory: 65536, mountData: dl(singleCell, 1) }, activeConnectionUserIds: [lchen.id], ageMs: 2 * DAY, userId: lchen.id });
  add(singleCell, 'seurat-integration', 'stopped', RSTUDIO, { ageMs: 10 * DAY });
  add(archive, 'legacy-analysis', 'stopped', RSTUDIO, { ageMs: 300 * DAY });
  add(cryo, 'chimerax-desktop', 'stopped', XPRA, { ageMs: 8 * DAY, userId: lchen.id });
  add(cryo, 'relion-notebook', 'running', JUPYTER, { configuration: { gpu: 2, cpu: 16, memory: 131072 }, ageMs: 1 * DAY, userId: lchen.id });
  add(fold, 'alphafold-results', 'stopped', JUPYTER, { ageMs: 14 * DAY });
  add(showcase, 'nf-core-demo', 'stopped', VSCODE, { ageMs: 60 * DAY });
  add(secret, 'oncology-private', 'running', VSCODE, { userId: outsider.id, ageMs: 5 * DAY });
  const sandbox = add(personal, 'my-sandbox', 'running', VSCODE, { configuration: { sshEnabled: true }, activeConnectionUserIds: [main.id], ageMs: 5 * DAY });
  add(personal, 'scratch', 'stopped', JUPYTER, { ageMs: 50 * DAY });
  state.addCheckpoint(sandbox.sessionId, { name: 'sandbox-start', ageMs: 4 * DAY });

  state.launches.set('4nZ7pBo3x9r2LkTqW1sY8a', {
    id: '4nZ7pBo3x9r2LkTqW1sY8a', workspaceId: rnaseq.id, pipeline: 'https://github.com/nf-core/rnaseq', revision: '3.14.0',
    computeEnvId: state.computeEnvsIn(rnaseq.id)[0].id, workDir: 's3://gc-rnaseq-work/scratch', configProfiles: ['test'],
    paramsText: '{"outdir": "s3://gc-rnaseq-results/run-42"}', dateCreated: state.clock.now() - 3 * DAY,
  });

  generateScale(state, scale, core.orgId, [rsanchez.id, mkowalski.id, lchen.id]);
}

/** Extra generated workspaces/Studios for benchmarks (`--workspaces N --studios N`). */
function generateScale(state: EmulatorState, scale: { studios?: number; workspaces?: number }, orgId: number, others: number[]): void {
  const extraWs = Math.max(0, scale.workspaces ?? 0);
  const extraStudios = Math.max(0, scale.studios ?? 0);
  if (!extraWs && !extraStudios) return;
  const main = state.mainUserId;
  const spaces: WorkspaceRec[] = [];
  const bulk = extraWs > 0 ? state.addOrg({ name: 'bench-org', fullName: 'Benchmark Organization', type: 'pro' }, [[main, 'owner']]) : undefined;
  for (let i = 0; i < extraWs; i++) {
    const ws = state.addWorkspace(bulk!.orgId, { name: `project-${String(i + 1).padStart(3, '0')}`, fullName: `Project ${i + 1}` }, [[main, 'maintain']]);
    state.addComputeEnv(ws.id, { name: 'aws-batch', primary: true, workDir: `s3://bench-${i + 1}/work` });
    state.addDataLink(ws.id, { name: `bench-${i + 1}-data` });
    spaces.push(ws);
  }
  if (!spaces.length) spaces.push(...[...state.workspaces.values()].filter((w) => w.orgId === orgId));
  const statuses: StudioStatus[] = ['stopped', 'stopped', 'stopped', 'running', 'running', 'errored', 'starting', 'stopping', 'buildFailed'];
  for (let i = 0; i < extraStudios; i++) {
    const ws = spaces[i % spaces.length];
    const status = state.rng.pick(statuses);
    state.addStudio({
      workspaceId: ws.id, name: `studio-${String(i + 1).padStart(5, '0')}`, status, image: state.rng.pick(TEMPLATES.slice(0, 4)).repository,
      userId: state.rng.next() < 0.6 ? main : state.rng.pick(others), ageMs: state.rng.int(1, 400) * HOUR,
      configuration: { sshEnabled: state.rng.next() < 0.2 ? true : null },
    });
  }
}
