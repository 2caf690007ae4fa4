import * as assert from 'node:assert/strict';
import { forgetSecret, redactSecrets, registerSecret } from '../../src/net/redact';

describe('redactSecrets (unit)', () => {
  it('masks a registered secret wherever it appears', () => {
    const secret = 'eyJ0aGlzIGlzIGEgdG9rZW4ifQ.abcdef';
    registerSecret(secret);
    try {
      const out = redactSecrets(`GET /user-info failed for ${secret} and again ${secret}`);
      assert.ok(!out.includes(secret));
      assert.match(out, /\*\*\*/);
    } finally {
      forgetSecret(secret);
    }
  });

  it('masks bearer headers and token fields of JSON bodies even when unknown', () => {
    const out = redactSecrets('Authorization: Bearer abcdef123456 {"towerAccessToken":"zzz-secret-zzz","x":1}');
    assert.ok(!out.includes('abcdef123456'));
    assert.ok(!out.includes('zzz-secret-zzz'));
    assert.ok(out.includes('"x":1'));
  });
});
