import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SeqeraTestRig } from '../../src/testing/testRig';
import { startEmulator, type Emulator } from '../emulator';
import { activateExtension } from './extension';
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
  let api: SeqeraTestRig;
  let emu: Emulator;
  let ui: ScriptedUi;
  let originalUi: SeqeraTestRig['studios']['ui'];
  const logErrors: string[] = [];
  let tap: vscode.Disposable | undefined;
  let rnaseqId: number;
  let wsRoot: string;
  const madeFiles: string[] = [];

  const studios = () => api.studios;
  const store = () => api.studios.store;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seqera');
  const errorsOf = (command: string): string[] => logErrors.filter((l) => l.startsWith(`${command}:`));
  const requests = (method: string, p: RegExp) => emu.requests.filter((r) => r.method === method && p.test(r.path));
  const create = () => vscode.commands.executeCommand<{ sessionId: string; name: string } | undefined>('seqera.studios.create');

  function writeFile(rel: string, text: string): vscode.Uri {
    const file = path.join(wsRoot, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    madeFiles.push(file);
    return vscode.Uri.file(file);
  }

  before(async () => {
    api = await activateExtension();
    tap = api.services.log.onDidWrite((line) => {
      if (line.level === 'error') logErrors.push(line.text);
    });
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(root, 'the test window has a workspace folder');
    wsRoot = root;
    emu = await startEmulator({ seed: 16 });
    await config().update('platformUrl', emu.platformUrl, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', emu.waveUrl, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await api.session.signIn(emu.token);
    await api.workspaces.load();
    originalUi = studios().ui;
    const ws = emu.state.workspace('genomics-core', 'rnaseq');
    rnaseqId = ws.id;
    await api.workspaces.setActive({ workspaceId: ws.id, orgId: ws.orgId, orgName: 'genomics-core', workspaceName: 'rnaseq', fullName: 'genomics-core / rnaseq' });
    await store().refresh('all', 'manual');
  });

  beforeEach(() => {
    ui = new ScriptedUi();
    studios().ui = ui;
    logErrors.length = 0;
    emu.clearRequests();
  });

  afterEach(() => {
    emu.faults.clear();
    assert.deepEqual(ui.unexpected, [], 'every prompt was scripted');
  });

  after(async () => {
    tap?.dispose();
    for (const f of madeFiles) fs.rmSync(f, { force: true });
    if (!api) return;
    studios().ui = originalUi;
    await api.session.signOut();
    await config().update('platformUrl', undefined, vscode.ConfigurationTarget.Global);
    await config().update('waveUrl', undefined, vscode.ConfigurationTarget.Global);
    await api.session.reload();
    await emu?.stop();
  });

  it('#17.6 lists templates by their real names, the recommended ones marked and first', async () => {
    ui.picks.push(() => undefined);
    await create();
    const labels = ui.shownPicks[0].labels;
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
    ui.picks.push(byLabel(/JupyterLab 4\.2\.5/), first);
    ui.inputs.push((options) => {
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
    emu.faults.add({ server: 'platform', method: 'GET', path: '/studios/validate', kind: 'status', status: 400, count: 1 });
    let refused: string | undefined;
    let other: string | undefined;
    ui.picks.push(byLabel(/JupyterLab 4\.2\.5/), first);
    ui.inputs.push('it-refused', (options) => {
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
    assert.doesNotMatch(String(ui.shownInputs[1].prompt), /refused/);
  });

  it('#17.6 a summary of every answer comes before Create and Start; dismissing it sends nothing', async () => {
    const link = emu.state.dataLinksIn(rnaseqId)[0];
    assert.ok(link);
    ui.condaFiles = [{ label: 'envs/environment.yml', text: 'name: it\nchannels:\n  - conda-forge\ndependencies:\n  - numpy=1.26\n  - pandas\n' }];
    ui.picks.push(byLabel(/VS Code 1\.93\.1/), byLabel(/^aws-batch-eu-west-1$/), byLabel(/4 CPU/), byLabel(/environment\.yml/));
    ui.inputs.push('it-summary');
    ui.pickManys.push((items) => items.filter((i) => i.label === link.name));
    ui.chooseAnswers.push(undefined);
    const result = await create();
    assert.equal(result, undefined);
    assert.equal(requests('POST', /\/api\/studios$/).length, 0, 'nothing is created before the summary is answered');
    assert.equal(ui.shownChooses.length, 1);
    const summary = ui.shownChooses[0];
    assert.equal(summary.message, 'Create Studio "it-summary" in genomics-core / rnaseq?');
    assert.deepEqual(summary.actions, ['Create and Start', 'Create Only']);
    assert.deepEqual(summary.detail.split('\n'), [
      'Template: VS Code 1.93.1 (public.cr.seqera.io/platform/data-studio-vscode:1.93.1-0.8)',
      'Compute environment: aws-batch-eu-west-1 · aws-batch · eu-west-1',
      'Resources: 4 CPU · 16 GiB',
      'Lifespan: the workspace default',
      'Conda environment: envs/environment.yml (2 packages, built by Wave when the Studio starts)',
      `Data links: ${link.name}`,
    ]);
  });

  it('#17.6 with no conda environment file open, the conda step offers to pick one, and uses it', async () => {
    const text = 'channels:\n  - bioconda\ndependencies:\n  - samtools=1.19\n';
    const file = writeFile('picked/analysis-env.yaml', text);
    ui.picks.push(byLabel(/RStudio 4\.4\.1/), first, first, byLabel(/Pick a conda environment file/));
    ui.filePicks.push(file);
    ui.inputs.push('it-picked-conda');
    ui.pickManys.push(() => []);
    ui.chooseAnswers.push('Create Only');
    const created = await create();
    assert.equal(created?.name, 'it-picked-conda');
    const condaStep = ui.shownPicks[3];
    assert.match(String(condaStep.options.placeHolder), /No conda environment file is open/);
    assert.deepEqual(condaStep.labels, ['No conda environment', 'Pick a conda environment file…']);
    assert.match(ui.shownChooses[0].detail, /Conda environment: picked\/analysis-env\.yaml \(1 package,/);
    const body = requests('POST', /\/api\/studios$/)[0].body as { configuration: { condaEnvironment?: string } };
    assert.equal(body.configuration.condaEnvironment, text);
    assert.equal(emu.state.studioByName('it-picked-conda').configuration.condaEnvironment, text);
  });

  it('#17.6 a picked file that is not a valid conda environment is refused with its line, and nothing is created', async () => {
    const file = writeFile('picked/broken.yml', 'dependencies:\n  - numpy\n  - [pandas\n');
    ui.picks.push(byLabel(/RStudio 4\.4\.1/), first, first, byLabel(/Pick a conda environment file/));
    ui.filePicks.push(file);
    ui.inputs.push('it-broken-conda');
    await create();
    const errors = errorsOf('seqera.studios.create');
    assert.equal(errors.length, 1, errors.join('\n'));
    assert.match(errors[0], /picked\/broken\.yml:\d+:\d+: invalid YAML/);
    assert.equal(requests('POST', /\/api\/studios$/).length, 0);
  });
});
