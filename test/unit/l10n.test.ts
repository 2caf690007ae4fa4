import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import * as l10n from '@vscode/l10n';
import { statusLabel, studioTooltip } from '../../src/studios/studioPresentation';
import { studio } from './studios/builders';

// out/test/unit/l10n.test.js → repo root
const repo = path.resolve(__dirname, '..', '..', '..');

interface L10nCall {
  file: string;
  line: number;
  /** The message, when the first argument is a literal (or `{ message: '…' }`). */
  message?: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Every `vscode.l10n.t(…)` / `l10n.t(…)` call of src/, read with the TypeScript parser (not with the tool under test). */
function l10nCalls(): L10nCall[] {
  const calls: L10nCall[] = [];
  for (const file of sourceFiles(path.join(repo, 'src'))) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && /(^|\.)l10n\.t$/.test(node.expression.getText(sf))) {
        const arg = node.arguments[0];
        let message: string | undefined;
        if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) message = arg.text;
        if (arg && ts.isObjectLiteralExpression(arg)) {
          const m = arg.properties.find((p) => ts.isPropertyAssignment(p) && p.name.getText(sf) === 'message');
          if (m && ts.isPropertyAssignment(m) && ts.isStringLiteral(m.initializer)) message = m.initializer.text;
        }
        calls.push({ file: path.relative(repo, file), line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, message });
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return calls;
}

describe('localization (#17.11, unit)', function () {
  this.timeout(60_000);

  it('every l10n.t message is a literal, so the bundle can hold it', () => {
    const calls = l10nCalls();
    assert.ok(calls.length > 300, `src/ has ${calls.length} l10n.t calls`);
    const dynamic = calls.filter((c) => c.message === undefined).map((c) => `${c.file}:${c.line}`);
    assert.deepEqual(dynamic, [], 'l10n.t calls whose message is not a string literal (no bundle can translate them)');
  });

  it('every error message a toast shows (inputError, inputErrorAt, new SeqeraError) of a VS Code file goes through l10n', () => {
    // The lint checks show*Message/prompt/title only; these messages reach the same toasts through the command wrapper.
    // A literal with words outside its ${…} is English the bundle cannot hold (`${a}: ${b}` passes: no words of its own).
    const words = (lit: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): boolean =>
      /[A-Za-z]{2}/.test(ts.isTemplateExpression(lit) ? [lit.head.text, ...lit.templateSpans.map((span) => span.literal.text)].join(' ') : lit.text);
    const english: string[] = [];
    let checked = 0;
    for (const file of sourceFiles(path.join(repo, 'src'))) {
      const text = fs.readFileSync(file, 'utf8');
      if (!/from '(vscode|@vscode\/l10n)'/.test(text)) continue;
      const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        const callee = ts.isCallExpression(node) ? node.expression.getText(sf) : ts.isNewExpression(node) ? node.expression.getText(sf) : '';
        const at = callee === 'inputError' || callee === 'inputErrorAt' ? 0 : callee === 'SeqeraError' && ts.isNewExpression(node) ? 1 : -1;
        const arg = at >= 0 ? (node as ts.CallExpression | ts.NewExpression).arguments?.[at] : undefined;
        if (arg) {
          checked++;
          if ((ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg) || ts.isTemplateExpression(arg)) && words(arg)) {
            english.push(`${path.relative(repo, file)}:${sf.getLineAndCharacterOfPosition(arg.getStart(sf)).line + 1}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
    assert.ok(checked > 50, `${checked} error messages checked`);
    assert.deepEqual(english, [], 'error messages written in English outside l10n.t');
  });

  it('`npm run l10n` (@vscode/l10n-dev) writes a bundle with exactly the messages of src/', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-l10n-'));
    try {
      execFileSync(process.execPath, [path.join(repo, 'scripts', 'l10n.mjs'), '--outDir', out], { cwd: repo, stdio: 'pipe' });
      const bundle = JSON.parse(fs.readFileSync(path.join(out, 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;
      const expected = [...new Set(l10nCalls().flatMap((c) => (c.message === undefined ? [] : [c.message])))].sort();
      assert.deepEqual(Object.keys(bundle).sort(), expected);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  it('the manifest points VS Code at the bundle, and the .vsix ships it', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as {
      l10n?: string;
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    assert.equal(manifest.l10n, './l10n');
    assert.match(manifest.scripts['package:bundle'] ?? '', /scripts\/l10n\.mjs/, 'the production build writes the bundle');
    assert.ok(manifest.dependencies['@vscode/l10n'], '@vscode/l10n localizes the vscode-free code');
    const ignore = fs.readFileSync(path.join(repo, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(ignore.includes('!l10n/**'), '.vscodeignore keeps l10n/ in the package');
    assert.ok(ignore.includes('!package.nls.json'), '.vscodeignore keeps package.nls.json in the package');
  });

  it('the vscode-free tooltips read the bundle that activate hands to @vscode/l10n', () => {
    const running = studio('rnaseq-explore', 'running', { configuration: { cpu: 4 } });
    assert.equal(statusLabel(running), 'Running', 'English without a bundle');
    l10n.config({ contents: { Running: 'En marche', 'Resources: {0}': 'Ressources : {0}', '{0} CPU': '{0} processeurs' } });
    try {
      assert.equal(statusLabel(running), 'En marche');
      assert.match(studioTooltip(running, { now: Date.now() }), /Ressources : 4 processeurs/);
    } finally {
      l10n.config({ contents: {} });
    }
    assert.equal(statusLabel(running), 'Running', 'an empty bundle is English again');
  });

  it('every string the manifest shows comes from package.nls.json, and every key there is used', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as Record<string, unknown>;
    const nls = JSON.parse(fs.readFileSync(path.join(repo, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const shown = new Set(['title', 'shortTitle', 'category', 'description', 'markdownDescription', 'deprecationMessage', 'markdownDeprecationMessage', 'enumDescriptions', 'markdownEnumDescriptions', 'contents', 'label', 'altText', 'contextualTitle', 'displayName']);
    const literal: string[] = [];
    const used = new Set<string>();
    const visit = (value: unknown, where: string, key: string): void => {
      if (typeof value === 'string') {
        if (!shown.has(key) && !(key === 'name' && /\.views\./.test(where))) return;
        const m = /^%([^%]+)%$/.exec(value);
        if (!m) literal.push(`${where}: ${value.slice(0, 60)}`);
        else {
          assert.ok(m[1]! in nls, `${where} names ${value}, which package.nls.json lacks`);
          used.add(m[1]!);
        }
      } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${where}[${i}]`, key));
      else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, `${where}.${k}`, k);
    };
    visit({ displayName: manifest.displayName, description: manifest.description }, 'package.json', '');
    visit(manifest.capabilities, 'package.json.capabilities', '');
    visit(manifest.contributes, 'package.json.contributes', '');
    assert.deepEqual(literal, [], 'manifest strings a user sees that are not %keys% of package.nls.json (put each in package.nls.json under a key and write %key% in package.json)');
    assert.deepEqual(Object.keys(nls).filter((k) => !used.has(k)), [], 'package.nls.json keys nothing uses');
    assert.ok(used.size > 80, `${used.size} manifest strings are localizable`);
  });
});
