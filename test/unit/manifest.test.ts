import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands?: { command: string; title: string; category?: string }[];
    menus?: Record<string, { command?: string; submenu?: string }[]>;
    viewsWelcome?: { view: string; contents: string }[];
    views?: Record<string, { id: string }[]>;
  };
}

// out/test/unit/manifest.test.js → repo root
const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as Manifest;
/** A manifest string as VS Code shows it: `%key%` read from package.nls.json (#17.11). */
const nls = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'package.nls.json'), 'utf8')) as Record<string, string>;
const shown = (value: string | undefined): string | undefined => (value && /^%[^%]+%$/.test(value) ? nls[value.slice(1, -1)] : value);
const declared = new Set((manifest.contributes.commands ?? []).map((c) => c.command));
/** Ids outside these namespaces are VS Code's own (e.g. workbench.action.openSettings). */
const ours = (id: string): boolean => /^(seqera|wave)\./.test(id);

describe('package.json contributions (unit)', () => {
  it('declares each command once, all in the one Seqera palette category (#17.10), with the seqera. or wave. prefix', () => {
    const ids = (manifest.contributes.commands ?? []).map((c) => c.command);
    assert.equal(new Set(ids).size, ids.length, 'a command is declared twice');
    for (const c of manifest.contributes.commands ?? []) {
      assert.equal(shown(c.category), 'Seqera', `${c.command} has category ${shown(c.category)}: typing "Seqera" in the palette must find it`);
      assert.match(c.command, /^(seqera|wave)\./);
    }
  });

  it('#17.8 signed out, the Studio and workspace commands stay in the palette (they answer "Sign in first")', () => {
    const palette = manifest.contributes.menus?.commandPalette ?? [];
    const hidden = palette.filter((m) => /seqera\.state/.test((m as { when?: string }).when ?? '')).map((m) => m.command);
    assert.deepEqual(hidden, ['seqera.signOut'], 'only Sign Out depends on being signed in');
    for (const id of ['seqera.studios.start', 'seqera.studios.create', 'seqera.selectWorkspace']) assert.ok(declared.has(id), id);
  });

  it('#17.10 the README and docs/ name palette commands as the palette shows them ("Seqera: <title>")', () => {
    const repo = path.join(__dirname, '../../..');
    const docs = fs.readdirSync(path.join(repo, 'docs')).filter((f) => f.endsWith('.md')).map((f) => path.join(repo, 'docs', f));
    const readme = [path.join(repo, 'README.md'), ...docs].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const titles = new Set((manifest.contributes.commands ?? []).map((c) => `${shown(c.category)}: ${shown(c.title)}`));
    // *Seqera: Wave builds* is the build output channel, not a command.
    const channels = new Set(['Seqera: Wave builds']);
    const named = [...readme.matchAll(/\*((?:Seqera|Wave): [^*…]+)\*/g)].map((m) => m[1]).filter((n) => !channels.has(n));
    assert.ok(named.length > 5, 'the README names palette commands');
    for (const n of named) assert.ok(titles.has(n), `README names "${n}", which is not a palette entry`);
  });

  it('uses only declared commands in menus', () => {
    for (const [menu, items] of Object.entries(manifest.contributes.menus ?? {})) {
      for (const item of items) {
        if (item.command === undefined || !ours(item.command)) continue; // a submenu or a VS Code command
        assert.ok(declared.has(item.command), `menu ${menu} uses undeclared command ${item.command}`);
      }
    }
  });

  it('links only declared commands from viewsWelcome', () => {
    for (const welcome of manifest.contributes.viewsWelcome ?? []) {
      for (const [, id] of (shown(welcome.contents) ?? '').matchAll(/\(command:([\w.-]+)/g)) {
        if (!ours(id)) continue;
        assert.ok(declared.has(id), `viewsWelcome of ${welcome.view} links undeclared command ${id}`);
      }
    }
  });

  it('activates only on its own views, commands, Accounts requests and links to it (never * or at start-up)', () => {
    // Contributed commands activate the extension implicitly; the explicit list may name only our views
    // and our authentication provider, so VS Code starts nothing of ours until the user reaches for it.
    const views = new Set(Object.values(manifest.contributes.views ?? {}).flat().map((v) => v.id));
    for (const event of manifest.activationEvents ?? []) {
      const view = /^onView:(.+)$/.exec(event)?.[1];
      // onUri: only a vscode://<publisher>.<name>/… link the user opens (Studio deep links) reaches it.
      const ok = (view !== undefined && views.has(view)) || event === 'onAuthenticationRequest:seqera' || event === 'onUri';
      assert.ok(ok, `unexpected activation event ${event}`);
    }
  });
});
