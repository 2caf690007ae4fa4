import * as assert from 'node:assert/strict';
import { parseSshCommand, splitCommandLine } from '../../../src/ssh/sshCommand';
import {
  SshConfigError,
  endMarker,
  findStudioBlocks,
  removeStudioBlock,
  renderStudioBlock,
  startMarker,
  studioHostAlias,
  targetFromSshDetails,
  upsertStudioBlock,
  type StudioSshTarget,
} from '../../../src/ssh/sshConfig';

const target = (over: Partial<StudioSshTarget> = {}): StudioSshTarget => ({
  sessionId: 'a01ac889',
  name: 'RNA-seq analysis',
  endpoint: 'https://api.cloud.seqera.io',
  hostName: 'connect.cloud.seqera.io',
  port: 2222,
  user: 'alice@a01ac889',
  options: [],
  ...over,
});

const OTHER = [
  '# my hosts',
  'Host github.com',
  '  IdentityFile ~/.ssh/gh',
  '',
  'Host *',
  '  ServerAliveInterval 30',
].join('\n');

describe('ssh command parsing (unit)', () => {
  it('reads the Platform form user@session@host -p port', () => {
    const p = parseSshCommand('ssh alice@a01ac889@connect.example.com -p 2222');
    assert.equal(p.user, 'alice@a01ac889');
    assert.equal(p.host, 'connect.example.com');
    assert.equal(p.port, 2222);
  });

  it('reads -o options, -J, -l and attached flag values, and ignores a remote command', () => {
    const p = parseSshCommand(`ssh -v -p2200 -l bob -J jump.example.com -o "ServerAliveInterval=15" host.example.com uname -a`);
    assert.deepEqual(
      { user: p.user, host: p.host, port: p.port, jump: p.proxyJump, options: p.options },
      { user: 'bob', host: 'host.example.com', port: 2200, jump: 'jump.example.com', options: [['ServerAliveInterval', '15']] },
    );
  });

  it('reads ssh:// destinations and splits quoted words', () => {
    assert.deepEqual(splitCommandLine(`ssh 'a b' "c\\"d" e\\ f`), ['ssh', 'a b', 'c"d', 'e f']);
    const p = parseSshCommand('ssh ssh://carol@h.example.com:2022');
    assert.equal(p.user, 'carol');
    assert.equal(p.host, 'h.example.com');
    assert.equal(p.port, 2022);
  });

  it('gives nothing for an empty command', () => {
    assert.deepEqual(parseSshCommand(undefined), { options: [] });
  });
});

describe('ssh config block (unit)', () => {
  it('names the host after the Studio and its id', () => {
    assert.equal(studioHostAlias('a01ac889', 'RNA-seq analysis'), 'seqera-studio-rna-seq-analysis-a01ac889');
    assert.equal(studioHostAlias('a01ac889'), 'seqera-studio-a01ac889');
    assert.equal(studioHostAlias('a01ac889', '***'), 'seqera-studio-a01ac889');
    assert.throws(() => studioHostAlias('a b'), SshConfigError);
  });

  it('takes sshDetails first and fills gaps from the command', () => {
    const { target: t } = targetFromSshDetails(
      { sessionId: 'a01ac889', name: 'x' },
      { host: null, port: 2222, user: 'alice@a01ac889', command: 'ssh alice@a01ac889@connect.example.com -p 2200' },
    );
    assert.equal(t.hostName, 'connect.example.com');
    assert.equal(t.port, 2222);
    assert.equal(t.user, 'alice@a01ac889');
  });

  it('drops options that would run local commands or weaken host checks', () => {
    const { target: t, ignoredOptions } = targetFromSshDetails(
      { sessionId: 'a01ac889' },
      {
        command:
          'ssh -o ProxyCommand="nc %h %p" -o StrictHostKeyChecking=no -o LocalCommand=x -o ServerAliveInterval=20 a@b@h.example.com',
      },
    );
    assert.deepEqual(t.options, [['ServerAliveInterval', '20']]);
    assert.deepEqual(ignoredOptions, ['ProxyCommand', 'StrictHostKeyChecking', 'LocalCommand']);
    assert.ok(!renderStudioBlock(t).includes('ProxyCommand'));
  });

  it('refuses values that would break out of their line', () => {
    assert.throws(() => renderStudioBlock(target({ hostName: 'h\n  ProxyCommand evil' })), SshConfigError);
    assert.throws(() => renderStudioBlock(target({ user: 'a b' })), SshConfigError);
    assert.throws(() => targetFromSshDetails({ sessionId: 'x1' }, { command: '' }), SshConfigError);
  });

  it('renders a marked Host block with HostName, Port and User', () => {
    const block = renderStudioBlock(target());
    assert.equal(
      block,
      [
        startMarker('a01ac889'),
        '# Studio "RNA-seq analysis" on https://api.cloud.seqera.io. Seqera for VS Code rewrites this block on each connect; edit outside it.',
        'Host seqera-studio-rna-seq-analysis-a01ac889',
        '  HostName connect.cloud.seqera.io',
        '  Port 2222',
        '  User alice@a01ac889',
        endMarker('a01ac889'),
        '',
      ].join('\n'),
    );
  });
});

describe('ssh config upsert (unit)', () => {
  it('creates the content of an empty file', () => {
    const r = upsertStudioBlock('', target());
    assert.equal(r.action, 'added');
    assert.equal(r.text, renderStudioBlock(target()));
    assert.equal(r.alias, 'seqera-studio-rna-seq-analysis-a01ac889');
  });

  it('appends after other content, which stays a byte-identical prefix (no final newline)', () => {
    const r = upsertStudioBlock(OTHER, target());
    assert.ok(r.text.startsWith(OTHER));
    assert.equal(r.text, `${OTHER}\n\n${renderStudioBlock(target())}`);
  });

  it('keeps CRLF files CRLF', () => {
    const crlf = OTHER.replace(/\n/g, '\r\n') + '\r\n';
    const r = upsertStudioBlock(crlf, target());
    assert.ok(r.text.startsWith(crlf));
    assert.ok(!/[^\r]\n/.test(r.text), 'every newline is CRLF');
  });

  it('is idempotent, and a second connect updates the block in place', () => {
    const first = upsertStudioBlock(OTHER + '\n', target()).text;
    const withTail = first + '\nHost after\n  User me'; // user content after our block, no final newline
    const same = upsertStudioBlock(withTail, target());
    assert.equal(same.action, 'unchanged');
    assert.equal(same.text, withTail);

    const moved = upsertStudioBlock(withTail, target({ hostName: 'connect2.cloud.seqera.io', port: 2223 }));
    assert.equal(moved.action, 'updated');
    assert.equal(findStudioBlocks(moved.text).length, 1);
    const blocks = findStudioBlocks(moved.text);
    assert.equal(moved.text.slice(0, blocks[0]!.start), withTail.slice(0, findStudioBlocks(withTail)[0]!.start));
    assert.ok(moved.text.endsWith('\nHost after\n  User me'));
    assert.match(moved.text, /HostName connect2\.cloud\.seqera\.io\n {2}Port 2223\n/);
  });

  it('never touches the blocks of other Studios', () => {
    const a = upsertStudioBlock(OTHER, target()).text;
    const ab = upsertStudioBlock(a, target({ sessionId: 'bbbb0001', name: 'other', user: 'alice@bbbb0001' })).text;
    const blockB = ab.slice(findStudioBlocks(ab)[1]!.start);
    const updated = upsertStudioBlock(ab, target({ port: 2200 })).text;
    assert.ok(updated.endsWith(blockB));
    assert.equal(findStudioBlocks(updated).length, 2);
  });

  it('replaces a block at the end of a file without a final newline and keeps it without one', () => {
    const text = OTHER + '\n\n' + renderStudioBlock(target()).replace(/\n$/, '');
    const r = upsertStudioBlock(text, target({ port: 2201 }));
    assert.ok(!r.text.endsWith('\n'));
    assert.ok(r.text.endsWith(endMarker('a01ac889')));
  });

  it('merges duplicated blocks of the same Studio', () => {
    const block = renderStudioBlock(target());
    const r = upsertStudioBlock(`${block}\nHost x\n\n${block}`, target({ port: 2299 }));
    assert.equal(findStudioBlocks(r.text).length, 1);
    assert.ok(r.text.includes('Host x\n'));
  });

  it('refuses a start marker without its end marker', () => {
    const broken = `${OTHER}\n${startMarker('a01ac889')}\nHost seqera-studio-a01ac889\n`;
    assert.throws(() => upsertStudioBlock(broken, target()), /without its end marker/);
  });

  it('removes a block and leaves the rest', () => {
    const text = upsertStudioBlock(OTHER + '\n', target()).text;
    const r = removeStudioBlock(text, 'a01ac889');
    assert.ok(r.changed);
    assert.equal(r.text, OTHER + '\n\n');
    assert.equal(removeStudioBlock(OTHER, 'a01ac889').changed, false);
  });
});
