import { startEmulator } from './index';
import type { FaultRule } from './types';

/**
 * `npm run emulator [-- --studios N --workspaces N --port N --wave-port N --seed N --speed N --latency MS --fail-rate X]`
 * Starts the emulator on a real clock and prints the URLs and a token.
 */
const USAGE = [
  'usage: npm run emulator -- [--port N] [--wave-port N] [--host H] [--seed N] [--speed X] [--studios N] [--workspaces N]',
  '         [--latency MS] [--fail-rate X] [--fault JSON]... [--build-quota N] [--request-rate N]',
  '  --fault \'{"kind":"reset","path":"/studios","rate":0.1}\'  any FaultRule; "pathRegex" for a RegExp path',
  '  --build-quota N   Wave: N new builds per hour, then 429;  --request-rate N   Wave: N requests per minute, then 503',
].join('\n');

function parseArgs(argv: string[]): { args: Record<string, string>; faults: string[] } {
  const out: Record<string, string> = {};
  const faults: string[] = [];
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
    if (m[1] === 'fault') faults.push(value);
    else out[m[1]] = value;
  }
  return { args: out, faults };
}

function parseFault(text: string): FaultRule {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`--fault needs a JSON FaultRule, got '${text}'`);
  }
  const rule = raw as FaultRule;
  const kinds = ['latency', 'status', 'reset', 'lostReply', 'hold', 'malformed', 'truncated', 'slowBody', 'html'];
  if (typeof rule !== 'object' || rule === null || !kinds.includes(rule.kind)) throw new Error(`--fault kind must be one of ${kinds.join(', ')}`);
  const { pathRegex, ...rest } = rule as FaultRule & { pathRegex?: unknown };
  if (typeof pathRegex === 'string') return { ...rest, path: new RegExp(pathRegex) };
  return rule;
}

function num(args: Record<string, string>, key: string): number | undefined {
  if (args[key] === undefined) return undefined;
  const n = Number(args[key]);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${key} must be a non-negative number, got '${args[key]}'`);
  return n;
}

async function main(): Promise<void> {
  const { args, faults: faultArgs } = parseArgs(process.argv.slice(2));
  const known = ['port', 'wave-port', 'seed', 'speed', 'studios', 'workspaces', 'latency', 'fail-rate', 'host', 'build-quota', 'request-rate'];
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
  faults.push(...faultArgs.map(parseFault));
  const buildQuota = num(args, 'build-quota');
  const requestRate = num(args, 'request-rate');
  const emulator = await startEmulator({
    clock: 'real',
    host: args.host,
    platformPort: num(args, 'port') ?? 8008,
    wavePort: num(args, 'wave-port') ?? 9090,
    seed: num(args, 'seed'),
    speed: num(args, 'speed') ?? 1,
    scale: { studios: num(args, 'studios'), workspaces: num(args, 'workspaces') },
    faults,
    waveLimits: { buildsPerWindow: buildQuota || undefined, requestsPerWindow: requestRate || undefined },
  });
  const rnaseq = emulator.state.workspace('genomics-core', 'rnaseq');
  console.log(`Seqera Platform API: ${emulator.platformUrl}`);
  console.log(`Wave:                ${emulator.waveUrl}`);
  console.log(`Token:               ${emulator.token}`);
  console.log('');
  console.log(`Try: curl -H "Authorization: Bearer ${emulator.token}" "${emulator.platformUrl}/studios?workspaceId=${rnaseq.id}"`);
  for (const f of faults) console.log(`Fault: ${JSON.stringify({ ...f, path: f.path instanceof RegExp ? String(f.path) : f.path })}`);
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
