import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A VS Code in another display language for the l10n suite (SEQERA_TEST_LOCALE).
 *
 * The server picks the language from `--locale` (then argv.json, the
 * `vscode.nls.locale` cookie, Accept-Language), but uses it only when a
 * language pack for it is installed: otherwise the workbench, and with it the
 * extension host's `vscode.env.language`, stays English. So the user data gets
 * a `languagepacks.json` naming a pack with no core translations (VS Code's
 * own strings stay English, its language is `locale`), and the extension runs
 * from a copy that gets the fixture translations of test/l10n/fixtures/<locale>/
 * beside its own files: the repository never ships them.
 */
export interface LocaleSetup {
  /** The extension copy to load (extensionDevelopmentPath). */
  extensionPath: string;
  serverArgs: string[];
}

/**
 * What a packaged extension holds (the .vscodeignore allow-list), copied as is. `l10n/` (the English
 * bundle) exists only after `npm run l10n`; a fresh clone has none, and a German VS Code reads only the
 * fixture's bundle.l10n.<locale>.json from it anyway.
 */
const EXTENSION_FILES = ['package.json', 'package.nls.json', 'dist', 'l10n', 'media'];

export function prepareLocale(locale: string, root: string, userData: string, tmp: string): LocaleSetup {
  if (!/^[a-z]{2,3}(-[a-z0-9]+)*$/i.test(locale)) throw new Error(`SEQERA_TEST_LOCALE=${locale} is not a locale such as de or pt-br`);
  const fixtures = path.join(root, 'test', 'l10n', 'fixtures', locale);
  if (!fs.existsSync(fixtures)) throw new Error(`SEQERA_TEST_LOCALE=${locale}: no fixture translations in ${fixtures}`);
  const pack = path.join(userData, 'test-language-pack');
  fs.mkdirSync(pack, { recursive: true });
  const core = path.join(pack, 'main.i18n.json');
  fs.writeFileSync(core, JSON.stringify({ version: '1.0.0', contents: {} }));
  const extensions = [{ extensionIdentifier: { id: `seqera-test.language-pack-${locale}` }, version: '1.0.0' }];
  const packs = { [locale]: { hash: `seqera-test-${locale}`, extensions, label: `${locale} (test)`, translations: { vscode: core } } };
  fs.writeFileSync(path.join(userData, 'languagepacks.json'), JSON.stringify(packs, null, 2));

  const extensionPath = path.join(tmp, `extension-${locale}`);
  for (const f of EXTENSION_FILES) {
    if (fs.existsSync(path.join(root, f))) fs.cpSync(path.join(root, f), path.join(extensionPath, f), { recursive: true });
  }
  fs.mkdirSync(path.join(extensionPath, 'l10n'), { recursive: true });
  for (const f of fs.readdirSync(fixtures)) {
    const into = f.startsWith('bundle.l10n.') ? path.join(extensionPath, 'l10n', f) : path.join(extensionPath, f);
    fs.copyFileSync(path.join(fixtures, f), into);
  }
  return { extensionPath, serverArgs: ['--locale', locale] };
}
