import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { useEmulatorSession } from './helpers/emulatorSession';
import { byLabel, first, ScriptedUi } from './helpers/scriptedUi';

/**
 * Create Studio in a real VS Code against the emulator (#17.6, #16.4): the
 * naming rule, the summary before anything is sent, the conda step with no
 * file open, the templates' names. Prompts are answered by a ScriptedUi;
 * error messages are read from the log, where the command wrapper writes each
 * one it shows.
 */
describe('Create Studio (integration)', function () {
  this.timeout(120_000);
  const logErrors: string[] = [];
  let tap: vscode.Disposable | undefined;
  let wsRoot: string;
  const madeFiles: string[] = [];
  /** The repositories' .seqera folders, removed at the end so later suites' workspace searches (environment.yaml) do not meet them. */
  const madeConfigs: string[] = [];
  const { api, emu, ui, requests, workspaceId: rnaseqId } = useEmulatorSession({
    seed: 16,
    start: 'signedIn',
    workspace: ['genomics-core', 'rnaseq'],
    studiosUi: () => new ScriptedUi(),
    prepare: () => {
      tap = api().services.log.onDidWrite((line) => {
        if (line.level === 'error') logErrors.push(line.text);
      });
      const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      assert.ok(root, 'the test window has a workspace folder');
      wsRoot = root;
    },
  });

  /** A real git repository below the workspace folder, on `branch`, with `origin` at `remote` and these files committed. */
  function makeRepo(dirName: string, remote: string, branch: string, files: Record<string, string>): string {
    // Left in place (the harness deletes the test workspace): VS Code's git extension keeps the repository open,
    // and deleting it under the extension makes its next `git` call fail with ENOENT (an unhandled rejection there).
    const dir = path.join(wsRoot, dirName);
    fs.mkdirSync(dir, { recursive: true });
    madeConfigs.push(path.join(dir, '.seqera'));
    const env = { ...process.env, GIT_AUTHOR_NAME: 'it', GIT_AUTHOR_EMAIL: 'it@example.org', GIT_COMMITTER_NAME: 'it', GIT_COMMITTER_EMAIL: 'it@example.org' };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env });
    git('init', '-q', '-b', branch);
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    git('add', '.');
    git('commit', '-q', '-m', 'studio');
    git('remote', 'add', 'origin', remote);
    return dir;
  }

  /** Opens a file of the repository, as a user working in it has: Create Studio looks at the active editor's repository first. */
  async function workIn(dir: string): Promise<void> {
    await vscode.window.showTextDocument(vscode.Uri.file(path.join(dir, 'README.md')));
  }

  const errorsOf = (command: string): string[] => logErrors.filter((l) => l.startsWith(`${command}:`));
  const create = () => vscode.commands.executeCommand<{ sessionId: string; name: string } | undefined>('seqera.studios.create');

  function writeFile(rel: string, text: string): vscode.Uri {
    const file = path.join(wsRoot, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    madeFiles.push(file);
    return vscode.Uri.file(file);
  }

  beforeEach(() => {
    logErrors.length = 0;
    emu().clearRequests();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    emu().faults.clear();
  });

  after(() => {
    tap?.dispose();
    for (const f of [...madeFiles, ...madeConfigs]) fs.rmSync(f, { recursive: true, force: true });
  });

  it('#17.6 lists templates by their real names, the recommended ones marked and first', async () => {
    ui().picks.push(() => undefined);
    await create();
    const labels = ui().shownPicks[0].labels;
    // The emulator's template list (test/emulator/seed.ts), recommended ones first as the README says.
    assert.deepEqual(labels, [
      '$(star-full) VS Code 1.93.1',
      '$(star-full) JupyterLab 4.2.5',
      '$(star-full) RStudio 4.4.1',
      '$(star-full) Xpra 6.2.0',
      'RIDE 2.5.1',
      'VS Code 1.83.0',
      'JupyterLab 4.1.5',
      'Custom container image…',
    ]);
    assert.ok(!labels.some((l) => /^(vscode|jupyter)$/.test(l)));
  });

  it('#17.6 an invalid name states the naming rule as it is typed, without asking the Platform', async () => {
    let shown: string | undefined;
    let startMessage: string | undefined;
    ui().picks.push(byLabel(/JupyterLab 4\.2\.5/), first);
    ui().inputs.push((options) => {
      shown = options.validate?.('my/studio!') as string | undefined;
      startMessage = options.validate?.('-draft') as string | undefined;
      return undefined; // cancel
    });
    await create();
    assert.equal(
      shown,
      '"/", "!" cannot be used in a name. A Studio name has 1 to 80 characters: letters, digits, spaces, ".", "-" and "_", and starts with a letter or digit.',
    );
    assert.match(String(startMessage), /^A name cannot start with "-"\. A Studio name has 1 to 80 characters/);
    assert.equal(requests('GET', /\/api\/studios\/validate$/).length, 0, 'the rule is checked here, not by the Platform');
  });

  it('#17.6 a name the Platform refuses says so once, in one sentence, and clears when another name is typed', async () => {
    emu().faults.add({ server: 'platform', method: 'GET', path: '/studios/validate', kind: 'status', status: 400, count: 1 });
    let refused: string | undefined;
    let other: string | undefined;
    ui().picks.push(byLabel(/JupyterLab 4\.2\.5/), first);
    ui().inputs.push('it-refused', (options) => {
      refused = options.validate?.('it-refused') as string | undefined;
      other = options.validate?.('it-refused-2') as string | undefined;
      return undefined;
    });
    await create();
    assert.equal(
      refused,
      'The Platform refused "it-refused" as a Studio name: Bad Request. A Studio name has 1 to 80 characters: letters, digits, spaces, ".", "-" and "_", and starts with a letter or digit.',
    );
    assert.doesNotMatch(String(refused), /\.\)|\)\.|\.\./, 'no doubled punctuation');
    assert.equal(other, undefined, 'another name has no message');
    assert.doesNotMatch(String(ui().shownInputs[1].prompt), /refused/);
  });

  it('#17.6 a summary of every answer comes before Create and Start; dismissing it sends nothing', async () => {
    const link = emu().state.dataLinksIn(rnaseqId())[0];
    assert.ok(link);
    ui().condaFiles = [{ label: 'envs/environment.yml', text: 'name: it\nchannels:\n  - conda-forge\ndependencies:\n  - numpy=1.26\n  - pandas\n' }];
    ui().picks.push(byLabel(/VS Code 1\.93\.1/), byLabel(/^aws-batch-eu-west-1$/), byLabel(/4 CPU/), byLabel(/environment\.yml/));
    ui().inputs.push('it-summary');
    ui().pickManys.push((items) => items.filter((i) => i.label === link.name));
    ui().chooseAnswers.push(undefined);
    const result = await create();
    assert.equal(result, undefined);
    assert.equal(requests('POST', /\/api\/studios$/).length, 0, 'nothing is created before the summary is answered');
    assert.equal(ui().shownChooses.length, 1);
    const summary = ui().shownChooses[0];
    assert.equal(summary.message, 'Create Studio "it-summary" in genomics-core / rnaseq?');
    assert.deepEqual(summary.actions, ['Create and Start', 'Create Only', 'More Options…']);
    assert.deepEqual(summary.detail.split('\n'), [
      'Template: VS Code 1.93.1 (public.cr.seqera.io/platform/data-studio-vscode:1.93.1-0.8)',
      'Compute environment: aws-batch-eu-west-1 · aws-batch · eu-west-1',
      'Resources: 4 CPU · 16 GiB',
      'Lifespan: the workspace default',
      'Conda environment: envs/environment.yml (2 packages, built by Wave when the Studio starts)',
      `Data links: ${link.name}`,
      'Environment variables: none',
      'Resource labels: none',
      'Private: no, every workspace user with the launch role or above can connect',
    ]);
  });

  it('#17.6 with no conda environment file open, the conda step offers to pick one, and uses it', async () => {
    const text = 'channels:\n  - bioconda\ndependencies:\n  - samtools=1.19\n';
    const file = writeFile('picked/analysis-env.yaml', text);
    ui().picks.push(byLabel(/RStudio 4\.4\.1/), first, first, byLabel(/Pick a conda environment file/));
    ui().filePicks.push(file);
    ui().inputs.push('it-picked-conda');
    ui().pickManys.push(() => []);
    ui().chooseAnswers.push('Create Only');
    const created = await create();
    assert.equal(created?.name, 'it-picked-conda');
    const condaStep = ui().shownPicks[3];
    assert.match(String(condaStep.options.placeHolder), /No conda environment file is open/);
    assert.deepEqual(condaStep.labels, ['No conda environment', 'Pick a conda environment file…']);
    assert.match(ui().shownChooses[0].detail, /Conda environment: picked\/analysis-env\.yaml \(1 package,/);
    const body = requests('POST', /\/api\/studios$/)[0].body as { configuration: { condaEnvironment?: string } };
    assert.equal(body.configuration.condaEnvironment, text);
    assert.equal(emu().state.studioByName('it-picked-conda').configuration.condaEnvironment, text);
  });

  it('#17.6 a picked file that is not a valid conda environment is refused with its line, and nothing is created', async () => {
    const file = writeFile('picked/broken.yml', 'dependencies:\n  - numpy\n  - [pandas\n');
    ui().picks.push(byLabel(/RStudio 4\.4\.1/), first, first, byLabel(/Pick a conda environment file/));
    ui().filePicks.push(file);
    ui().inputs.push('it-broken-conda');
    await create();
    const errors = errorsOf('seqera.studios.create');
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /picked\/broken\.yml:\d+:\d+: invalid YAML/);
    assert.equal(requests('POST', /\/api\/studios$/).length, 0);
  });

  const VSCODE_IMAGE = 'public.cr.seqera.io/platform/data-studio-vscode:1.93.1-0.8';
  const CONFIG = [
    'schemaVersion: "0.0.1"',
    'kind: "studio-config"',
    'session:',
    '  name: "rnaseq-explorer-2"',
    '  description: "Explore the RNA-seq results"',
    '  template:',
    '    kind: "registry"',
    `    registry: "${VSCODE_IMAGE}"`,
    '  dependencies:',
    '    condaEnvironmentFile: "environment.yaml"',
    '  computeRequirements:',
    '    awsBatch:',
    '      cpu: 4',
    '      memory: 16384',
    '  environmentVariables:',
    '    - name: GENOME',
    '      value: GRCh38',
    '    - name: THREADS',
    '      value: 8',
    '  management:',
    '    lifespanHours: 6',
    '    isPrivate: true',
    '',
  ].join('\n');
  const ENV_YAML = 'channels:\n  - conda-forge\n  - bioconda\ndependencies:\n  - scanpy=1.10.1\n  - anndata\n';

  it('#16.4 from this Git repository: the SSH remote as https, the branch, and what .seqera/studio-config.yaml defines', async () => {
    const dir = makeRepo('it-repo', 'git@github.com:genomics-core/rnaseq-explorer.git', 'analysis-v2', {
      'README.md': '# explorer\n',
      '.seqera/studio-config.yaml': CONFIG,
      '.seqera/environment.yaml': ENV_YAML,
    });
    await workIn(dir);
    const rsanchez = [...emu().state.users.values()].find((u) => u.userName === 'rsanchez');
    assert.ok(rsanchez);
    const team = emu().state.labelsIn(rnaseqId()).find((l) => l.name === 'team');
    assert.ok(team);
    let proposed: string | undefined;
    const envPrompts: (string | undefined)[] = [];
    ui().picks.push(byLabel(/From this Git repository/), byLabel(/^aws-batch-eu-west-1$/), first);
    ui().inputs.push(
      (o) => (proposed = o.value), // the configuration's name, kept
      (o) => (envPrompts.push(o.value), o.value), // GENOME=GRCh38, kept
      (o) => (envPrompts.push(o.value), o.value), // THREADS=8, kept
      'EXTRA_OPTS=--fast',
      '',
      'owner=jsmith',
    );
    ui().pickManys.push(
      () => [], // data links
      (items) => items.filter((i) => i.picked || /Resource labels/.test(i.label)), // options: keep env + private, add labels
      (items) => items.filter((i) => i.label === 'team=genomics' || /New label/.test(i.label)),
      (items) => items.filter((i) => i.label === 'rsanchez'),
    );
    ui().chooseAnswers.push('More Options…', 'Create Only');
    const created = await create();
    assert.deepEqual(errorsOf('seqera.studios.create'), []);
    assert.equal(created?.name, 'rnaseq-explorer-2');
    assert.equal(proposed, 'rnaseq-explorer-2');
    assert.deepEqual(envPrompts, ['GENOME=GRCh38', 'THREADS=8']);
    const firstPick = ui().shownPicks[0];
    assert.equal(firstPick.labels[0], '$(repo) From this Git repository');
    assert.equal(ui().shownPicks[2].labels[0], '4 CPU · 16 GiB · 6 h lifespan', 'the configuration\'s awsBatch resources and lifespan are offered first');
    assert.ok(!ui().shownPicks.some((p) => p.labels.includes('Pick a conda environment file…')), 'the configuration names the conda environment: no conda step');
    const options = ui().shownPicks.find((p) => p.labels.includes('Resource labels'));
    assert.ok(options);
    assert.deepEqual(options.labels, ['Environment variables', 'Resource labels', 'Private'], 'no spot on an AWS Batch compute environment');

    const summary = ui().shownChooses[1].detail.split('\n');
    assert.ok(summary.includes('Repository: https://github.com/genomics-core/rnaseq-explorer at analysis-v2'), summary.join('\n'));
    assert.ok(summary.includes('Cloned into the Studio at /workspace'));
    assert.ok(summary.includes('Conda environment: .seqera/environment.yaml (2 packages, built by Wave when the Studio starts)'));
    assert.ok(summary.includes('Environment variables: GENOME, THREADS, EXTRA_OPTS'));
    assert.ok(summary.includes('Resource labels: team=genomics, owner=jsmith'));
    assert.ok(summary.includes('Private: yes, only you and rsanchez can connect'));
    assert.ok(summary.includes('Branch analysis-v2 was never pushed: the Platform clones what origin has, so push it first.'));

    const posts = requests('POST', /\/api\/studios$/);
    assert.equal(posts.length, 1);
    const body = posts[0].body as Record<string, unknown> & { configuration: Record<string, unknown> };
    assert.deepEqual(body.remoteConfig, { repository: 'https://github.com/genomics-core/rnaseq-explorer', revision: 'analysis-v2' });
    assert.equal(body.dataStudioToolUrl, VSCODE_IMAGE);
    assert.equal(body.description, 'Explore the RNA-seq results');
    assert.equal(body.configuration.cpu, 4);
    assert.equal(body.configuration.memory, 16384);
    assert.equal(body.configuration.lifespanHours, 6);
    assert.equal(body.configuration.condaEnvironment, ENV_YAML);
    assert.deepEqual(body.configuration.environment, { GENOME: 'GRCh38', THREADS: '8', EXTRA_OPTS: '--fast' });
    assert.equal(body.isPrivate, true);
    assert.deepEqual(body.allowedUserIds, [rsanchez.id]);
    const owner = emu().state.labelsIn(rnaseqId()).find((l) => l.name === 'owner' && l.value === 'jsmith');
    assert.ok(owner, 'the new label was created with POST /labels');
    assert.deepEqual(body.labelIds, [team.id, owner.id]);
    const rec = emu().state.studioByName('rnaseq-explorer-2', rnaseqId());
    assert.deepEqual(rec.remoteConfig, { repository: 'https://github.com/genomics-core/rnaseq-explorer', revision: 'analysis-v2', commitId: null });
    assert.deepEqual(rec.allowedUserIds, [rsanchez.id]);
    assert.equal(rec.spot, undefined);
  });

  it('#16.4 on a cloud compute environment spot is offered, and sent when chosen', async () => {
    const vm = emu().state.addComputeEnv(rnaseqId(), { name: 'it-aws-cloud', platform: 'aws-cloud', region: 'eu-west-1', status: 'AVAILABLE' });
    ui().picks.push(byLabel(/JupyterLab 4\.2\.5/), byLabel(/^it-aws-cloud$/), first, byLabel(/No conda environment/));
    ui().inputs.push('it-spot');
    ui().pickManys.push(() => [], (items) => items.filter((i) => i.label === 'Spot instance'));
    ui().chooseAnswers.push('More Options…', 'Create Only');
    await create();
    assert.deepEqual(errorsOf('seqera.studios.create'), []);
    assert.match(ui().shownChooses[1].detail, /Spot instance: yes/);
    const body = requests('POST', /\/api\/studios$/)[0].body as { spot?: boolean; computeEnvId: string; isPrivate?: boolean };
    assert.equal(body.computeEnvId, vm.id);
    assert.equal(body.spot, true);
    assert.equal(body.isPrivate, false);
    assert.equal(emu().state.studioByName('it-spot', rnaseqId()).spot, true);
  });

  it('#16.4 a studio-config.yaml with a mistake is refused with its file and line, and nothing is sent', async () => {
    const dir = makeRepo('it-bad-repo', 'https://github.com/genomics-core/bad.git', 'main', {
      'README.md': '# bad\n',
      '.seqera/studio-config.yaml': 'schemaVersion: "0.0.1"\nkind: "studio-config"\nsession:\n  template:\n    kind: docker\n',
    });
    await workIn(dir);
    ui().picks.push(byLabel(/From this Git repository/));
    await create();
    assert.deepEqual(errorsOf('seqera.studios.create').map((e) => e.replace(/^seqera\.studios\.create: /, '')), [
      '.seqera/studio-config.yaml:5:11: session.template.kind must be registry, dockerfile or none, not "docker".',
    ]);
    assert.equal(requests('POST', /\/api\/studios$/).length, 0);
  });

  it('#16.4 a repository without .seqera/studio-config.yaml asks for a template and still clones the repository', async () => {
    const dir = makeRepo('it-plain-repo', 'ssh://git@gitlab.example.org:2222/lab/notebooks.git', 'main', { 'README.md': '# plain\n' });
    await workIn(dir);
    ui().picks.push(byLabel(/From this Git repository/), byLabel(/RStudio 4\.4\.1/), first, first, byLabel(/No conda environment/));
    ui().inputs.push('it-plain-repo');
    ui().pickManys.push(() => []);
    ui().chooseAnswers.push('Create Only');
    await create();
    assert.deepEqual(errorsOf('seqera.studios.create'), []);
    assert.match(ui().shownPicks[0].labels.join('|'), /From this Git repository/);
    assert.equal(ui().shownPicks[0].labels.length, 9);
    const body = requests('POST', /\/api\/studios$/)[0].body as { remoteConfig?: unknown; dataStudioToolUrl?: string };
    assert.deepEqual(body.remoteConfig, { repository: 'https://gitlab.example.org/lab/notebooks', revision: 'main' });
    assert.match(String(body.dataStudioToolUrl), /data-studio-rstudio/);
    assert.match(ui().shownChooses[0].detail, /Studio configuration: none/);
  });
});
