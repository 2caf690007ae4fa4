import { format } from 'node:util';

/**
 * While the integration suite runs under the code-server harness, the extension
 * host's console reaches the harness mixed with the workbench's own log. The
 * harness sets SEQERA_TEST_LOG_PREFIX; every console line of the suite then
 * carries it (formatted, one line each) so the harness can tell the two apart.
 *
 * VS Code's extension host pins console.log & co. (their setters do nothing), so
 * the global `console` is swapped for one that prefixes and then calls them.
 * Returns a function that restores the console.
 */
export function prefixConsole(prefix: string | undefined): () => void {
  if (!prefix) return () => undefined;
  const original = globalThis.console;
  const wrapped = Object.create(original) as Console;
  for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const write = (...args: unknown[]): void => {
      for (const line of format(...args).split('\n')) original[m](prefix + line);
    };
    Object.defineProperty(wrapped, m, { value: write, writable: true, configurable: true });
  }
  try {
    Object.defineProperty(globalThis, 'console', { value: wrapped, writable: true, configurable: true });
  } catch {
    return () => undefined; // the harness then shows only what mocha prints through runMocha
  }
  return () => Object.defineProperty(globalThis, 'console', { value: original, writable: true, configurable: true });
}
