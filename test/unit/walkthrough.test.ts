import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * #17.12 The Getting Started walkthrough in package.json: its four steps, each
 * completing on the real event (a context key the extension sets when it
 * happens; the integration suite "Getting Started walkthrough" proves they are
 * set), every `command:` link a command that exists, every page a small file
 * that is packaged.
 */
interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; svg?: string; image?: string; altText?: string };
  completionEvents?: string[];
}
interface Manifest {
  contributes: {
    commands?: { command: string }[];
    walkthroughs?: { id: string; title: string; description: string; steps: Step[] }[];
  };
}

const repo = path.resolve(__dirname, '..', '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as Manifest;
const commandsTable = fs.readFileSync(path.join(repo, 'src', 'commands.ts'), 'utf8');
const nlsFile = path.join(repo, 'package.nls.json');
const nls = fs.existsSync(nlsFile) ? (JSON.parse(fs.readFileSync(nlsFile, 'utf8')) as Record<string, string>) : {};
/** A manifest string as VS Code shows it: a `%key%` read from package.nls.json (#17.11). */
const shown = (value: string): string => {
  const m = /^%([^%]+)%$/.exec(value);
  return m ? (nls[m[1]!] ?? value) : value;
};

describe('#17.12 Getting Started walkthrough (unit)', () => {
  const walkthroughs = manifest.contributes.walkthroughs ?? [];

  it('has the four steps of a first session, each completing on its own event', () => {
    assert.equal(walkthroughs.length, 1);
    const steps = walkthroughs[0].steps;
    assert.deepEqual(
      steps.map((s) => [s.id, s.completionEvents]),
      [
        ['signIn', ['onContext:seqera.state == signedIn']],
        ['pickWorkspace', ['onContext:seqera.workspaceSelected']],
        ['startStudio', ['onContext:seqera.studioStarted']],
        ['buildContainer', ['onContext:seqera.wave.built']],
      ],
    );
  });

  it('links only to commands that are declared and registered', () => {
    const declared = new Set((manifest.contributes.commands ?? []).map((c) => c.command));
    const linked = walkthroughs.flatMap((w) => w.steps.flatMap((s) => [...shown(s.description).matchAll(/\]\(command:([\w.]+)\)/g)].map((m) => m[1])));
    assert.deepEqual(linked, [
      'seqera.signIn',
      'seqera.importEnvToken',
      'seqera.useEnterpriseEndpoint',
      'seqera.selectWorkspace',
      'seqera.studios.start',
      'seqera.studios.create',
      'wave.build',
      'wave.buildFromPackages',
    ]);
    for (const id of linked) {
      assert.ok(declared.has(id), `${id} is declared in contributes.commands`);
      assert.ok(commandsTable.includes(`'${id}'`), `${id} is registered in src/commands.ts`);
    }
  });

  it('shows a small Markdown page for each step, from media/ (which is packaged)', () => {
    for (const step of walkthroughs.flatMap((w) => w.steps)) {
      const page = step.media.markdown;
      assert.ok(page, `${step.id} has a Markdown page`);
      assert.match(page, /^media\/walkthrough\/[\w-]+\.md$/);
      const file = path.join(repo, page);
      assert.ok(fs.existsSync(file), `${page} exists`);
      const size = fs.statSync(file).size;
      assert.ok(size > 100 && size < 2048, `${page} is ${size} bytes: small, and not empty`);
      assert.match(fs.readFileSync(file, 'utf8'), /^# /, `${page} starts with its heading`);
    }
    assert.ok(fs.readFileSync(path.join(repo, '.vscodeignore'), 'utf8').includes('!media/**'), 'media/ is packaged');
  });
});
