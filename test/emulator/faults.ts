import type { FaultKind, FaultRule, ServerName } from './types';
import type { Rng } from './rng';

interface ActiveRule {
  rule: FaultRule;
  fired: number;
}

export interface FaultDecision {
  /** Real milliseconds to wait before answering (sum of latency rules). */
  latencyMs: number;
  /** The rule that changes the answer, if any. */
  terminal?: FaultRule;
  applied: FaultKind[];
}

/** Seeded, per-route fault injection (see FaultRule). */
export class Faults {
  private rules: ActiveRule[] = [];
  /** Requests a `hold` rule stopped, waiting for `release`. */
  private held: (() => void)[] = [];
  private heldWaiters: { count: number; resolve: () => void }[] = [];

  constructor(private readonly rng: Rng) {}

  /** Parks a request until `release` (a `hold` rule matched it). */
  hold(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.held.push(resolve);
      for (const w of this.heldWaiters.filter((x) => this.held.length >= x.count)) {
        this.heldWaiters.splice(this.heldWaiters.indexOf(w), 1);
        w.resolve();
      }
    });
  }

  /** Resolves once at least `count` requests are held (tests wait for requests to arrive without a clock). */
  whenHeld(count: number): Promise<void> {
    if (this.held.length >= count) return Promise.resolve();
    return new Promise<void>((resolve) => this.heldWaiters.push({ count, resolve }));
  }

  /** Lets every held request go on to its real answer; returns how many there were. */
  release(): number {
    const held = this.held.splice(0);
    for (const go of held) go();
    return held.length;
  }

  add(rule: FaultRule): void {
    if (rule.rate !== undefined && !(rule.rate >= 0 && rule.rate <= 1)) throw new Error(`fault rate must be in 0..1, got ${rule.rate}`);
    this.rules.push({ rule, fired: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => r.rule);
  }

  decide(server: ServerName, method: string, path: string, query?: URLSearchParams): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, applied: [] };
    for (const active of this.rules) {
      const { rule } = active;
      if (!matches(rule, server, method, path)) continue;
      if (rule.query && !Object.entries(rule.query).every(([k, v]) => query?.get(k) === v)) continue;
      if (rule.count !== undefined && active.fired >= rule.count) continue;
      if (rule.kind !== 'latency' && decision.terminal) continue;
      const rate = rule.rate ?? 1;
      if (rate < 1 && this.rng.next() >= rate) continue;
      active.fired++;
      decision.applied.push(rule.kind);
      if (rule.kind === 'latency') decision.latencyMs += rule.ms ?? 100;
      else decision.terminal = rule;
    }
    return decision;
  }
}

function matches(rule: FaultRule, server: ServerName, method: string, path: string): boolean {
  if (rule.server && rule.server !== server) return false;
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path === undefined) return true;
  if (rule.path instanceof RegExp) return rule.path.test(path);
  if (rule.path.endsWith('*')) return path.startsWith(rule.path.slice(0, -1));
  return rule.path === path;
}

export const HTML_PAGE = `<!DOCTYPE html>
<html><head><title>Sign in - Corporate Proxy</title></head>
<body><h1>Authentication required</h1><p>Please sign in to continue to the requested site.</p></body></html>
`;

/** Breaks a JSON body so that it no longer parses, keeping the same length class. */
export function malform(body: string): string {
  const cut = Math.max(1, Math.floor(body.length * 0.6));
  return body.slice(0, cut) + ',,}{"';
}
