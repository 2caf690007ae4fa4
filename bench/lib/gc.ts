import * as v8 from 'node:v8';
import * as vm from 'node:vm';

/** A `gc()` without starting Node with --expose-gc (the flag is set at run time; the function comes from a new context). */
export function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

export interface MemorySample {
  rssMiB: number;
  heapUsedMiB: number;
  heapTotalMiB: number;
  externalMiB: number;
}

/** Two full collections (weak references, finalizers), then process.memoryUsage() in MiB. */
export function memorySample(gc: () => void): MemorySample {
  gc();
  gc();
  const m = process.memoryUsage();
  const mib = (n: number): number => Math.round((n / 2 ** 20) * 10) / 10;
  return { rssMiB: mib(m.rss), heapUsedMiB: mib(m.heapUsed), heapTotalMiB: mib(m.heapTotal), externalMiB: mib(m.external) };
}
