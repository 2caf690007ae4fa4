import { inputError } from '../net/errors';

/**
 * The checks every file we send to Wave passes first: it must be non-empty
 * text in UTF-8, not binary, and not larger than the caller's limit. Each
 * refusal says what is wrong with which file; nothing is sent.
 */
export interface TextFileLimits {
  /** Largest accepted size in bytes. */
  maxBytes: number;
  /** What the file is, for messages: "conda environment file", "Dockerfile". */
  what: string;
}

export function decodeTextFile(bytes: Uint8Array, fileName: string, limits: TextFileLimits): string {
  if (bytes.byteLength > limits.maxBytes) {
    throw inputError(
      `${fileName} is ${formatBytes(bytes.byteLength)}: a ${limits.what} for Wave can be at most ${formatBytes(limits.maxBytes)}.`,
    );
  }
  if (bytes.indexOf(0) >= 0) {
    throw inputError(`${fileName} looks like a binary file (it contains NUL bytes), not a ${limits.what}.`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw inputError(`${fileName} is not valid UTF-8 text: save it as UTF-8 and try again.`);
  }
  if (text.replace(/^\uFEFF/, '').trim() === '') {
    throw inputError(`${fileName} is empty: there is nothing to build.`);
  }
  return text;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
}
