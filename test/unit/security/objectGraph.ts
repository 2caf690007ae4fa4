/**
 * Walks everything reachable from a value through own properties (string and
 * symbol keys, accessors read through their descriptors' stored values only:
 * getters are never called), prototypes, Map/Set entries and array items, and
 * reports the first path to a value `isSecret` accepts. Closures cannot be
 * walked, so a function reached is reported too when `functionsAreOpaque` is set:
 * what a caller can invoke may hand out what it closes over.
 */
export interface Finding {
  path: string;
  what: string;
}

export interface WalkOptions {
  isSecret: (value: unknown) => string | undefined;
  /** Report every function other than built-ins (their closures may hold anything). */
  functionsAreOpaque?: boolean;
  /** Stop after this many objects (a runaway graph is itself a finding). */
  limit?: number;
}

const BUILTIN_PROTOTYPES = new Set<unknown>([Object.prototype, Function.prototype, Array.prototype, Map.prototype, Set.prototype, Promise.prototype, Error.prototype]);

export function findSecret(root: unknown, options: WalkOptions): Finding | undefined {
  const seen = new Set<unknown>();
  const limit = options.limit ?? 100_000;
  const queue: { value: unknown; path: string }[] = [{ value: root, path: 'exports' }];
  while (queue.length > 0) {
    const { value, path } = queue.shift()!;
    const secret = options.isSecret(value);
    if (secret) return { path, what: secret };
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) continue;
    if (seen.has(value) || BUILTIN_PROTOTYPES.has(value)) continue;
    seen.add(value);
    if (seen.size > limit) return { path, what: `more than ${limit} objects reachable` };
    if (typeof value === 'function' && options.functionsAreOpaque) return { path, what: 'a function (its closure cannot be inspected)' };
    const push = (v: unknown, p: string): void => void queue.push({ value: v, path: p });
    push(Object.getPrototypeOf(value), `${path}.__proto__`);
    for (const key of Reflect.ownKeys(value)) {
      const d = Object.getOwnPropertyDescriptor(value, key);
      if (!d) continue;
      const name = `${path}.${String(key)}`;
      if ('value' in d) push(d.value, name);
      else {
        if (d.get) push(d.get, `${name}<get>`);
        if (d.set) push(d.set, `${name}<set>`);
      }
    }
    if (value instanceof Map) {
      let i = 0;
      for (const [k, v] of value) {
        push(k, `${path}<key ${i}>`);
        push(v, `${path}<value ${i++}>`);
      }
    } else if (value instanceof Set) {
      let i = 0;
      for (const v of value) push(v, `${path}<item ${i++}>`);
    }
  }
  return undefined;
}
