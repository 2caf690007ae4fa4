import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { packBuildContext } from '../../src/wave/contextPacker';
import { generateTree } from '../node/contextPack';
import { summarise, type Summary } from '../lib/stats';

/**
 * bench/node/contextPack.ts's 5 MiB tree packed inside the extension host, on
 * its event loop (the one every extension shares), with the extension's packer:
 * how long the loop is held up at most while a build context is packed.
 */
export interface HostPackResult {
  files: number;
  bytes: number;
  packerMs: Summary;
  /** Longest event-loop delay of each run (perf_hooks.monitorEventLoopDelay, 10 ms resolution). */
  eventLoopMaxDelayMs: Summary;
}

export async function packInExtensionHost(repeats: number): Promise<HostPackResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'seqera-bench-host-context-'));
  try {
    const tree = generateTree(dir);
    await packBuildContext(dir); // warm-up: page cache, zlib
    const ms: number[] = [];
    const delays: number[] = [];
    for (let i = 0; i < repeats; i++) {
      const h = monitorEventLoopDelay({ resolution: 10 });
      h.enable();
      const t0 = performance.now();
      const packed = await packBuildContext(dir);
      ms.push(performance.now() - t0);
      h.disable();
      delays.push(h.max / 1e6);
      if (packed.files.length !== tree.files) throw new Error(`packed ${packed.files.length} files of ${tree.files}`);
    }
    return { files: tree.files, bytes: tree.bytes, packerMs: summarise(ms), eventLoopMaxDelayMs: summarise(delays) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
