import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

/** `npm run emulator` runs this compiled CLI: it must print working URLs and a token. */
describe('emulator CLI (unit)', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
  });

  function run(args: string[]): Promise<Record<string, string>> {
    child = spawn(process.execPath, [path.join(__dirname, 'cli.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    return new Promise((resolve, reject) => {
      let out = '';
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ctrl+C')) {
          const get = (label: string) => new RegExp(`${label}:\\s+(\\S+)`).exec(out)?.[1] ?? '';
          resolve({ platform: get('Seqera Platform API'), wave: get('Wave'), token: get('Token'), out });
        }
      });
      let err = '';
      child!.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      child!.on('exit', (code) => reject(new Error(`cli exited with ${code}: ${out}${err}`)));
    });
  }

  it('prints the Platform URL, the Wave URL and a token that lists Studios', async () => {
    const r = await run(['--port', '0', '--wave-port', '0', '--studios', '12', '--workspaces', '3', '--latency', '1', '--seed', '3']);
    assert.match(r.platform, /^http:\/\/127\.0\.0\.1:\d+\/api$/);
    const ws = /workspaceId=(\d+)/.exec(r.out)![1];
    const res = await fetch(`${r.platform}/studios?workspaceId=${ws}`, { headers: { authorization: `Bearer ${r.token}` } });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { totalSize: number };
    assert.ok(body.totalSize > 0);
    const wave = await fetch(`${r.wave}/service-info`);
    assert.equal(wave.status, 200);
  });

  it('takes faults and Wave limits from the command line', async () => {
    const r = await run(['--port', '0', '--wave-port', '0', '--fault', '{"kind":"status","status":502,"pathRegex":"^/user-info$"}', '--request-rate', '2']);
    const res = await fetch(`${r.platform}/user-info`, { headers: { authorization: `Bearer ${r.token}` } });
    assert.equal(res.status, 502);
    assert.equal((await fetch(`${r.platform}/service-info`)).status, 200);
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await fetch(`${r.wave}/service-info`)).status);
    assert.deepEqual(codes, [200, 200, 503]);
  });

  it('rejects unknown options', async () => {
    await assert.rejects(run(['--nope', '1']), /unknown option --nope/);
  });
});
