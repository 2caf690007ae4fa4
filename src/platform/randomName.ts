import { object, optional, str } from '../net/validate';
import type { PlatformClient } from './client';
import { studioNameProblem } from './studioName';

/**
 * GET /workflow/random-name: the Platform's name generator (the "angry_euler"
 * names of runs), used to propose a name for a new Studio. A proposal only:
 * when the Platform does not answer quickly or answers oddly, the caller's
 * own suggestion is used.
 */
const randomNameResponse = object<{ name?: string }>({ name: optional(str) });

export async function randomName(client: PlatformClient, signal?: AbortSignal): Promise<string | undefined> {
  const body = await client.get('/workflow/random-name', randomNameResponse, { signal, timeoutMs: 5_000 });
  const name = body.name?.trim();
  return name && !studioNameProblem(name) ? name : undefined;
}

/** A random Platform name, or `fallback` when there is none (offline, old Platform, 403). */
export async function proposedName(client: PlatformClient, fallback: string, onError?: (e: unknown) => void): Promise<string> {
  try {
    return (await randomName(client)) ?? fallback;
  } catch (e) {
    onError?.(e);
    return fallback;
  }
}
