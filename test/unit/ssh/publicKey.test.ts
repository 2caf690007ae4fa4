import * as assert from 'node:assert/strict';
import { fingerprintOf, parsePublicKey } from '../../../src/ssh/publicKey';
import { ECDSA_FINGERPRINT, ECDSA_PUB, ED25519_FINGERPRINT, ED25519_PUB, PRIVATE_KEY_TEXT, RSA_FINGERPRINT, RSA_PUB } from '../../shared/sshKeyFixtures';

const problem = (text: string, file = '~/.ssh/k.pub'): string => {
  const r = parsePublicKey(text, file);
  assert.ok(!r.ok, `expected a problem for ${JSON.stringify(text.slice(0, 40))}`);
  return r.problem;
};

describe('SSH public key files (unit)', () => {
  it('reads ed25519, RSA and ECDSA keys with the fingerprints ssh-keygen -lf printed', () => {
    for (const [text, fp, label, comment] of [
      [ED25519_PUB, ED25519_FINGERPRINT, 'ED25519', 'fixture@emulator'],
      [RSA_PUB, RSA_FINGERPRINT, 'RSA', 'rsa fixture'],
      [ECDSA_PUB, ECDSA_FINGERPRINT, 'ECDSA', ''],
    ] as const) {
      const r = parsePublicKey(`${text}\n`, 'k.pub');
      assert.ok(r.ok, r.ok ? '' : r.problem);
      assert.equal(r.key.fingerprint, fp);
      assert.equal(r.key.typeLabel, label);
      assert.equal(r.key.comment, comment);
      assert.equal(r.key.line, text.trim(), 'what is sent is the line as ssh-keygen wrote it');
      assert.equal(fingerprintOf(r.key.blob), fp);
    }
  });

  it('allows blank lines and CRLF around the key, and a comment with spaces', () => {
    const r = parsePublicKey(`\r\n${RSA_PUB}\r\n\r\n`, 'k.pub');
    assert.ok(r.ok);
    assert.equal(r.key.comment, 'rsa fixture');
  });

  it('refuses a private key with its file and line and never echoes it', () => {
    const p = problem(`\n${PRIVATE_KEY_TEXT}`, '~/.ssh/id_ed25519.pub');
    assert.match(p, /^~\/\.ssh\/id_ed25519\.pub:2: this is a private key\. It never leaves this computer: choose the public key/);
    assert.ok(!p.includes('b3BlbnNzaC1rZXkt'), 'the key body is not in the message');
    assert.match(problem('-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n'), /:1: this is a private key/);
  });

  it('names what is wrong with anything else, with the file and line', () => {
    const [type, blob] = ED25519_PUB.split(' ');
    const rows: [string, RegExp][] = [
      ['', /:1: the file is empty/],
      ['\n\n', /:1: the file is empty/],
      ['---- BEGIN SSH2 PUBLIC KEY ----\nAAAA\n---- END SSH2 PUBLIC KEY ----', /:1: this is an RFC 4716 \(SSH2\) public key\. Convert it .*ssh-keygen -i -f ~\/\.ssh\/k\.pub/],
      ['my laptop key', /:1: "my" is not an SSH public key type/],
      [`${ED25519_PUB}\n${RSA_PUB}`, /:2: a \.pub file holds one public key on one line/],
      [type, /:1: the key data after "ssh-ed25519" is missing/],
      [`${type} ${blob.slice(0, -3)}`, /:1: the key data is not valid base64/],
      [`${type} ${blob.replace('A', '*')}`, /:1: the key data is not valid base64/],
      [`ssh-rsa ${blob}`, /:1: the key data is a ssh-ed25519 key, but the line says ssh-rsa/],
      [`${type} ${Buffer.from('garbage!').toString('base64')}`, /:1: the key data is not a ssh-ed25519 key/],
      ['ssh-ed25519\u0000AAAA', /:1: this is a binary file/],
    ];
    for (const [text, expected] of rows) assert.match(problem(text), expected, JSON.stringify(text));
  });
});
