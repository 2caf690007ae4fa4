import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { extraCaDispatcher } from '../../../src/net/extraCaCerts';
import { json, startLocalServer } from '../helpers/localServer';

/** The CA list a carrier offers VS Code's fetch (undici Agent's options shape). */
function offeredCa(carrier: object): string[] {
  const key = Object.getOwnPropertySymbols(carrier).find((s) => s.description === 'options');
  assert.ok(key, "the carrier has the 'options' symbol VS Code's fetch reads");
  const options = (carrier as Record<symbol, { connect?: { ca?: string[] } }>)[key];
  return options.connect?.ca ?? [];
}

describe('NODE_EXTRA_CA_CERTS under a host fetch (unit)', () => {
  const pem = '-----BEGIN CERTIFICATE-----\nTEST-EXTRA-CA\n-----END CERTIFICATE-----\n';
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-extra-ca-'));
    fs.writeFileSync(path.join(dir, 'ca.pem'), pem);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names no dispatcher when NODE_EXTRA_CA_CERTS is not set', () => {
    assert.equal(extraCaDispatcher({ env: {} }), undefined);
    assert.equal(extraCaDispatcher({ env: { NODE_EXTRA_CA_CERTS: '  ' } }), undefined);
  });

  it('offers the public roots plus the extra file, and the OS store only while VS Code would add it', () => {
    let system = true;
    const pick = extraCaDispatcher({ env: { NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') }, systemCertificates: () => system });
    const withSystem = pick?.();
    assert.ok(withSystem);
    const ca = offeredCa(withSystem);
    assert.equal(ca[ca.length - 1], pem, 'the extra file last');
    assert.deepEqual(ca.slice(0, tls.rootCertificates.length), [...tls.rootCertificates], 'the public roots first');
    assert.equal(pick?.(), withSystem, 'one carrier per CA list (VS Code caches its agent per dispatcher)');
    system = false;
    const withoutSystem = pick?.();
    assert.ok(withoutSystem && withoutSystem !== withSystem);
    assert.deepEqual(offeredCa(withoutSystem), [...tls.rootCertificates, pem]);
  });

  it('warns once and names no dispatcher when the file cannot be read', () => {
    const warnings: string[] = [];
    const missing = path.join(dir, 'missing.pem');
    const pick = extraCaDispatcher({ env: { NODE_EXTRA_CA_CERTS: missing }, onWarning: (m) => warnings.push(m) });
    assert.equal(pick?.(), undefined);
    assert.equal(pick?.(), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] ?? '', new RegExp(`NODE_EXTRA_CA_CERTS names ${missing.replace(/[.]/g, '\\.')}, which cannot be read`));
  });

  it("without VS Code's fetch patch, hands the request to Node's default dispatcher", async () => {
    const server = await startLocalServer();
    try {
      server.script(json(200, { plain: true }));
      const carrier = extraCaDispatcher({ env: { NODE_EXTRA_CA_CERTS: path.join(dir, 'ca.pem') } })?.();
      const res = await fetch(`${server.url}/x`, { dispatcher: carrier } as RequestInit);
      assert.deepEqual(await res.json(), { plain: true });
      assert.equal(server.requests.length, 1);
    } finally {
      await server.close();
    }
  });
});
