import * as os from 'node:os';

/** What the numbers were measured on: the machine is shared, so its load is part of the result. */
export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  freeMemoryGiB: number;
  node: string;
  platform: string;
  loadAverage: [number, number, number];
}

export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  const [l1, l5, l15] = os.loadavg();
  return {
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    freeMemoryGiB: Math.round((os.freemem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: [l1, l5, l15].map((x) => Math.round((x ?? 0) * 100) / 100) as [number, number, number],
  };
}
