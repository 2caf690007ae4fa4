import { HttpClient } from '../../../src/net/http';
import { undiciTransport } from '../../../src/net/undiciTransport';
import { WaveClient } from '../../../src/wave/client';
import { startEmulator, type Emulator } from '../../emulator';

export interface WaveEmulator {
  emu(): Emulator;
  http(): HttpClient;
  wave(): WaveClient;
  /** The watcher's pauses: each moves the emulator's clock instead of waiting. */
  sleep(ms: number): Promise<void>;
}

/**
 * A fresh emulator and a WaveClient on its Wave (plain Node, undici, no retry pauses)
 * for each test of the suite it is called in; both closed after each test.
 */
export function useWaveEmulator(): WaveEmulator {
  let emu: Emulator | undefined;
  let http: HttpClient | undefined;
  let wave: WaveClient | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the emulator starts in beforeEach');
    return value;
  };
  beforeEach(async () => {
    emu = await startEmulator();
    http = new HttpClient({ transport: undiciTransport(), sleep: async () => undefined });
    wave = new WaveClient(emu.waveUrl, http);
  });
  afterEach(async () => {
    await http?.close();
    await emu?.stop();
  });
  return {
    emu: () => started(emu),
    http: () => started(http),
    wave: () => started(wave),
    sleep: async (ms) => {
      await started(emu).clock.advance(ms);
    },
  };
}
