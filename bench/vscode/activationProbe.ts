import { Module } from 'node:module';
import * as path from 'node:path';

/**
 * Splits the extension's activation into its two parts, from inside the
 * extension host and without touching the extension: VS Code loads the file of
 * `main` with Node's module loader (`Module._load`, behind VS Code's own
 * interceptor for `vscode`) and then calls its `activate`. The probe wraps
 * `Module._load` until that file is loaded: the time of the load (read, compile
 * and evaluate the bundle, and everything it `require`s at the top) and, by
 * wrapping the `activate` it exports, the time of that call.
 */
export interface ActivationParts {
  /** dist/extension.js read, compiled and evaluated (with its top-level requires). */
  loadMs: number | null;
  /** The extension's own activate() call. */
  activateMs: number | null;
  /**
   * The same two parts in CPU time of the extension host process (`process.cpuUsage`, user + system):
   * what the work costs without the waits of a loaded machine, where wall time mostly measures the queue.
   * Process-wide: the host's other threads (the garbage collector's) count too.
   */
  loadCpuMs: number | null;
  activateCpuMs: number | null;
  /** Files under dist/ that were loaded by the time activate() returned (e.g. no dist/lazy/ parser). */
  distFiles: string[];
}

interface Loader {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
}

export function probeActivation(mainFile: string): { parts(): ActivationParts; dispose(): void } {
  const loader = Module as unknown as Loader;
  const original = loader._load;
  const target = path.resolve(mainFile);
  const distDir = path.dirname(target);
  let loadMs: number | null = null;
  let activateMs: number | null = null;
  let loadCpuMs: number | null = null;
  let activateCpuMs: number | null = null;
  let distAtActivate: string[] = [];
  const distFiles = (): string[] =>
    Object.keys(require.cache)
      .filter((f) => f.startsWith(distDir + path.sep))
      .map((f) => path.relative(distDir, f).split(path.sep).join('/'))
      .sort();
  loader._load = function (this: unknown, request: string, parent: unknown, isMain: boolean): unknown {
    const resolved = path.isAbsolute(request) ? path.resolve(request) : undefined;
    if (resolved !== target && resolved !== target.replace(/\.js$/, '')) return original.call(this, request, parent, isMain);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const exports = original.call(this, request, parent, isMain) as { activate?: (...args: unknown[]) => unknown };
    loadCpuMs ??= cpuMs(process.cpuUsage(c0));
    loadMs ??= round(performance.now() - t0);
    const activate = exports.activate;
    if (typeof activate !== 'function' || activateMs !== null) return exports;
    // The bundle's exports are getters that cannot be replaced: hand VS Code an object
    // that inherits them and times the one activate() call it makes.
    const timed = function (this: unknown, ...args: unknown[]): unknown {
      const a0 = performance.now();
      const c0 = process.cpuUsage();
      try {
        return activate.apply(this, args);
      } finally {
        activateCpuMs = cpuMs(process.cpuUsage(c0));
        activateMs = round(performance.now() - a0);
        distAtActivate = distFiles();
      }
    };
    return Object.create(exports, { activate: { value: timed, enumerable: true } }) as unknown;
  };
  return {
    parts: () => ({ loadMs, activateMs, loadCpuMs, activateCpuMs, distFiles: distAtActivate }),
    dispose: () => {
      loader._load = original;
    },
  };
}

function cpuMs(usage: NodeJS.CpuUsage): number {
  return round((usage.user + usage.system) / 1000);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
