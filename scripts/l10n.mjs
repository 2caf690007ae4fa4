// Writes l10n/bundle.l10n.json: every string the extension passes to vscode.l10n.t, extracted from src/ by
// @vscode/l10n-dev (the tool VS Code documents for this). `npm run build` and `npm run package:bundle` run it, so
// the bundle is generated like dist/ and can never lag behind the code. Translators add bundle.l10n.<locale>.json
// beside it; package.nls.json holds the manifest's strings.
import { readdir, readFile, mkdir, writeFile } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getL10nJson } from '@vscode/l10n-dev';

async function sources(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(path)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out.sort();
}

const repo = fileURLToPath(new URL('..', import.meta.url));

export async function exportBundle(srcDir = join(repo, 'src')) {
  const files = await sources(srcDir);
  const contents = await Promise.all(files.map(async (f) => ({ contents: await readFile(f, 'utf8'), extension: extname(f) })));
  return getL10nJson(contents);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `--outDir DIR` writes DIR/bundle.l10n.json (the packaging test packages a copy); default: the repo's l10n/.
  const at = process.argv.indexOf('--outDir');
  const outDir = at > 0 ? process.argv[at + 1] : join(repo, 'l10n');
  const bundle = await exportBundle();
  await mkdir(outDir, { recursive: true });
  await writeFile(join(outDir, 'bundle.l10n.json'), `${JSON.stringify(bundle, null, 2)}\n`);
  console.log(`${join(outDir, 'bundle.l10n.json')}: ${Object.keys(bundle).length} strings`);
}
