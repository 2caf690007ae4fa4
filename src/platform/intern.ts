/**
 * Keeps one copy of equal small values that thousands of parsed Studios repeat:
 * the owner, the template, the compute environment, the configuration, the
 * base image. JSON.parse gives every Studio its own objects and strings for
 * them; a 5,000-Studio workspace held them 5,000 times (#18: memory per
 * Studio). A shared value is frozen, so no caller can change it for every
 * Studio at once. The table is bounded: past `limit` entries it starts over,
 * which costs duplicates, never correctness.
 */
export class Interner {
  private readonly table = new Map<string, unknown>();

  constructor(private readonly limit = 4_096) {}

  /** The one frozen copy of a JSON-like value equal to `value`. */
  value<T>(value: T): T {
    if (value === null || typeof value !== 'object') return value;
    const key = JSON.stringify(value);
    const found = this.table.get(key);
    if (found !== undefined) return found as T;
    this.remember(key, deepFreeze(value));
    return value;
  }

  /** The one copy of an equal string (V8 keeps each string JSON.parse returns apart). */
  string(value: string): string {
    const key = `s:${value}`;
    const found = this.table.get(key);
    if (typeof found === 'string') return found;
    this.remember(key, value);
    return value;
  }

  get size(): number {
    return this.table.size;
  }

  private remember(key: string, value: unknown): void {
    if (this.table.size >= this.limit) this.table.clear();
    this.table.set(key, value);
  }
}

/**
 * The same for flat objects (every value a string, number, boolean or absent), found by one of their
 * fields (`keyOf`, e.g. the id) and compared field by field: no key string to build, which is most of what
 * interning cost a 1,000-Studio list load (#18). An object equal in its key but not in the rest replaces
 * the kept copy (a renamed user): later equal ones share the new copy.
 */
export class FlatInterner<T extends object> {
  private readonly table = new Map<unknown, T>();

  constructor(
    private readonly keyOf: (value: T) => unknown,
    private readonly limit = 4_096,
  ) {}

  value(value: T): T {
    const key = this.keyOf(value);
    const found = this.table.get(key);
    if (found !== undefined && sameFields(found, value)) return found;
    if (this.table.size >= this.limit) this.table.clear();
    this.table.set(key, Object.freeze(value));
    return value;
  }
}

function sameFields(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const key in x) {
    if (x[key] !== y[key]) return false;
    n++;
  }
  return Object.keys(y).length === n;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * The one empty list every Studio without progress steps, connections or data links shares. Frozen: the
 * types say `T[]` (nothing in the extension changes a parsed list), and a push would throw, not leak.
 */
export function emptyList<T>(): T[] {
  return EMPTY as unknown as T[];
}
