import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { canDo, studioContextValue, type StudioAction } from '../../../src/studios/studioStatus';
import { STUDIO_STATUSES } from '../../../src/platform/studioTypes';
import { studio } from './builders';

/**
 * The Studios view's item menus must show an action exactly where the status
 * model says it makes sense: each menu's `viewItem =~ /…/` clause is checked
 * against the contextValue of a Studio in every status (with and without SSH).
 */
interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

const root = path.resolve(__dirname, '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuEntry[]>; commands: { command: string }[] };
};

const ACTION_OF: Record<string, StudioAction> = {
  'seqera.studios.start': 'start',
  'seqera.studios.startWithOptions': 'start',
  'seqera.studios.stop': 'stop',
  'seqera.studios.openInBrowser': 'open',
  'seqera.studios.copyUrl': 'copyUrl',
  'seqera.studios.copySshCommand': 'copySsh',
  'seqera.studios.extendLifespan': 'extendLifespan',
  'seqera.studios.delete': 'delete',
  'seqera.studios.edit': 'update',
};

function viewItemRegex(when: string | undefined): RegExp | undefined {
  const m = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(when ?? '');
  return m ? new RegExp(m[1]) : undefined;
}

describe('Studios menus vs status model (unit)', () => {
  const items = manifest.contributes.menus['view/item/context'].filter((m) => m.when?.includes('view == seqera.studios'));
  const ssh = { host: 'h', port: 22, user: 'u', command: 'ssh u@h' };
  const samples = STUDIO_STATUSES.flatMap((s) => [studio('x', s), studio('x', s, { sshDetails: ssh })]);

  it('shows each Studio action exactly for the statuses where it makes sense', () => {
    for (const entry of items) {
      const action = ACTION_OF[entry.command];
      if (!action) continue;
      const re = viewItemRegex(entry.when);
      assert.ok(re, `${entry.command} (${entry.group}) has a viewItem regex`);
      for (const s of samples) {
        assert.equal(re.test(studioContextValue(s)), canDo(action, s), `${entry.command} in ${entry.group} for ${studioContextValue(s)}`);
      }
    }
  });

  it('never offers Delete for a running Studio and keeps destructive items last', () => {
    const del = items.filter((m) => m.command === 'seqera.studios.delete');
    assert.ok(del.length > 0);
    for (const m of del) {
      assert.match(m.group ?? '', /^3_destructive/);
      assert.equal(viewItemRegex(m.when)?.test('studio:running'), false);
      assert.equal(viewItemRegex(m.when)?.test('studio:running:ssh'), false);
    }
  });

  it('references only declared commands in every menu, and hides node-only commands from the palette', () => {
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const e of entries) assert.ok(declared.has(e.command), `${menu} references undeclared ${e.command}`);
    }
    const palette = new Map(manifest.contributes.menus.commandPalette.map((e) => [e.command, e.when]));
    assert.equal(palette.get('seqera.studios.loadMoreCheckpoints'), 'false');
    const studioCommands = [...declared].filter((c) => c.startsWith('seqera.studios.'));
    for (const c of studioCommands) assert.ok(palette.has(c), `${c} has a commandPalette when clause`);
  });
});
