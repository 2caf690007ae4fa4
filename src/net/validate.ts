import { SeqeraError } from './errors';

/**
 * A very small schema checker for JSON at the edge. A `Check<T>` narrows an
 * unknown value to T or throws a SeqeraError 'invalidResponse' naming the bad
 * field. `object()` keeps only the declared fields, so the typed DTOs hold
 * exactly what the code reads. Absent and null optional fields both become
 * undefined (servers send either). Enum-like strings are read as strings:
 * a new server value must not break the extension.
 *
 * Why not zod & co.: a dozen DTOs with mostly optional fields, ~70 lines here
 * versus a bundle dependency larger than the extension itself.
 */
export type Check<T> = (value: unknown, path: string) => T;

export function invalid(path: string, expected: string, value: unknown): SeqeraError {
  const got =
    value === undefined
      ? 'missing'
      : value === null
        ? 'null'
        : value === ''
          ? 'empty'
        : Array.isArray(value)
          ? 'an array'
          : typeof value === 'number' && !Number.isFinite(value)
            ? 'out of range'
            : typeof value;
  return new SeqeraError('invalidResponse', `Unexpected response from the server: ${path} should be ${expected} but is ${got}.`, {
    detail: `schema check failed at ${path}`,
  });
}

export const str: Check<string> = (v, path) => {
  if (typeof v !== 'string') throw invalid(path, 'a string', v);
  return v;
};

export const num: Check<number> = (v, path) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid(path, 'a number', v);
  return v;
};

export const bool: Check<boolean> = (v, path) => {
  if (typeof v !== 'boolean') throw invalid(path, 'true or false', v);
  return v;
};

/** Any JSON value, unchecked (for pass-through data the extension does not read). */
export const unknownValue: Check<unknown> = (v) => v;

/** A value that may be absent or null; both read as undefined. */
export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (v, path) => (v === undefined || v === null ? undefined : check(v, path));
}

export function arrayOf<T>(check: Check<T>): Check<T[]> {
  return (v, path) => {
    if (!Array.isArray(v)) throw invalid(path, 'a list', v);
    return v.map((item, i) => check(item, `${path}[${i}]`));
  };
}

/** One list item that did not pass its check and was left out: where it was and why. */
export interface DroppedItem {
  path: string;
  message: string;
}

/** The readable items of a list read with `lenientArrayOf`, and the ones left out. */
export interface LenientList<T> {
  items: T[];
  dropped: DroppedItem[];
  /** How many items the server sent (readable or not): paging counts these, not only the readable ones. */
  received: number;
}

/**
 * A list read item by item: an item whose check fails is left out and reported in `dropped`, so one
 * malformed item never hides the others. The list itself must still be a list: a malformed envelope
 * fails as clearly as with `arrayOf`.
 */
export function lenientArrayOf<T>(check: Check<T>): Check<LenientList<T>> {
  return (v, path) => {
    if (!Array.isArray(v)) throw invalid(path, 'a list', v);
    const items: T[] = [];
    const dropped: DroppedItem[] = [];
    v.forEach((item, i) => {
      const at = `${path}[${i}]`;
      try {
        items.push(check(item, at));
      } catch (e) {
        if (!(e instanceof SeqeraError) || e.kind !== 'invalidResponse') throw e;
        dropped.push({ path: at, message: e.message });
      }
    });
    return { items, dropped, received: v.length };
  };
}

/** A string-to-string map such as environment variables. */
export const stringRecord: Check<Record<string, string>> = (v, path) => {
  const o = record(v, path);
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(o)) out[k] = str(val, `${path}.${k}`);
  return out;
};

function record(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw invalid(path, 'an object', v);
  return v as Record<string, unknown>;
}

/** Shape of T as one check per field; the compiler keeps it in step with the interface. */
export type Shape<T> = { [K in keyof T]-?: Check<T[K]> };

export function object<T>(shape: Shape<T>): Check<T> {
  const keys = Object.keys(shape) as (keyof T & string)[];
  const checks = keys.map((key) => shape[key]);
  // A check that never reads its path is not given one: no path string per field of every item (#18 list load).
  const needsPath = checks.map((check) => !PATH_FREE.has(check as Check<unknown>));
  return (v, path) => {
    const o = record(v, path);
    const out: Partial<T> = {};
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as keyof T & string;
      const value = (checks[i] as Check<T[keyof T & string]>)(o[key], needsPath[i] ? `${path}.${key}` : path);
      if (value !== undefined) out[key] = value;
    }
    return out as T;
  };
}

/** Checks that never fail, so never name their path. */
const PATH_FREE = new WeakSet<Check<unknown>>();

function pathFree<T>(check: Check<T>): Check<T> {
  PATH_FREE.add(check as Check<unknown>);
  return check;
}

/**
 * `lenient(optional(str))` and the like for the three JSON scalars, written out: the value when it has
 * the type, else undefined. They never throw, so an object of them builds no path strings.
 */
export const looseStr: Check<string | undefined> = pathFree((v) => (typeof v === 'string' ? v : undefined));
export const looseNum: Check<number | undefined> = pathFree((v) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined));
export const looseBool: Check<boolean | undefined> = pathFree((v) => (typeof v === 'boolean' ? v : undefined));

/** Runs a check on a whole response body; `what` names the response in messages. */
export function parse<T>(check: Check<T>, what: string): (value: unknown) => T {
  return (value) => check(value, what);
}

/** A string with at least one character (an id). */
export const nonEmptyStr: Check<string> = (v, path) => {
  if (str(v, path) === '') throw invalid(path, 'a non-empty string', v);
  return v as string;
};

/** A value that may be null, kept as null (a field where the server's null means "none"); anything else goes through `check`. */
export function nullable<T>(check: Check<T>): Check<T | null> {
  return (v, path) => (v === null ? null : check(v, path));
}

/** `check`, then `to` on what it read: defaults, and values made of several fields. */
export function map<T, U>(check: Check<T>, to: (value: T) => U): Check<U> {
  return (v, path) => to(check(v, path));
}

/**
 * Best effort, for a part the extension can do without: a value that fails its check reads as absent, as if
 * the server had not sent it, so one odd field never hides the object that holds it. Strict is the default;
 * use this only where the code has a fallback for the absent value. An absent value is not checked; null is
 * (wrap the check in `optional` or `nullable` to read it as undefined or keep it).
 */
export function lenient<T>(check: Check<T>): Check<T | undefined> {
  return (v, path) => {
    if (v === undefined) return undefined;
    try {
      return check(v, path);
    } catch (e) {
      if (e instanceof SeqeraError && e.kind === 'invalidResponse') return undefined;
      throw e;
    }
  };
}

/** A list whose items that fail their check are left out without a word (parts of one object; whole answers use `lenientArrayOf`). */
export function itemsOf<T>(check: Check<T>): Check<T[]> {
  return map(lenientArrayOf(check), (list) => list.items);
}

/** An object used as a map; entries whose value reads as undefined (see `lenient`) are left out. */
export function entriesOf<T>(check: Check<T | undefined>): Check<Record<string, T>> {
  return (v, path) => {
    const out: Record<string, T> = {};
    for (const [k, val] of Object.entries(record(v, path))) {
      const read = check(val, `${path}.${k}`);
      if (read !== undefined) out[k] = read;
    }
    return out;
  };
}

/** `value` when it is one of `values`, else undefined (a value the server added later). */
export function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return (values as readonly string[]).includes(value ?? '') ? (value as T) : undefined;
}
