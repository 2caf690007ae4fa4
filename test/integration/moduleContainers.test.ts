import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import * as vscode from 'vscode';
import type { ModuleBuildResult } from '../../src/moduleContainers';
import { copyModule, modulesRoot } from '../shared/nfcoreCorpus';
import { until } from './helpers/waveBuilds';
import { useWaveSession } from './helpers/waveSession';

/**
 * Build Module Containers in the real VS Code against the emulator: a corpus
 * module copied at test time (from ../shared, into a temporary folder laid out
 * as an nf-core/modules clone, with nf-core's meta-schema.json at
 * modules/meta-schema.json), the command as the explorer calls it on
 * modules/nf-core/<tool>/environment.yml, the changes reviewed in the Refactor
 * Preview and applied there, and the files checked against nf-core's schema.
 */
const WAIT_MS = 20_000;

describe('Build Module Containers (integration)', function () {
  this.timeout(180_000);
  let clone: string;
  let moduleDir: string;
  const corpus = modulesRoot();

  before(function () {
    if (!corpus) this.skip();
  });
  const { api, emu, transcript } = useWaveSession({ seed: 14, start: 'signedOut' });

  before(() => {
    assert.ok(corpus);
    clone = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-modules-it-'));
    moduleDir = path.join(clone, 'modules', 'nf-core', 'multiqc');
    copyModule(corpus, 'multiqc', moduleDir);
    fs.copyFileSync(path.join(corpus, 'meta-schema.json'), path.join(clone, 'modules', 'meta-schema.json'));
    fs.chmodSync(path.join(clone, 'modules', 'meta-schema.json'), 0o644);
  });

  after(async () => {
    if (!clone) return;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(clone, { recursive: true, force: true });
  });

  /** What the review asked and which tabs were open then (the diff of the proposed changes). */
  const asked: { message: string; tabs: string[] }[] = [];

  /**
   * Runs the command to its end: moves the emulator's clock a minute at a time
   * while the builds run (each step after the extension asked Wave again),
   * until the command ends (the review's question is answered by `answer`).
   */
  async function runCommand(uri: vscode.Uri, answer: 'apply' | 'discard'): Promise<ModuleBuildResult> {
    api().services.moduleContainers.ui = {
      ask: async (message) => {
        asked.push({ message, tabs: vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label) });
        return answer;
      },
    };
    let finished = false;
    const running = Promise.resolve(vscode.commands.executeCommand<ModuleBuildResult>('seqera.moduleContainers.build', uri, [uri])).finally(() => {
      finished = true;
    });
    const waveRequests = () => emu().requests.filter((r) => r.server === 'wave').length;
    await until('the four build requests', () => emu().requests.filter((r) => r.path === '/v1alpha2/container').length >= 4 || finished, WAIT_MS);
    while (!finished) {
      const seen = waveRequests();
      await emu().clock.advance(60_000);
      await until('the next request to Wave', () => waveRequests() > seen || finished, WAIT_MS);
    }
    const result = await running;
    assert.ok(result, 'the command returned its result (an error would have been reported instead)');
    return result;
  }

  it('right-click modules/nf-core/multiqc/environment.yml: four builds, reviewed and applied; files nf-core\'s schema accepts', async () => {
    const env = path.join(moduleDir, 'environment.yml');
    fs.writeFileSync(env, fs.readFileSync(env, 'utf8').replace('multiqc=1.35', 'multiqc=1.36'));
    const mainBefore = fs.readFileSync(path.join(moduleDir, 'main.nf'), 'utf8');
    const metaBefore = fs.readFileSync(path.join(moduleDir, 'meta.yml'), 'utf8');

    const result = await runCommand(vscode.Uri.file(env), 'apply');
    assert.equal(result.result, 'applied', JSON.stringify(result));
    // Reviewed first: the question came while the diff of all six changes was open.
    assert.equal(asked.length, 1);
    assert.match(asked[0].message, /^Apply the new containers to multiqc\? \(main\.nf, meta\.yml, \.conda-lock\/linux_amd64-bd-/);
    assert.match(asked[0].message, /\(deleted\)\)$/);
    assert.ok(asked[0].tabs.includes('Build Module Containers: multiqc (6 files)'), asked[0].tabs.join(', '));
    assert.ok(!vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label.startsWith('Build Module Containers')), 'the diff is closed after the answer');

    // What went to Wave: four anonymous Seqera Containers requests at once.
    const posts = emu().requests.filter((r) => r.path === '/v1alpha2/container').map((r) => r.body as Record<string, unknown>);
    assert.deepEqual(posts.map((b) => `${String(b.format ?? 'docker')} ${String(b.containerPlatform)}`).sort(), ['docker linux/amd64', 'docker linux/arm64', 'sif linux/amd64', 'sif linux/arm64']);
    for (const b of posts) {
      assert.deepEqual([b.freeze, b.buildRepository, b.buildTemplate, b.towerAccessToken], [true, undefined, 'conda/pixi:v1', undefined]);
    }
    assert.match(transcript(), /Anonymous builds: signed out, Wave gives a lower quota/);
    assert.match(transcript(), /\[Docker linux\/arm64\] Build log:/);

    // main.nf: the canonical directive with the new images, the rest as it was.
    const docker = result.images.find((i) => i.engine === 'docker' && i.platform === 'linux/amd64')!;
    const sif = result.images.find((i) => i.engine === 'singularity' && i.platform === 'linux/amd64')!;
    assert.match(docker.name, /^community\.wave\.seqera\.io\/library\/multiqc:1\.36--[0-9a-f]{16}$/);
    const mainAfter = fs.readFileSync(path.join(moduleDir, 'main.nf'), 'utf8');
    assert.equal(mainAfter, mainBefore.replace(/'https:\/\/community-cr-prod[^']+'/, `'${sif.https}'`).replace(/'community\.wave\.seqera\.io[^']+'/, `'${docker.name}'`));

    // meta.yml: everything before containers: byte for byte, the section last, valid for nf-core's schema.
    const metaAfter = fs.readFileSync(path.join(moduleDir, 'meta.yml'), 'utf8');
    const cut = metaBefore.indexOf('\ncontainers:\n') + 1;
    assert.equal(metaAfter.slice(0, cut), metaBefore.slice(0, cut));
    const data = parse(metaAfter) as { containers: Record<string, Record<string, Record<string, string>>> };
    assert.equal(Object.keys(data).pop(), 'containers');
    const schema = JSON.parse(fs.readFileSync(path.join(clone, 'modules', 'meta-schema.json'), 'utf8')) as object;
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    assert.ok(validate(data), JSON.stringify(validate.errors));
    assert.equal(data.containers.docker['linux/amd64'].name, docker.name);
    assert.equal(data.containers.singularity['linux/amd64'].https, sif.https);

    // Lock files: the two new ones, the two stale ones gone.
    const locks = fs.readdirSync(path.join(moduleDir, '.conda-lock')).sort();
    const arm = data.containers.docker['linux/arm64'].build_id;
    assert.deepEqual(locks, [`linux_amd64-${docker.buildId}.txt`, `linux_arm64-${arm}.txt`]);
    assert.equal(data.containers.conda['linux/amd64'].lock_file, `modules/nf-core/multiqc/.conda-lock/linux_amd64-${docker.buildId}.txt`);
    assert.match(fs.readFileSync(path.join(moduleDir, '.conda-lock', locks[0]), 'utf8'), /^\nversion: 6\n/);

    // The Wave Builds view: one group for the module with its four builds.
    const provider = api().services.views.waveBuilds!;
    const roots = provider.getChildren();
    const group = roots.find((n) => n.kind === 'group');
    assert.ok(group, 'a group node for the module');
    assert.equal(provider.getTreeItem(group).label, 'multiqc (nf-core module)');
    assert.equal(provider.getChildren(group).length, 4);
  });

  it('built again: every build cached and named already, so it says up to date and writes nothing', async () => {
    const snapshot = () => ['main.nf', 'meta.yml', ...fs.readdirSync(path.join(moduleDir, '.conda-lock')).map((f) => `.conda-lock/${f}`)].map((f) => fs.readFileSync(path.join(moduleDir, f), 'utf8'));
    const before = snapshot();
    const result = await runCommand(vscode.Uri.file(path.join(moduleDir, 'main.nf')), 'discard');
    assert.equal(result.result, 'upToDate', JSON.stringify(result));
    assert.equal(asked.length, 1, 'nothing to review');
    assert.deepEqual(snapshot(), before);
    assert.match(transcript(), /multiqc is up to date: Wave answered with the images main\.nf and meta\.yml already name/);
  });

  it('main.nf: a CodeLens names the builds meta.yml records, with Open Build Page, Inspect and Rebuild; a warning when they disagree', async () => {
    const main = vscode.Uri.file(path.join(moduleDir, 'main.nf'));
    const recorded = parse(fs.readFileSync(path.join(moduleDir, 'meta.yml'), 'utf8')) as { containers: Record<string, Record<string, Record<string, string>>> };
    const docker = recorded.containers.docker['linux/amd64'];
    await vscode.window.showTextDocument(main);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', main);
    const titles = lenses.map((l) => l.command?.title);
    assert.ok(titles.includes(`Docker ${docker.build_id} · scan ${docker.scan_id}`), titles.join(' | '));
    assert.ok(titles.includes(`Singularity ${recorded.containers.singularity['linux/amd64'].build_id}`), titles.join(' | '));
    for (const t of ['Open Build Page', 'Inspect', 'Rebuild']) assert.ok(titles.includes(t), `${t} in ${titles.join(' | ')}`);
    const inspect = lenses.find((l) => l.command?.title === 'Inspect')!;
    assert.deepEqual([inspect.command?.command, inspect.command?.arguments], ['wave.inspectImage', [docker.name]]);
    assert.equal(lenses.find((l) => l.command?.title === 'Rebuild')?.command?.command, 'seqera.moduleContainers.build');
    assert.deepEqual(vscode.languages.getDiagnostics(main).filter((d) => d.source === 'Seqera'), []);

    // fastqc's main.nf still names biocontainers images while its meta.yml records Seqera Containers builds.
    const fastqc = path.join(clone, 'modules', 'nf-core', 'fastqc');
    copyModule(corpus!, 'fastqc', fastqc);
    const fastqcMain = vscode.Uri.file(path.join(fastqc, 'main.nf'));
    await vscode.window.showTextDocument(fastqcMain);
    await until('the diagnostic on fastqc/main.nf', () => vscode.languages.getDiagnostics(fastqcMain).some((d) => d.source === 'Seqera'), WAIT_MS);
    const [warning] = vscode.languages.getDiagnostics(fastqcMain).filter((d) => d.source === 'Seqera');
    assert.equal(warning.severity, vscode.DiagnosticSeverity.Warning);
    assert.match(warning.message, /^main\.nf names the Docker image quay\.io\/biocontainers\/fastqc:0\.12\.1--hdfd78af_0, meta\.yml records community\.wave\.seqera\.io\/library\/fastqc:0\.12\.1--5cb1a2fa2f18c7c2\.$/);
    const hover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', fastqcMain, new vscode.Position(warning.range.start.line, 8));
    const text = hover.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /bd-5cb1a2fa2f18c7c2_1/);
  });
  /** Starts the command without driving the clock; resolves once its four builds are submitted and watched. */
  async function startWatched(uri: vscode.Uri): Promise<{ running: Promise<ModuleBuildResult | undefined>; ids: Map<string, string>; finished: () => boolean }> {
    api().services.moduleContainers.ui = { ask: async () => 'discard' };
    const submitsBefore = emu().requests.filter((r) => r.path === '/v1alpha2/container').length;
    let done = false;
    const running = Promise.resolve(vscode.commands.executeCommand<ModuleBuildResult>('seqera.moduleContainers.build', uri, [uri])).finally(() => {
      done = true;
    });
    await until('the four build requests', () => emu().requests.filter((r) => r.path === '/v1alpha2/container').length >= submitsBefore + 4 || done, WAIT_MS);
    const history = api().services.waveBuilds;
    const watched = () => history.list().slice(0, 4).filter((e) => e.group && history.isWatching(e.id));
    await until('four watched builds', () => watched().length === 4 || done, WAIT_MS);
    const ids = new Map(watched().map((e) => [e.source.label.replace(/^multiqc · /, ''), e.id]));
    return { running, ids, finished: () => done };
  }

  /** Changes the multiqc version through VS Code (the document is open from the tests above, so a write on disk alone may not be seen yet). */
  async function setVersion(env: string, version: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(env));
    const text = doc.getText().replace(/multiqc=1\.3\d/, `multiqc=${version}`);
    assert.notEqual(text, doc.getText());
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
    assert.ok(await vscode.workspace.applyEdit(edit));
    assert.ok(await doc.save());
  }

  const statusChecks = (id: string): number => emu().requests.filter((r) => r.server === 'wave' && r.path === `/v1alpha2/container/${id}/status`).length;

  it('#14 Stop Watching one module build: its requests stop, the other three go on to the review', async () => {
    const env = path.join(moduleDir, 'environment.yml');
    await setVersion(env, '1.37');
    const { running, ids, finished } = await startWatched(vscode.Uri.file(env));
    const stopped = ids.get('Docker linux/arm64')!;
    const others = [...ids.values()].filter((id) => id !== stopped);
    assert.equal(others.length, 3);
    const view = api().services.views.waveBuilds!;
    assert.match(String(view.getTreeItem({ kind: 'build', id: stopped }).contextValue), /:watching$/, 'its inline Stop Watching shows');
    assert.equal(await vscode.commands.executeCommand('wave.stopWatching', { id: stopped }), true);
    // two more status checks of each other build: the stopped one's watch had every chance to ask again
    const seen = others.map(statusChecks);
    await until('two more status checks of the other builds', () => others.every((id, i) => statusChecks(id) >= seen[i] + 2) || finished(), WAIT_MS);
    const checksAtStop = statusChecks(stopped);
    while (!finished()) {
      const n = emu().requests.filter((r) => r.server === 'wave').length;
      await emu().clock.advance(60_000);
      await until('the next request to Wave', () => emu().requests.filter((r) => r.server === 'wave').length > n || finished(), WAIT_MS);
    }
    const result = await running;
    assert.ok(result);
    assert.equal(result.result, 'discarded', JSON.stringify(result));
    assert.ok(result.warnings.some((w) => /^Docker linux\/arm64 build not watched: stopped watching it/.test(w)), result.warnings.join(' | '));
    assert.equal(result.images.length, 3);
    assert.equal(statusChecks(stopped), checksAtStop, 'no status request for the stopped build after its Stop Watching');
    assert.equal(emu().requests.filter((r) => r.server === 'wave' && r.path.includes(api().services.waveBuilds.get(stopped)?.buildId ?? '?')).length, 0, 'nor its log, record or lock');
    assert.equal(api().services.waveBuilds.get(stopped)?.state, 'stopped');
    assert.ok(others.every((id) => api().services.waveBuilds.get(id)?.state === 'succeeded'));
  });

  it('#14 Stop Watching on the module group stops all four: the command ends at once, nothing written, the builds go on at Wave', async () => {
    const env = path.join(moduleDir, 'environment.yml');
    await setVersion(env, '1.38');
    const files = () => ['main.nf', 'meta.yml'].map((f) => fs.readFileSync(path.join(moduleDir, f), 'utf8'));
    const before = files();
    const clockBefore = emu().clock.now();
    const { running, ids } = await startWatched(vscode.Uri.file(env));
    const view = api().services.views.waveBuilds!;
    const group = view.getChildren().find((n) => n.kind === 'group')!;
    assert.equal(view.getTreeItem(group).contextValue, 'waveBuildGroup:watching');
    assert.equal(await vscode.commands.executeCommand('wave.stopWatching', group), true);
    const result = await running;
    assert.ok(result);
    assert.equal(result.result, 'stopped', JSON.stringify(result));
    assert.equal(emu().clock.now(), clockBefore, 'ended by the stop, not by the builds finishing');
    for (const id of ids.values()) {
      assert.equal(api().services.waveBuilds.get(id)?.state, 'stopped');
      assert.equal(api().services.waveBuilds.isWatching(id), false);
    }
    assert.equal(view.getTreeItem(group).contextValue, 'waveBuildGroup');
    assert.deepEqual(files(), before, 'nothing written');
    const checks = [...ids.values()].map(statusChecks);
    await emu().clock.advance(60_000);
    assert.deepEqual([...ids.values()].map(statusChecks), checks, 'no watch asks again');
    assert.match(transcript(), /Stopped watching the 4 builds of multiqc; they go on at Wave\. Nothing was written\./);
  });
});
