import type { Services } from '../services';
import { WaveClient } from '../wave/client';

/**
 * A Wave build's log by its build id, into the "Seqera: Wave builds" channel
 * (for builds that are not in the Wave Builds view, such as a Studio's image
 * build). Wave serves logs publicly by id: no token is sent. Resolves with
 * the log, or undefined while Wave serves none (404 until the build ends).
 */
export async function showWaveBuildLogById(
  services: Services,
  build: { waveUrl: string; buildId: string; heading: string },
  signal?: AbortSignal,
): Promise<string | undefined> {
  const log = await new WaveClient(build.waveUrl, services.http).buildLog(build.buildId, signal);
  if (log === undefined) return undefined;
  services.waveOutput.info(build.heading);
  services.waveOutput.buildLog(log);
  services.waveOutput.show();
  return log;
}
