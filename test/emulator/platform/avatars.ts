import { deflateSync } from 'node:zlib';
import { HttpError, text, type Reply } from '../http';
import type { EmulatorState } from '../state';

/**
 * The web side's avatar images: user avatars and organization logos, served
 * without a token like the web UI's. An SVG with the initials, or for an org
 * added with `logo: 'png'` a PNG served as `application/octet-stream` (what the
 * API's DownloadAvatar declares). An org's `logo` record, when a test set one,
 * is served instead, exactly as given (an HTML page, a scripted SVG, a huge file).
 */
export function avatarReply(state: EmulatorState, kind: 'user' | 'org', id: number, ext: string): Reply {
  const org = kind === 'org' ? state.orgs.get(id) : undefined;
  if (org?.logo) return { status: 200, headers: { 'content-type': org.logo.contentType }, body: org.logo.body };
  const name = kind === 'user' ? state.users.get(id)?.userName : org?.name;
  if (!name) throw new HttpError(404, 'Page Not Found');
  const hue = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 0);
  if (ext === 'png') return { status: 200, headers: { 'content-type': 'application/octet-stream' }, body: ringPng(hue) };
  const initials = name.split(/[-_.]/).map((p) => p[0]?.toUpperCase() ?? '').join('').slice(0, 2);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64"><rect width="64" height="64" rx="${kind === 'user' ? 32 : 8}" fill="hsl(${hue},55%,45%)"/><text x="32" y="41" font-family="sans-serif" font-size="26" fill="#fff" text-anchor="middle">${initials}</text></svg>`;
  return text(200, svg, 'image/svg+xml');
}

/** A 64×64 RGBA PNG: a square of the hue with a white ring in it. */
export function ringPng(hue: number): Buffer {
  const size = 64;
  const [r, g, b] = hslToRgb(hue, 0.55, 0.45);
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - 31.5, y - 31.5);
      rows.push(...(d > 14 && d < 22 ? [255, 255, 255, 255] : [r, g, b, 255]));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.from(rows))), chunk('IEND', Buffer.alloc(0))]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

function hslToRgb(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number): number => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}
