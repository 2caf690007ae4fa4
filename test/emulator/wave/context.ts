import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { extract } from 'tar-stream';
import { badRequest, isRecord } from '../http';

export interface DecodedLayer {
  gzipBytes: number;
  tarDigest: string;
  /** Regular file paths in the tar, relative, sorted. */
  files: string[];
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

export function sha256(data: Buffer | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

/**
 * Decodes a `data:` + base64(tar.gz) layer as Wave does and checks the
 * declared gzipDigest, gzipSize and tarDigest against the bytes.
 */
export async function decodeLayer(layer: unknown, what: string): Promise<DecodedLayer> {
  if (!isRecord(layer)) throw badRequest(`Attribute \`${what}\` must be an object`);
  const { location, gzipDigest, gzipSize, tarDigest } = layer;
  if (typeof location !== 'string' || !location) throw badRequest(`Missing \`${what}.location\` attribute`);
  if (typeof gzipDigest !== 'string' || !DIGEST.test(gzipDigest)) throw badRequest(`Invalid \`${what}.gzipDigest\` attribute - expected 'sha256:<64 hex chars>'`);
  if (typeof tarDigest !== 'string' || !DIGEST.test(tarDigest)) throw badRequest(`Invalid \`${what}.tarDigest\` attribute - expected 'sha256:<64 hex chars>'`);
  const size = typeof gzipSize === 'string' ? Number(gzipSize) : gzipSize;
  if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) throw badRequest(`Invalid \`${what}.gzipSize\` attribute`);
  if (location.startsWith('http://') || location.startsWith('https://')) {
    throw badRequest(`Unable to download ${what} from '${location}' - the emulator only accepts 'data:' locations`);
  }
  if (!location.startsWith('data:')) throw badRequest(`Unsupported ${what} location - it must start with 'data:', 'http://' or 'https://'`);
  const b64 = location.slice('data:'.length);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 !== 0) throw badRequest(`Invalid ${what} location - the data is not a base64 string`);
  const gz = Buffer.from(b64, 'base64');
  if (gz.length !== size) throw badRequest(`Invalid ${what} - gzipSize ${size} does not match the data size ${gz.length}`);
  const actualGz = sha256(gz);
  if (actualGz !== gzipDigest) throw badRequest(`Invalid ${what} - gzipDigest ${gzipDigest} does not match the data digest ${actualGz}`);
  let tar: Buffer;
  try {
    tar = gunzipSync(gz);
  } catch {
    throw badRequest(`Invalid ${what} - the data is not a gzip stream`);
  }
  const actualTar = sha256(tar);
  if (actualTar !== tarDigest) throw badRequest(`Invalid ${what} - tarDigest ${tarDigest} does not match the tar digest ${actualTar}`);
  if (tar.length === 0 || tar.length % 512 !== 0) throw badRequest(`Invalid ${what} - the data is not a tar archive`);
  const files = await listTar(tar).catch(() => {
    throw badRequest(`Invalid ${what} - the data is not a tar archive`);
  });
  return { gzipBytes: gz.length, tarDigest: actualTar, files };
}

function listTar(tar: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const files: string[] = [];
    const ex = extract();
    ex.on('entry', (header, stream, next) => {
      if (header.type === 'file') files.push(header.name.replace(/^\.\//, ''));
      stream.on('end', next);
      stream.resume();
    });
    ex.on('finish', () => resolve(files.sort()));
    ex.on('error', reject);
    Readable.from([tar]).pipe(ex);
  });
}
