/**
 * Last line of defence against leaking a token into logs: every string that
 * goes to an output channel passes through `redactSecrets`. Known secrets are
 * registered when they enter the extension (sign-in, SecretStorage reads) and
 * replaced wherever they appear; bearer headers and token-looking JSON fields
 * are masked even when the secret itself is not known.
 */
const knownSecrets = new Set<string>();

export function registerSecret(secret: string | undefined): void {
  if (secret && secret.length >= 8) knownSecrets.add(secret);
}

export function forgetSecret(secret: string | undefined): void {
  if (secret) knownSecrets.delete(secret);
}

const PATTERNS: [RegExp, string][] = [
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi, '$1***'],
  [/("(?:towerAccessToken|towerRefreshToken|accessToken|token|password)"\s*:\s*")[^"]*(")/gi, '$1***$2'],
  [/((?:access_token|token)=)[^&\s]+/gi, '$1***'],
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join('***');
  }
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}
