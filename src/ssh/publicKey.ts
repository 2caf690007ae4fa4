import { createHash } from 'node:crypto';
import * as l10n from '@vscode/l10n';

/**
 * One OpenSSH public key, as `ssh-keygen` writes it to a `.pub` file:
 * `<type> <base64 blob> [comment]`. The blob starts with the type again (an
 * SSH string: 4-byte length, then the name), which is checked, so a truncated
 * or edited line is caught here and not by the Platform. Nothing else is
 * accepted: a private key, an RFC 4716 ("SSH2") key or a line of prose is
 * refused with the file, the line and what to do.
 */
export const PUBLIC_KEY_TYPES: Readonly<Record<string, string>> = {
  'ssh-ed25519': 'ED25519',
  'ssh-rsa': 'RSA',
  'ecdsa-sha2-nistp256': 'ECDSA',
  'ecdsa-sha2-nistp384': 'ECDSA',
  'ecdsa-sha2-nistp521': 'ECDSA',
  'sk-ssh-ed25519@openssh.com': 'ED25519-SK',
  'sk-ecdsa-sha2-nistp256@openssh.com': 'ECDSA-SK',
};

export interface PublicKey {
  /** `ssh-ed25519`, `ssh-rsa`, … */
  type: string;
  /** What `ssh-keygen -l` prints in brackets: ED25519, RSA, ECDSA, … */
  typeLabel: string;
  /** The base64 key data. */
  blob: string;
  comment: string;
  /** `<type> <blob>[ <comment>]`: exactly what is sent to the Platform. */
  line: string;
  /** `SHA256:…`, as `ssh-keygen -lf` prints it. */
  fingerprint: string;
}

export type PublicKeyResult = { ok: true; key: PublicKey } | { ok: false; problem: string };

/** `SHA256:` + unpadded base64 of the SHA-256 of the key data (OpenSSH's default fingerprint). */
export function fingerprintOf(blob: string): string {
  return `SHA256:${createHash('sha256').update(Buffer.from(blob, 'base64')).digest('base64').replace(/=+$/, '')}`;
}

/** `<type> <blob>` of a key line, to compare keys whatever their comments; undefined when it is no key. */
export function keyIdentity(text: string): string | undefined {
  const r = parsePublicKey(text, 'key');
  return r.ok ? `${r.key.type} ${r.key.blob}` : undefined;
}

/**
 * Reads the text of a `.pub` file (`file` names it in messages). Blank lines
 * around the key are allowed; anything else is a problem of the form
 * `<file>:<line>: <what is wrong>. <what to do>`.
 */
export function parsePublicKey(text: string, file: string): PublicKeyResult {
  const fail = (line: number, message: string): PublicKeyResult => ({ ok: false, problem: `${file}:${line}: ${message}` });
  // eslint-disable-next-line no-control-regex -- a NUL byte means a binary file
  if (/\u0000/.test(text)) return fail(1, l10n.t('this is a binary file, not an SSH public key.'));
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const privateAt = lines.findIndex((l) => /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(l));
  if (privateAt >= 0) {
    return fail(privateAt + 1, l10n.t('this is a private key. It never leaves this computer: choose the public key (the matching .pub file) instead.'));
  }
  const used = lines.map((l, i) => ({ text: l.trim(), n: i + 1 })).filter((l) => l.text !== '');
  if (used.length === 0) return fail(1, l10n.t('the file is empty: it holds no SSH public key.'));
  const first = used[0];
  if (/^---- BEGIN SSH2 PUBLIC KEY ----/.test(first.text)) {
    return fail(first.n, l10n.t('this is an RFC 4716 (SSH2) public key. Convert it to OpenSSH\'s format with "ssh-keygen -i -f {0}" and add that.', file));
  }
  if (used.length > 1) return fail(used[1].n, l10n.t('a .pub file holds one public key on one line; this one has more lines.'));
  const [type, blob, ...rest] = first.text.split(/\s+/);
  const typeLabel = PUBLIC_KEY_TYPES[type];
  if (!typeLabel) {
    const known = 'ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521';
    return fail(first.n, l10n.t('"{0}" is not an SSH public key type (expected {1}). A .pub file starts with its key type.', type.slice(0, 40), known));
  }
  if (!blob) return fail(first.n, l10n.t('the key data after "{0}" is missing.', type));
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(blob) || blob.length % 4 !== 0) return fail(first.n, l10n.t('the key data is not valid base64 (was the line cut or edited?).'));
  const bytes = Buffer.from(blob, 'base64');
  const n = bytes.length >= 4 ? bytes.readUInt32BE(0) : -1;
  const inner = n >= 0 && 4 + n <= bytes.length ? bytes.subarray(4, 4 + n).toString('latin1') : undefined;
  if (inner !== type) {
    return fail(first.n, inner && PUBLIC_KEY_TYPES[inner] ? l10n.t('the key data is a {0} key, but the line says {1}.', inner, type) : l10n.t('the key data is not a {0} key (was the line cut or edited?).', type));
  }
  const comment = rest.join(' ');
  const line = comment ? `${type} ${blob} ${comment}` : `${type} ${blob}`;
  return { ok: true, key: { type, typeLabel, blob, comment, line, fingerprint: fingerprintOf(blob) } };
}
