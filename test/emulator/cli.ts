import { startEmulator } from './index';
import type { FaultRule } from './types';

/**
 * `npm run emulator [-- --studios N --workspaces N --port N --wave-port N --seed N --speed N --latency MS --fail-rate X]`
 * Starts the emulator on a real clock and prints the URLs and a token.
 */
const USAGE = 'usage: npm run emulator -- [--port N] [--wave-port N] [--seed N] [--speed N] [--studios N] [--workspaces N] [--latency MS] [--fail-rate X] [--host H]';

function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') {
      console.log(USAGE);
      process.exit(0);
    }
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument '${a}'\n${USAGE}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value\n${USAGE}`);
    out[m[1]] = value;
  }
  return out;
}

function num(args: Record<string, string>, key: string): number | undefined {
  if (args[key] === undefined) return undefined;
  const n = Number(args[key]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${key} must be a non-negative number, got '${args[key]}'`);
  return n;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const known = ['port', 'wave-port', 'seed', 'speed', 'studios', 'workspaces', 'latency', 'fail-rate', 'host'];
  const unknown = Object.keys(args).find((k) => !known.includes(k));
  if (unknown) throw new Error(`unknown option --${unknown}\n${USAGE}`);
  const faults: FaultRule[] = [];
  const latency = num(args, 'latency');
  if (latency) faults.push({ kind: 'latency', ms: latency });
  const failRate = num(args, 'fail-rate');
  if (failRate) {
    if (failRate > 1) throw new Error('--fail-rate must be between 0 and 1');
    faults.push({ kind: 'status', status: 503, rate: failRate, retryAfterSeconds: 1 });
  }
  const emulator = await startEmulator({
    clock: 'real',
    host: args.host,
    platformPort: num(args, 'port') ?? 8008,
    wavePort: num(args, 'wave-port') ?? 9090,
    seed: num(args, 'seed'),
    speed: num(args, 'speed') ?? 1,
    scale: { studios: num(args, 'studios'), workspaces: num(args, 'workspaces') },
    faults,
  });
  const rnaseq = emulator.state.workspace('genomics-core', 'rnaseq');
  console.log(`Seqera Platform API: ${emulator.platformUrl}`);
  console.log(`Wave:                ${emulator.waveUrl}`);
  console.log(`Token:               ${emulator.token}`);
  console.log('');
  console.log(`Try: curl -H "Authorization: Bearer ${emulator.token}" "${emulator.platformUrl}/studios?workspaceId=${rnaseq.id}"`);
  console.log('Press Ctrl+C to stop.');
  const stop = (): void => {
    void emulator.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
