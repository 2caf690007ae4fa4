import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLint } from 'eslint';

/**
 * Imports point down (README, Architecture): the lint rule in eslint.config.mjs refuses an import
 * that points up or reaches into another feature past its index.ts. These tests lint small fixture
 * sources as if they lived at a path in src/ and check that the rule bites, with a message that says
 * what to do, and that the README's map of src/ is the real tree.
 */
const repo = path.resolve(__dirname, '..', '..', '..');
const src = path.join(repo, 'src');

let eslint: ESLint | undefined;
async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  eslint ??= new ESLint({ cwd: repo });
  const [result] = await eslint.lintText(code, { filePath: path.join(repo, filePath) });
  assert.ok(result, `ESLint linted ${filePath}`);
  const fatal = result.messages.filter((m) => m.fatal);
  assert.deepEqual(fatal, [], `the fixture for ${filePath} parses`);
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

/** The `src/` part of the Architecture map (docs/development.md, linked from the README): entry name → its line. */
function readmeMap(): Map<string, string> {
  const readme = fs.readFileSync(path.join(repo, 'docs', 'development.md'), 'utf8');
  const section = readme.slice(readme.search(/^## Architecture$/m));
  assert.ok(section.length < readme.length, 'docs/development.md has a "## Architecture" section');
  const block = /```\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  const lines = block.split('\n');
  const start = lines.indexOf('src/');
  assert.ok(start >= 0, 'the Architecture map starts with a "src/" line');
  const out = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    const m = /^ {2}(\S+)\s{2,}\S/.exec(line);
    if (!m?.[1]) break;
    out.set(m[1], line);
  }
  return out;
}

function srcEntries(): string[] {
  return fs
    .readdirSync(src, { withFileTypes: true })
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort();
}

describe('Architecture: imports point down', function () {
  this.timeout(60_000);

  it('refuses vscode in the vscode-free folders, and allows it in a feature', async () => {
    const code = "import * as vscode from 'vscode';\nexport const w = vscode.window;\n";
    for (const folder of ['net', 'platform', 'wave', 'ssh', 'schedule', 'credentials', 'markdown']) {
      const messages = await restrictedImports(`src/${folder}/fixture.ts`, code);
      assert.equal(messages.length, 1, `src/${folder}/ may not import vscode`);
      assert.match(messages[0] ?? '', /must not depend on the vscode API/);
    }
    assert.deepEqual(await restrictedImports('src/studios/fixture.ts', code), []);
  });

  it('refuses an import that points up from the helpers below', async () => {
    const cases: [string, string][] = [
      ['src/net/fixture.ts', '../platform/client'],
      ['src/net/fixture.ts', '../ui/progress'],
      ['src/platform/fixture.ts', '../wave/client'],
      ['src/wave/fixture.ts', '../studios'],
      ['src/schedule/fixture.ts', '../net/retry'],
      ['src/ssh/fixture.ts', '../services'],
    ];
    for (const [file, spec] of cases) {
      const messages = await restrictedImports(file, `import { x } from '${spec}';\nexport const y = x;\n`);
      assert.equal(messages.length, 1, `${file} importing ${spec} is refused`);
      assert.match(messages[0] ?? '', new RegExp(`^'${spec.replace(/\./g, '\\.')}' import is restricted.*src/${file.split('/')[1]}/ may import only`));
    }
    // The same folders' allowed imports pass.
    assert.deepEqual(await restrictedImports('src/platform/fixture.ts', "import { x } from '../net/http';\nexport const y = x;\n"), []);
    assert.deepEqual(await restrictedImports('src/wave/fixture.ts', "import { x } from '../platform/endpoint';\nexport const y = x;\n"), []);
  });

  it('refuses a feature, the wiring and the test rig from ui/', async () => {
    for (const spec of ['../studios', '../accounts/session', '../extension', '../testing/testRig', '../services']) {
      const messages = await restrictedImports('src/ui/fixture.ts', `import { x } from '${spec}';\nexport const y = x;\n`);
      assert.equal(messages.length, 1, `ui/ importing ${spec} is refused`);
      assert.match(messages[0] ?? '', /src\/ui\/ may import only/);
    }
  });

  it('lets a feature use another only through its door, and never the wiring or the test rig', async () => {
    const deep = await restrictedImports('src/studios/fixture.ts', "import type { SessionStore } from '../accounts/session';\nexport type S = SessionStore;\n");
    assert.deepEqual(deep, [
      "'../accounts/session' import is restricted from being used by a pattern. Use another feature only through its door: import from its folder (its index.ts), not from a file inside it.",
    ]);
    const reExport = await restrictedImports('src/remoteSsh/fixture.ts', "export { followStudio } from '../studios/follow';\n");
    assert.equal(reExport.length, 1, 'a re-export past the door is refused too');
    for (const spec of ['../extension', '../commands', '../views', '../testing/testRig']) {
      const messages = await restrictedImports('src/workspaces/fixture.ts', `import { x } from '${spec}';\nexport const y = x;\n`);
      assert.equal(messages.length, 1, `a feature importing ${spec} is refused`);
    }
    assert.deepEqual(await restrictedImports('src/studios/fixture.ts', "import type { SessionStore } from '../accounts';\nexport type S = SessionStore;\n"), []);
  });

  it('lets the wiring use a feature only through its door', async () => {
    const messages = await restrictedImports('src/extension.ts', "import { StudioStore } from './studios/studioStore';\nexport const s = StudioStore;\n");
    assert.equal(messages.length, 1);
    assert.match(messages[0] ?? '', /only through its door/);
  });

  it('refuses test code anywhere in src/', async () => {
    for (const file of ['src/extension.ts', 'src/net/fixture.ts', 'src/studios/fixture.ts', 'src/testing/fixture.ts']) {
      const spec = file.split('/').length === 2 ? '../test/emulator' : '../../test/emulator';
      const messages = await restrictedImports(file, `import { x } from '${spec}';\nexport const y = x;\n`);
      assert.ok(messages.some((m) => m.includes('src/ must not import test code.')), `${file}: ${messages.join('; ')}`);
    }
  });

  it('has a rule for every folder of src/, so a new folder cannot import upwards unseen', async () => {
    for (const entry of srcEntries().filter((e) => e.endsWith('/'))) {
      const messages = await restrictedImports(`src/${entry}fixture.ts`, "import { x } from '../noSuchFolder/x';\nexport const y = x;\n");
      assert.equal(messages.length, 1, `src/${entry} is in the layer table of eslint.config.mjs`);
    }
  });

  it('gives each feature folder an index.ts', () => {
    const features = [...readmeMap().entries()].filter(([, line]) => /\(feature\)\s*$/.test(line)).map(([name]) => name);
    assert.ok(features.length >= 5, `the README marks the feature folders: ${features.join(', ')}`);
    for (const feature of features) assert.ok(fs.existsSync(path.join(src, feature, 'index.ts')), `src/${feature}index.ts exists`);
  });

  it("the README's Architecture map lists every entry of src/ once, and nothing else", () => {
    assert.deepEqual([...readmeMap().keys()].sort(), srcEntries());
  });

  it('marks in the README exactly the folders the lint keeps free of vscode', async () => {
    const marked = [...readmeMap().entries()].filter(([, line]) => line.includes('(no vscode import)')).map(([name]) => name);
    const code = "import * as vscode from 'vscode';\nexport const w = vscode.window;\n";
    for (const entry of srcEntries().filter((e) => e.endsWith('/'))) {
      const refused = (await restrictedImports(`src/${entry}fixture.ts`, code)).length > 0;
      assert.equal(refused, marked.includes(entry), `src/${entry}: README says ${marked.includes(entry) ? '' : 'not '}vscode-free`);
    }
  });
});
