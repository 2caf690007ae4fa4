import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Studio } from '../../src/platform/studioTypes';
import type { ReportedError } from '../../src/ui/commandRegistry';
import { useEmulatorSession } from './helpers/emulatorSession';
import { byLabel, ScriptedUi } from './helpers/scriptedUi';

/**
 * Edit Studio… (#16.3) in a real VS Code against the emulator: the menu of
 * fields with the Platform's current values, each field edited, a summary,
 * one PUT /studios/{id}; moving to a compatible compute environment; the
 * refusals (a Studio that is not stopped, a taken name, bad automation input).
 */
describe('Studio edit (integration)', function () {
  this.timeout(120_000);
  const { api, emu, ui, requests, workspaceId: rnaseqId } = useEmulatorSession({
    seed: 163,
    start: 'signedIn',
    settings: { 'studios.refreshInterval': 0 },
    workspace: ['genomics-core', 'rnaseq'],
    studiosUi: () => new ScriptedUi(),
  });

  const studios = () => api().studios;
  const store = () => api().studios.store;
  const edit = (sessionId: string, edits?: unknown) => vscode.commands.executeCommand<Studio | undefined>('seqera.studios.edit', { sessionId }, edits);
  const SAVE = /Save Changes/;
  const MENU = /^Choose a field to change/;

  async function errorsOf(run: () => Thenable<unknown>): Promise<ReportedError[]> {
    const seen: ReportedError[] = [];
    const sub = api().onDidReportError((e) => seen.push(e));
    try {
      await run();
    } finally {
      sub.dispose();
    }
    return seen;
  }

  beforeEach(() => {
    emu().clearRequests();
  });

  it('edits a stopped Studio from a menu of its current values, shows a summary, sends one PUT and redraws the Studio', async () => {
    const [dl1, dl2] = emu().state.dataLinksIn(rnaseqId());
    const rec = emu().state.addStudio({
      workspaceId: rnaseqId(),
      name: 'edit-me',
      description: 'before',
      configuration: { cpu: 2, memory: 8192, gpu: 0, lifespanHours: 4, mountData: [dl1.id] },
    });
    const ce = emu().state.computeEnvs.get(rec.computeEnvId)!;
    await store().refresh('all', 'manual');
    const conda = 'channels:\n  - conda-forge\n  - bioconda\ndependencies:\n  - samtools=1.19\n';
    ui().condaFiles = [{ label: 'environment.yml', text: conda }];
    ui().picks.push(byLabel(/^Name$/));
    ui().inputs.push('edit-me-2');
    ui().picks.push(byLabel(/^CPUs$/));
    ui().inputs.push('8');
    ui().picks.push(byLabel(/^Memory$/));
    ui().inputs.push('32');
    ui().picks.push(byLabel(/^Lifespan$/));
    ui().inputs.push('6');
    ui().picks.push(byLabel(/^Conda environment$/), byLabel(/^environment\.yml$/));
    ui().picks.push(byLabel(/^Mounted data$/));
    ui().pickManys.push((items) => {
      assert.deepEqual(items.filter((i) => i.picked).map((i) => i.label), [dl1.name], 'the mounted link is preselected');
      return items.filter((i) => i.label === dl2.name);
    });
    ui().picks.push(byLabel(/^SSH$/), byLabel(/^Enabled$/));
    ui().picks.push(byLabel(SAVE));
    ui().confirms.push(true);

    const result = await edit(rec.sessionId);

    const menus = ui().shownPicks.filter((p) => MENU.test(p.options.placeHolder ?? ''));
    assert.ok(menus.every((m) => m.options.title === 'Edit Studio edit-me'));
    assert.equal(menus.length, 8, 'the menu comes back after each field, then Save');
    const first = menus[0];
    assert.deepEqual(first.labels, ['Name', 'Description', 'CPUs', 'Memory', 'GPUs', 'Lifespan', 'Conda environment', 'Mounted data', 'SSH', 'Compute environment', 'Private, spot instances']);
    assert.deepEqual(first.descriptions, ['edit-me', 'before', '2', '8 GiB', '0', '4 h', 'none', dl1.name, 'disabled', `${ce.name} · ${ce.platform}, ${ce.region}`, 'set when a Studio is created']);
    assert.equal(menus[1].labels[0], '$(check) Save Changes…', 'Save appears once something changed');
    assert.deepEqual(ui().shownConfirms, ['Save changes to Studio edit-me?']);
    assert.deepEqual(ui().shownConfirmDetails[0].split('\n'), [
      'Name: edit-me → edit-me-2',
      'CPUs: 2 → 8',
      'Memory: 8 GiB → 32 GiB',
      'Lifespan: 4 h → 6 h',
      'Conda environment: none → 5 lines',
      `Mounted data: ${dl1.name} → ${dl2.name}`,
      'SSH: disabled → enabled',
    ]);

    const puts = requests('PUT', /^\/api\/studios\/[0-9a-f]+$/);
    assert.equal(puts.length, 1, 'one PUT');
    assert.equal(puts[0].path, `/api/studios/${rec.sessionId}`);
    const body = puts[0].body as { name?: string; configuration?: Record<string, unknown> };
    assert.equal(body.name, 'edit-me-2');
    assert.deepEqual(
      [body.configuration?.cpu, body.configuration?.memory, body.configuration?.gpu, body.configuration?.lifespanHours, body.configuration?.condaEnvironment, body.configuration?.sshEnabled],
      [8, 32768, 0, 6, conda, true],
    );
    assert.deepEqual(body.configuration?.mountDataV2, [{ dataLinkId: dl2.id }]);
    assert.equal(requests('GET', /^\/api\/studios\/validate$/).length, 1, 'the new name was checked once');

    assert.deepEqual(
      [rec.name, rec.configuration.cpu, rec.configuration.memory, rec.configuration.lifespanHours, rec.configuration.condaEnvironment, rec.configuration.sshEnabled, rec.configuration.mountData],
      ['edit-me-2', 8, 32768, 6, conda, true, [dl2.id]],
      'the Platform has the changes',
    );
    assert.equal(result?.name, 'edit-me-2');
    const provider = studios().provider;
    const node = provider.nodeFor(rec.sessionId);
    const item = provider.getTreeItem(node);
    assert.equal(item.label, 'edit-me-2', 'the tree shows the new name');
    const tip = (provider.resolveTreeItem(item, node).tooltip as vscode.MarkdownString).value;
    assert.match(tip, /Resources: 8 CPU, 32 GiB/);
    assert.ok(requests('GET', new RegExp(`^/api/studios/${rec.sessionId}$`)).length >= 2, 'read before the menu, refreshed after the save');
    assert.deepEqual(ui().infos, ['Saved Studio edit-me-2: Name, CPUs, Memory, Lifespan, Conda environment, Mounted data, SSH.']);
  });

  it('moves a stopped Studio to a compatible compute environment listed by GET /studios/{id}/compatible-ce', async () => {
    const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'edit-ce' });
    const cur = emu().state.computeEnvs.get(rec.computeEnvId)!;
    const target = emu().state.computeEnvsIn(rnaseqId()).find((c) => c.name === 'aws-batch-eu-west-1-ondemand')!;
    assert.equal(cur.name, 'aws-batch-eu-west-1');
    await store().refresh('all', 'manual');
    ui().picks.push(byLabel(/^Compute environment$/), byLabel(/ondemand/), byLabel(SAVE));
    ui().confirms.push(true);

    await edit(rec.sessionId);

    const cePick = ui().shownPicks[1];
    assert.deepEqual([...cePick.labels].sort(), ['aws-batch-eu-west-1', 'aws-batch-eu-west-1-ondemand'], 'only the compatible ones (same platform and region), not the Google or errored ones');
    assert.match(cePick.descriptions[cePick.labels.indexOf('aws-batch-eu-west-1')] ?? '', /current/);
    assert.equal(requests('GET', /\/compatible-ce$/).length, 1);
    assert.equal(requests('GET', /\/compatible-ce$/)[0].query.attributes, 'resources');
    assert.deepEqual(requests('PUT', /^\/api\/studios\/[0-9a-f]+$/).map((r) => r.body), [{ computeEnvId: target.id }]);
    assert.equal(rec.computeEnvId, target.id);
    assert.equal(store().get(rec.sessionId)?.computeEnv?.name, 'aws-batch-eu-west-1-ondemand');
    assert.match(ui().shownConfirmDetails[0], /^Compute environment: aws-batch-eu-west-1 · aws-batch, eu-west-1 → aws-batch-eu-west-1-ondemand · aws-batch, eu-west-1$/);
  });

  it('refuses a running or stopping Studio with what to do, and sends no PUT', async () => {
    const running = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'edit-running', status: 'running' });
    const stopping = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'edit-stopping', status: 'stopping' });
    await store().refresh('all', 'manual');
    const shown = await errorsOf(async () => {
      await edit(running.sessionId);
      await edit(stopping.sessionId);
    });
    assert.deepEqual(shown.map((e) => e.message), [
      'Studio edit-running is running. The Platform changes only a Studio that is not running: stop it, then edit it.',
      'Studio edit-stopping is stopping. Edit it once it has stopped.',
    ]);
    await assert.rejects(Promise.resolve(edit(running.sessionId, { cpu: 4 })), /edit-running is running/);
    assert.equal(requests('PUT', /^\/api\/studios\//).length, 0);
    assert.deepEqual(ui().shownPicks, [], 'no menu for a Studio that cannot be edited');
  });

  it('a taken name asks again with the reason; limits are checked as you type; Escape sends nothing', async () => {
    const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'edit-name' });
    await store().refresh('all', 'manual');
    const problems: (string | undefined)[] = [];
    ui().picks.push(byLabel(/^Name$/));
    ui().inputs.push('qc-notebook', 'edit-name-free');
    ui().picks.push(byLabel(/^Description$/));
    ui().inputs.push((o) => {
      problems.push(o.validate?.('d'.repeat(2049)) as string | undefined, o.validate?.('d'.repeat(2048)) as string | undefined);
      return undefined;
    });
    ui().picks.push(byLabel(/^CPUs$/));
    ui().inputs.push((o) => {
      problems.push(o.validate?.('0') as string | undefined, o.validate?.('2.5') as string | undefined);
      return undefined;
    });
    ui().picks.push(() => undefined);

    assert.equal(await edit(rec.sessionId), undefined);

    assert.match(ui().shownInputs[1].prompt ?? '', /^A Studio named "qc-notebook" already exists in genomics-core \/ rnaseq\. Choose another name\.$/);
    assert.deepEqual(problems, [
      'Description must be at most 2048 characters (it has 2049).',
      undefined,
      'CPUs must be a whole number of at least 1.',
      'CPUs must be a whole number of at least 1.',
    ]);
    const menus = ui().shownPicks.filter((p) => MENU.test(p.options.placeHolder ?? ''));
    const last = menus[menus.length - 1];
    assert.equal(last.descriptions[last.labels.indexOf('Name')], 'edit-name-free', 'the menu shows the pending name');
    assert.match(last.labels[0], SAVE);
    assert.equal(requests('PUT', /^\/api\/studios\//).length, 0, 'Escape discards');
    assert.equal(rec.name, 'edit-name');
  });

  it('a name taken between the check and Save (409) is said and the menu comes back with the changes kept', async () => {
    const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'edit-race' });
    await store().refresh('all', 'manual');
    ui().picks.push(byLabel(/^Name$/));
    ui().inputs.push('edit-race-new');
    ui().picks.push((items) => {
      emu().state.addStudio({ workspaceId: rnaseqId(), name: 'edit-race-new' });
      return items.find((i) => SAVE.test(i.label));
    });
    ui().confirms.push(true);
    ui().picks.push((items, o) => {
      assert.equal(items.find((i) => i.label === 'Name')?.description, 'edit-race-new', 'the change is kept');
      assert.equal(o.title, 'Edit Studio edit-race');
      return undefined;
    });

    assert.equal(await edit(rec.sessionId), undefined);
    assert.deepEqual(ui().warnings, ['A Studio named "edit-race-new" already exists in genomics-core / rnaseq. Choose another name.']);
    assert.equal(requests('PUT', /^\/api\/studios\//).length, 1);
    assert.equal(rec.name, 'edit-race');
  });

  it('from the palette, it offers only the Studios that can be edited (not running or on their way)', async () => {
    emu().state.addStudio({ workspaceId: rnaseqId(), name: 'edit-palette', status: 'stopped' });
    emu().state.addStudio({ workspaceId: rnaseqId(), name: 'edit-palette-running', status: 'running' });
    await store().refresh('all', 'manual');
    ui().picks.push(byLabel(/^edit-palette$/), () => undefined);
    await vscode.commands.executeCommand('seqera.studios.edit');
    const offered = ui().shownPicks[0].labels;
    const editable = store().studios.filter((s) => ['stopped', 'errored', 'buildFailed'].includes(s.statusInfo.status)).map((s) => s.name);
    assert.deepEqual([...offered].sort(), [...editable].sort());
    assert.ok(offered.includes('edit-palette') && !offered.includes('edit-palette-running') && !offered.includes('edit-running'));
    assert.match(ui().shownPicks[1].options.title, /^Edit Studio edit-palette$/, 'the chosen Studio\'s menu');
    assert.equal(requests('PUT', /^\/api\/studios\//).length, 0);
  });

  it('automation: a fields object saves without asking; a bad field rejects naming it and sends nothing', async () => {
    const rec = emu().state.addStudio({ workspaceId: rnaseqId(), name: 'edit-auto', configuration: { cpu: 2, memory: 8192, gpu: 0 } });
    await store().refresh('all', 'manual');
    const saved = await edit(rec.sessionId, { cpu: 4, gpu: 1, description: 'via automation' });
    assert.deepEqual([saved?.configuration?.cpu, saved?.configuration?.gpu, saved?.description], [4, 1, 'via automation']);
    assert.deepEqual([rec.configuration.cpu, rec.configuration.gpu, rec.description], [4, 1, 'via automation']);
    assert.deepEqual(ui().shownPicks, []);
    assert.deepEqual(ui().shownConfirms, []);
    const puts = requests('PUT', /^\/api\/studios\//);
    assert.equal(puts.length, 1);
    assert.equal((puts[0].body as { description?: string }).description, 'via automation');

    emu().clearRequests();
    await assert.rejects(Promise.resolve(edit(rec.sessionId, { cpu: 'many' })), /seqera\.studios\.edit: "cpu" must be a number\./);
    await assert.rejects(Promise.resolve(edit(rec.sessionId, { colour: 'red' })), /unknown field "colour"/);
    await assert.rejects(Promise.resolve(edit(rec.sessionId, { name: 'n'.repeat(81) })), /"name" must be at most 80 characters \(it has 81\)/);
    assert.equal(emu().requests.length, 0, 'refused before anything is sent');
  });
});
