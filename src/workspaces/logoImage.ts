/**
 * An organization logo as a `data:` URI of the bytes the extension fetched
 * (#17.10). The workbench draws a tree icon through its own page, whose image
 * policy (`img-src 'self' https: data: blob:`) refuses plain http logos (an
 * on-premises Platform, the emulator) and which may not even reach the host
 * the extension host reaches; a `data:` URI of checked bytes is drawn
 * everywhere. Only real images are accepted, by their bytes rather than their
 * content type: PNG, JPEG, GIF, WebP, and SVG without scripts, event
 * handlers, entities or references outside the file. No `vscode` import.
 */
export const MAX_LOGO_BYTES = 64 * 1024;

const RASTER: readonly [type: string, test: (b: Uint8Array) => boolean][] = [
  ['image/png', (b) => starts(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
  ['image/jpeg', (b) => starts(b, [0xff, 0xd8, 0xff])],
  ['image/gif', (b) => ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a'],
  ['image/webp', (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP'],
];

/** What an SVG logo may not hold: anything that runs or expands (references are checked one by one). */
const SVG_REFUSED = /<script|<foreignObject|<!ENTITY|\son[a-z]+\s*=|javascript:|@import/i;
/** Every `href=` and `url(` value: each must point inside the file (`#id`). */
const SVG_REFERENCE = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*))|url\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))/gi;

/** The `data:` URI for `bytes`, or undefined when they are not an image we show (or over MAX_LOGO_BYTES). */
export function logoDataUri(bytes: Uint8Array): string | undefined {
  if (bytes.byteLength === 0 || bytes.byteLength > MAX_LOGO_BYTES) return undefined;
  const type = RASTER.find(([, test]) => test(bytes))?.[0] ?? (isSafeSvg(bytes) ? 'image/svg+xml' : undefined);
  return type && `data:${type};base64,${Buffer.from(bytes).toString('base64')}`;
}

function isSafeSvg(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString('utf8');
  // Before the root element only a BOM, an XML declaration, comments and a DOCTYPE without an internal subset.
  const prolog = /^\uFEFF?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^[>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/;
  if (!prolog.test(text) || !/<\/svg>\s*$/.test(text) || SVG_REFUSED.test(text)) return false;
  return [...text.matchAll(SVG_REFERENCE)].every((m) => m.slice(1).join('').trim().startsWith('#'));
}

function starts(b: Uint8Array, sig: readonly number[]): boolean {
  return sig.every((v, i) => b[i] === v);
}

function ascii(b: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...b.subarray(from, to));
}
