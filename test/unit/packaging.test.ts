import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listZip } from './zipListing';

const repo = path.resolve(__dirname, '..', '..', '..');
const MAX_VSIX_BYTES = 1024 * 1024;

/** What a user's install needs, and nothing else (no sources, tests, emulator, maps, node_modules). */
const ALLOWED = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/(readme|changelog|license)\.md$/i,
  /^extension\/LICENSE(\.txt)?$/i,
  /^extension\/dist\/extension\.js$/,
  /^extension\/l10n\/bundle\.l10n\.json$/,
  /^extension\/media\/[\w.-]+\.(svg|png)$/,
];

/** The vsce arguments of `npm run package` (without its --out), so the test packages the way users do. */
function packageScriptArgs(script: string | undefined): string[] {
  const words = (script ?? '').split(/\s+/).filter(Boolean);
  assert.equal(words[0], 'vsce', `the package script runs vsce: ${script}`);
  const out = words.indexOf('--out');
  return words.slice(1).filter((_, i) => out < 0 || (i + 1 !== out && i + 1 !== out + 1));
}

describe('packaging (unit)', function () {
  this.timeout(120_000);
  let dir: string;
  let vsix: string;

  before(() => {
    // Package a copy, so the production bundle does not replace the development build in dist/.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-vsix-'));
    for (const f of ['README.md', 'CHANGELOG.md', 'LICENSE', '.vscodeignore']) {
      fs.copyFileSync(path.join(repo, f), path.join(dir, f));
    }
    // The bundle is built below; drop the prepublish hook that would rebuild it from sources not copied here.
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    delete manifest.scripts?.['vscode:prepublish'];
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
    fs.cpSync(path.join(repo, 'media'), path.join(dir, 'media'), { recursive: true });
    // The README's screenshots sit beside it in the repository; they must stay out of the package.
    fs.cpSync(path.join(repo, 'docs'), path.join(dir, 'docs'), { recursive: true });
    const outfile = `--outfile=${path.join(dir, 'dist', 'extension.js')}`;
    execFileSync(process.execPath, [path.join(repo, 'esbuild.js'), '--production', outfile, `--metafile=${path.join(dir, 'meta.json')}`], {
      cwd: repo,
      stdio: 'pipe',
    });
    execFileSync(process.execPath, [path.join(repo, 'scripts', 'l10n.mjs'), '--outDir', path.join(dir, 'l10n')], { cwd: repo, stdio: 'pipe' });
    vsix = path.join(dir, 'seqera-vscode.vsix');
    const vsce = path.join(repo, 'node_modules', '@vscode', 'vsce', 'vsce');
    execFileSync(process.execPath, [vsce, ...packageScriptArgs(manifest.scripts?.package), '--out', vsix], { cwd: dir, stdio: 'pipe' });
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('ships only what a user needs, in a small .vsix', () => {
    const entries = listZip(vsix);
    const size = fs.statSync(vsix).size;
    console.log(`      .vsix: ${size} bytes, ${entries.length} files`);
    for (const e of entries) console.log(`        ${e.name} (${e.size} bytes)`);
    const unexpected = entries.filter((e) => !ALLOWED.some((re) => re.test(e.name))).map((e) => e.name);
    assert.deepEqual(unexpected, [], 'files that should not be in the .vsix');
    assert.ok(entries.some((e) => e.name === 'extension/dist/extension.js'), 'the bundle is packaged');
    assert.ok(entries.some((e) => e.name === 'extension/l10n/bundle.l10n.json'), 'the l10n bundle (package.json "l10n") is packaged');
    assert.ok(!entries.some((e) => e.name.startsWith('extension/docs/')), 'the README screenshots are not packaged');
    assert.ok(size < MAX_VSIX_BYTES, `.vsix is ${size} bytes, over ${MAX_VSIX_BYTES}`);
  });

  it('ships a minified bundle without source maps', () => {
    const names = listZip(vsix).map((e) => e.name);
    assert.ok(!names.some((n) => n.endsWith('.map')));
    const bundle = fs.readFileSync(path.join(dir, 'dist', 'extension.js'), 'utf8');
    assert.ok(!bundle.includes('sourceMappingURL'), 'production bundle has no source map reference');
  });

  it('carries no undici: in VS Code the requests go through VS Code\'s own fetch', () => {
    const meta = JSON.parse(fs.readFileSync(path.join(dir, 'meta.json'), 'utf8')) as { inputs: Record<string, unknown> };
    const inputs = Object.keys(meta.inputs);
    assert.ok(inputs.some((i) => i.startsWith('src/net/http.ts')), `the metafile lists the bundle's sources: ${inputs.slice(0, 5).join(', ')}`);
    const undici = inputs.filter((i) => /(^|\/)node_modules\/undici\//.test(i) || /src\/net\/undiciTransport/.test(i));
    assert.deepEqual(undici, [], 'undici (or its transport) reached the production bundle');
  });
});
