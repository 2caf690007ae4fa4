import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Agent, fetch } from 'undici';
import { createTestPki, serverCert } from '../shared/testPki';
import { startEmulator, type Emulator } from './index';

describe('emulator over HTTPS (unit)', function () {
  this.timeout(20_000);
  let dir: string;
  let emu: Emulator | undefined;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-emu-tls-'));
    createTestPki(dir);
  });
  after(async () => {
    await emu?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves Platform and Wave with the given certificate, and says https in its URLs', async () => {
    const { ca, key, cert } = serverCert('system', dir);
    emu = await startEmulator({ tls: { key, cert } });
    assert.match(emu.platformUrl, /^https:\/\/127\.0\.0\.1:\d+\/api$/);
    assert.match(emu.waveUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
    const trusting = new Agent({ connect: { ca } });
    try {
      const info = await fetch(`${emu.platformUrl}/user-info`, { headers: { authorization: `Bearer ${emu.token}` }, dispatcher: trusting });
      assert.equal(info.status, 200);
      assert.equal((await fetch(`${emu.waveUrl}/service-info`, { dispatcher: trusting })).status, 200);
      const other = new Agent({ connect: { ca: serverCert('untrusted', dir).ca } });
      await assert.rejects(fetch(`${emu.waveUrl}/service-info`, { dispatcher: other }), (e: unknown) => {
        assert.match(String((e as { cause?: { code?: string } }).cause?.code), /UNABLE_TO_VERIFY|SELF_SIGNED|CERT/);
        return true;
      });
      await other.close();
    } finally {
      await trusting.close();
    }
  });
});
