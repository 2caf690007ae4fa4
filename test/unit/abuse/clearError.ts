import * as assert from 'node:assert/strict';
import { SeqeraError, type SeqeraErrorKind } from '../../../src/net/errors';

/**
 * What every refusal in the abuse suite must look like: a SeqeraError (never a
 * TypeError or a raw Node error: those would reach the user as "Cannot read
 * properties of undefined"), of the expected kind, whose message says what is
 * wrong (the case's pattern) in one readable sentence or two: no leaked
 * internals, no stack, no `undefined`/`[object Object]`, not a wall of text.
 */
export interface Expectation {
  kind: SeqeraErrorKind;
  /** What the message must say: the specific problem, and where. */
  message: RegExp;
}

const INTERNALS = [
  /\bundefined\b/,
  /\[object \w+\]/,
  /\bNaN\b/,
  /\b(TypeError|RangeError|SyntaxError|ReferenceError)\b/,
  /\n\s+at /,
  /Cannot read propert/,
  /is not a function/,
  /Unexpected token/,
];

export function assertClearError(e: unknown, expected: Expectation, what = 'the error'): SeqeraError {
  if (!(e instanceof SeqeraError)) {
    const shown = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    assert.fail(`${what}: expected a SeqeraError, got ${shown}`);
  }
  assert.equal(e.kind, expected.kind, `${what}: kind of "${e.message}"`);
  assert.match(e.message, expected.message, `${what}: message "${e.message}"`);
  for (const bad of INTERNALS) assert.doesNotMatch(e.message, bad, `${what}: "${e.message}" leaks internals`);
  assert.ok(e.message.length >= 20 && e.message.length <= 600, `${what}: message of ${e.message.length} characters`);
  assert.match(e.message, /[.!?)]$/, `${what}: "${e.message}" is not a finished sentence`);
  return e;
}

/** Runs `fn` (sync or async) and returns what it threw; fails when it does not throw. */
export async function thrownBy(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (e) {
    return e;
  }
  return assert.fail('expected a refusal, but it was accepted');
}
