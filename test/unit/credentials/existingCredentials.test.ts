import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  discoverCredentials,
  type Discovery,
  type FoundCredentials,
  type UnusableCredentials,
} from '../../../src/credentials/existingCredentials';

/**
 * Existing credentials (#19) from real files the tests write into a temporary
 * home: every form Nextflow's `nextflow auth login` and the Seqera CLI write,
 * the environment families, and hostile files. Expected values are literals.
 */
const TOKEN = 'eyJ0aWQiOiAxMjM0NX0uYWJjZGVm';
const OTHER = 'eyJ0aWQiOiA5OTk5OX0ub3RoZXI';

describe('existing credentials: Nextflow, Seqera CLI, environment (unit)', () => {
  let home: string;
  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-home-'));
  });
  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  const nxfFile = (): string => path.join(home, '.nextflow', 'seqera-auth.config');
  const tomlFile = (): string => path.join(home, '.config', 'seqera', 'config.toml');
  const write = (file: string, text: string | Buffer, mode = 0o600): string => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text, { mode });
    fs.chmodSync(file, mode);
    return file;
  };
  const discover = (env: Record<string, string> = {}): Promise<Discovery> => discoverCredentials({ env, home });
  async function only(env: Record<string, string> = {}): Promise<FoundCredentials> {
    const d = await discover(env);
    assert.deepEqual(d.unusable, [], JSON.stringify(d.unusable));
    assert.equal(d.found.length, 1, JSON.stringify(d.found.map((f) => f.origin)));
    return d.found[0]!;
  }
  async function refused(env: Record<string, string> = {}): Promise<UnusableCredentials> {
    const d = await discover(env);
    assert.deepEqual(d.found, []);
    assert.equal(d.unusable.length, 1);
    return d.unusable[0]!;
  }

  describe('Nextflow seqera-auth.config', () => {
    it('reads the file exactly as `nextflow auth login` writes it', async () => {
      write(
        nxfFile(),
        [
          '// Seqera Platform configuration',
          'tower {',
          `    accessToken = '${TOKEN}'`,
          "    endpoint = 'https://seqera.corp.example.com/api'",
          '    enabled = true',
          "    workspaceId = '40230138858677'  // genomics / rnaseq [Genomics RNA-seq]",
          "    refreshToken = 'cmVmcmVzaA'",
          '}',
          '',
        ].join('\n'),
      );
      const f = await only();
      assert.equal(f.source, 'nextflow');
      assert.equal(f.origin, nxfFile());
      assert.equal(f.token, TOKEN);
      assert.equal(f.apiUrl, 'https://seqera.corp.example.com/api');
      assert.equal(f.endpointDefaulted, false);
      assert.deepEqual(f.workspace, { kind: 'id', id: 40230138858677 });
      assert.deepEqual(f.notes, []);
      assert.equal(f.exposedMode, undefined, '0600 is private');
    });

    it('double quotes, the dotted form, comments, other blocks beside it and a numeric workspaceId', async () => {
      write(
        nxfFile(),
        [
          '#!/usr/bin/env nextflow',
          'docker.enabled = true',
          `tower.accessToken = "${TOKEN}"`,
          'tower.endpoint = "https://api.cloud.seqera.io/"   // trailing slash',
          'tower.workspaceId = 1234',
          // Everything below comes later, so it would win if it were read as a tower setting.
          '/* tower { accessToken = "commented-out" }',
          '   tower.accessToken = "commented-out" */',
          '// tower.accessToken = "commented-out"',
          'process {',
          "    withName: 'FASTQC' { cpus = 2 }",
          "    ext.args = { \"--quiet ${task.cpus}\" }",
          '    accessToken = "in-the-process-scope"',
          '}',
          'profiles { cloud { tower { accessToken = "only-in-a-profile" } } }',
          "params.note = 'tower.accessToken = \"in-a-string\"'",
          "includeConfig 'other.config'",
          '',
        ].join('\n'),
      );
      const f = await only();
      assert.equal(f.token, TOKEN);
      assert.equal(f.apiUrl, 'https://api.cloud.seqera.io');
      assert.deepEqual(f.workspace, { kind: 'id', id: 1234 });
    });

    it('a tower block opened on the next line, and a later value overriding an earlier one', async () => {
      write(nxfFile(), `tower\n{\n  accessToken = 'first'\n}\ntower.accessToken = '${TOKEN}'\n`);
      const f = await only();
      assert.equal(f.token, TOKEN);
      assert.equal(f.endpointDefaulted, true);
      assert.equal(f.apiUrl, 'https://api.cloud.seqera.io', 'no endpoint: Seqera Cloud, as for Nextflow');
    });

    it('NXF_HOME moves the file', async () => {
      write(path.join(home, 'nxf', 'seqera-auth.config'), `tower { accessToken = '${TOKEN}' }\n`);
      write(nxfFile(), `tower { accessToken = '${OTHER}' }\n`);
      const f = await only({ NXF_HOME: path.join(home, 'nxf') });
      assert.equal(f.token, TOKEN);
      assert.equal(f.origin, path.join(home, 'nxf', 'seqera-auth.config'));
    });

    it('never evaluates: an expression or an interpolated string is reported, not used', async () => {
      write(nxfFile(), "tower {\n  accessToken = System.getenv('SECRET_TOKEN')\n}\n");
      const r = await refused();
      assert.equal(
        r.reason,
        `${nxfFile()} line 2: tower.accessToken is an expression, not a plain value; it is never evaluated here, so it is not used.`,
      );
      write(nxfFile(), 'tower.accessToken = "${SECRET}"\n');
      assert.match((await refused()).reason, /line 1: tower\.accessToken is a "\$\{…\}" string, which Nextflow would interpolate; it is never evaluated here/);
    });

    it('an unclosed string says where', async () => {
      write(nxfFile(), `tower {\n  endpoint = 'https://x\n  accessToken = '${TOKEN}'\n}\n`);
      assert.equal((await refused()).reason, `${nxfFile()} line 2: a string is never closed on its line, so the file cannot be read.`);
    });

    it('readable by group or others (0644, GHSA-92qf-fcph-v5wr): found, and the mode is reported', async () => {
      write(nxfFile(), `tower { accessToken = '${TOKEN}' }\n`, 0o644);
      assert.equal((await only()).exposedMode, 0o644);
      fs.chmodSync(nxfFile(), 0o640);
      assert.equal((await only()).exposedMode, 0o640);
    });
  });

  describe('Seqera CLI config.toml', () => {
    it('reads access_token, url and workspace_id from ~/.config/seqera/config.toml', async () => {
      write(tomlFile(), `# Seqera CLI\naccess_token = "${TOKEN}"\nurl = 'https://seqera.corp.example.com/api'\nworkspace_id = "genomics/rnaseq"\n`);
      const f = await only();
      assert.equal(f.source, 'seqeraCli');
      assert.equal(f.origin, tomlFile());
      assert.equal(f.token, TOKEN);
      assert.equal(f.apiUrl, 'https://seqera.corp.example.com/api');
      assert.deepEqual(f.workspace, { kind: 'name', org: 'genomics', workspace: 'rnaseq' });
    });

    it('$XDG_CONFIG_HOME moves it; an integer workspace_id is read; a relative XDG_CONFIG_HOME is ignored', async () => {
      const xdg = path.join(home, 'xdg');
      write(path.join(xdg, 'seqera', 'config.toml'), `access_token = "${TOKEN}"\nworkspace_id = 42\n`);
      const f = await only({ XDG_CONFIG_HOME: xdg });
      assert.equal(f.origin, path.join(xdg, 'seqera', 'config.toml'));
      assert.deepEqual(f.workspace, { kind: 'id', id: 42 });
      assert.equal(f.apiUrl, 'https://api.cloud.seqera.io');
      const d = await discover({ XDG_CONFIG_HOME: 'relative/xdg' });
      assert.deepEqual(d.found, []);
      assert.ok(d.looked.includes(tomlFile()), d.looked.join(', '));
    });

    it('broken TOML: line and column', async () => {
      write(tomlFile(), `access_token = "${TOKEN}"\nurl = https://nope\n`);
      assert.match((await refused()).reason, /config\.toml is not valid TOML at line 2, column 7: /);
    });

    it('an access_token of the wrong type', async () => {
      write(tomlFile(), 'access_token = 12345\n');
      assert.equal((await refused()).reason, `${tomlFile()}: access_token is a number, not a string.`);
    });
  });

  describe('environment variables', () => {
    it('SEQERA_ACCESS_TOKEN with SEQERA_API_ENDPOINT and SEQERA_WORKSPACE', async () => {
      const f = await only({ SEQERA_ACCESS_TOKEN: TOKEN, SEQERA_API_ENDPOINT: 'https://seqera.corp.example.com/api', SEQERA_WORKSPACE: '77' });
      assert.equal(f.source, 'environment');
      assert.equal(f.origin, 'SEQERA_ACCESS_TOKEN, SEQERA_API_ENDPOINT, SEQERA_WORKSPACE');
      assert.equal(f.apiUrl, 'https://seqera.corp.example.com/api');
      assert.deepEqual(f.workspace, { kind: 'id', id: 77 });
      assert.deepEqual(f.notes, []);
    });

    it('TOWER_* alone', async () => {
      const f = await only({ TOWER_ACCESS_TOKEN: TOKEN, TOWER_WORKSPACE_ID: 'genomics/rnaseq' });
      assert.equal(f.origin, 'TOWER_ACCESS_TOKEN, TOWER_WORKSPACE_ID');
      assert.equal(f.apiUrl, 'https://api.cloud.seqera.io');
    });

    it('both families set and disagreeing: SEQERA_* wins, and the notes say so and why (never the tokens)', async () => {
      const f = await only({
        SEQERA_ACCESS_TOKEN: TOKEN,
        TOWER_ACCESS_TOKEN: OTHER,
        SEQERA_API_ENDPOINT: 'https://a.example.com/api',
        TOWER_API_ENDPOINT: 'https://b.example.com/api',
        TOWER_WORKSPACE_ID: '5',
      });
      assert.equal(f.token, TOKEN);
      assert.equal(f.apiUrl, 'https://a.example.com/api');
      assert.deepEqual(f.workspace, { kind: 'id', id: 5 });
      assert.deepEqual(f.notes, [
        'SEQERA_ACCESS_TOKEN and TOWER_ACCESS_TOKEN hold different tokens: SEQERA_ACCESS_TOKEN wins, as in the Seqera CLI, which reads the SEQERA_* names first (TOWER_* are the older names that Nextflow and tw read).',
        'SEQERA_API_ENDPOINT and TOWER_API_ENDPOINT disagree (https://a.example.com/api and https://b.example.com/api): SEQERA_API_ENDPOINT wins, as in the Seqera CLI, which reads the SEQERA_* names first (TOWER_* are the older names that Nextflow and tw read).',
      ]);
      assert.ok(!JSON.stringify(f.notes).includes(OTHER));
    });

    it('a SEQERA token with only a TOWER endpoint: used together, and said', async () => {
      const f = await only({ SEQERA_ACCESS_TOKEN: TOKEN, TOWER_API_ENDPOINT: 'https://b.example.com/api' });
      assert.equal(f.apiUrl, 'https://b.example.com/api');
      assert.deepEqual(f.notes, ['SEQERA_ACCESS_TOKEN is used with TOWER_API_ENDPOINT, as the Seqera CLI does (SEQERA_API_ENDPOINT is not set).']);
    });
  });

  it('lists every source at once, environment first', async () => {
    write(nxfFile(), `tower { accessToken = '${TOKEN}' }\n`);
    write(tomlFile(), `access_token = "${TOKEN}"\n`);
    const d = await discover({ TOWER_ACCESS_TOKEN: TOKEN });
    assert.deepEqual(
      d.found.map((f) => f.source),
      ['environment', 'seqeraCli', 'nextflow'],
    );
    assert.deepEqual(d.looked, ['SEQERA_ACCESS_TOKEN, TOWER_ACCESS_TOKEN', tomlFile(), nxfFile()]);
  });

  describe('hostile input: a clear message each, nothing usable', () => {
    it('a token with a line break, in each source', async () => {
      write(nxfFile(), "tower {\n  accessToken = '''abc\ndef'''\n}\n");
      write(tomlFile(), 'access_token = "abc\\ndef"\n');
      const d = await discover({ SEQERA_ACCESS_TOKEN: 'abc\ndef' });
      assert.deepEqual(d.found, []);
      assert.deepEqual(
        d.unusable.map((u) => u.reason),
        [
          'SEQERA_ACCESS_TOKEN contains a line break, so it is not a token as written by the tool; it is not used.',
          `access_token in ${tomlFile()} contains a line break, so it is not a token as written by the tool; it is not used.`,
          `tower.accessToken (${nxfFile()}, line 2) contains a line break, so it is not a token as written by the tool; it is not used.`,
        ],
      );
    });

    it('an endpoint that is http:// to a remote host, in each source: refused, no fallback to Cloud', async () => {
      write(nxfFile(), `tower {\n  accessToken = '${TOKEN}'\n  endpoint = 'http://seqera.corp.example.com/api'\n}\n`);
      write(tomlFile(), `access_token = "${TOKEN}"\nurl = "http://seqera.corp.example.com/api"\n`);
      const d = await discover({ TOWER_ACCESS_TOKEN: TOKEN, TOWER_API_ENDPOINT: 'http://seqera.corp.example.com/api' });
      assert.deepEqual(d.found, []);
      const tail = 'uses plain http:// for seqera.corp.example.com. Your access token would travel unencrypted, so only https:// is allowed (http:// only for localhost). The token is not sent anywhere else.';
      assert.deepEqual(
        d.unusable.map((u) => u.reason),
        [`TOWER_API_ENDPOINT ${tail}`, `url in ${tomlFile()} ${tail}`, `tower.endpoint (${nxfFile()}, line 3) ${tail}`],
      );
    });

    it('a 10 MB file', async () => {
      write(nxfFile(), Buffer.alloc(10 * 1024 * 1024, 0x20));
      assert.equal((await refused()).reason, `${nxfFile()} is 10.0 MB; a credentials file is a few hundred bytes, so it is not read (at most 64 KB).`);
    });

    it('a file that is a folder', async () => {
      fs.mkdirSync(tomlFile(), { recursive: true });
      assert.equal((await refused()).reason, `${tomlFile()} is a folder, not a file; it is not read.`);
    });

    it('a symlink to /dev/zero', async () => {
      fs.mkdirSync(path.dirname(nxfFile()), { recursive: true });
      fs.symlinkSync('/dev/zero', nxfFile());
      assert.equal((await refused()).reason, `${nxfFile()} is a device, not a file; it is not read.`);
    });

    it('a named pipe nobody writes to does not hang', async () => {
      fs.mkdirSync(path.dirname(tomlFile()), { recursive: true });
      execFileSync('mkfifo', [tomlFile()]);
      assert.equal((await refused()).reason, `${tomlFile()} is a named pipe, not a file; it is not read.`);
    });

    it('binary content', async () => {
      write(tomlFile(), Buffer.from([0x61, 0x00, 0x62]));
      assert.equal((await refused()).reason, `${tomlFile()} holds binary data (a NUL byte), not text; it is not read.`);
    });
  });
});
