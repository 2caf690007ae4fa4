/**
 * The targets of issue #18, each beside its measured value, for the bench
 * table and `targets` in bench/results/latest.json. `met` is null when the
 * run did not measure it (e.g. --node-only). Every id is documented in the
 * Benchmarks page (docs/benchmarks.md); ids are stable.
 */
export interface TargetCheck {
  /** Stable key, e.g. 'waveLogP90Ms'. */
  id: string;
  /** The target, in words: '≤ 1000 ms'. */
  target: string;
  /** The measured number (unit in `unit`), or null when not measured in this run. */
  value: number | null;
  unit: string;
  met: boolean | null;
  /** How the value was taken. */
  how: string;
}

export function check(id: string, value: number | null | undefined, op: '<=' | '==', limit: number, unit: string, how: string): TargetCheck {
  const v = value === undefined || value === null || Number.isNaN(value) ? null : Math.round(value * 100) / 100;
  const met = v === null ? null : op === '<=' ? v <= limit : v === limit;
  return { id, target: `${op === '<=' ? '≤' : '='} ${limit}${unit ? ` ${unit}` : ''}`, value: v, unit, met, how };
}

export function metText(t: TargetCheck | undefined): string {
  if (!t) return '';
  return t.met === null ? 'n/a' : t.met ? 'yes' : 'NO';
}
