import * as assert from 'node:assert/strict';
import { SeqeraError } from '../../../src/net/errors';
import { entriesOf, itemsOf, lenient, map, nonEmptyStr, nullable, num, object, oneOf, optional, str } from '../../../src/net/validate';

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof SeqeraError && e.kind === 'invalidResponse', `an invalidResponse error: ${String(e)}`);
    return e.message;
  }
  assert.fail('expected a schema error');
}

describe('schema combinators (unit)', () => {
  it('nonEmptyStr names the field and what it got', () => {
    assert.equal(nonEmptyStr('a', 'x'), 'a');
    assert.equal(message(() => nonEmptyStr(undefined, 'GET /studios.studios[3].sessionId')), 'Unexpected response from the server: GET /studios.studios[3].sessionId should be a string but is missing.');
    assert.equal(message(() => nonEmptyStr('', 'Studio.sessionId')), 'Unexpected response from the server: Studio.sessionId should be a non-empty string but is empty.');
  });

  it('lenient reads a value that fails its check as absent, and lets other errors through', () => {
    const n = lenient(num);
    assert.equal(n(4, 'x'), 4);
    assert.equal(n('4', 'x'), undefined);
    assert.equal(n(undefined, 'x'), undefined);
    assert.equal(lenient(optional(num))(null, 'x'), undefined);
    const boom = lenient(() => {
      throw new Error('not a schema error');
    });
    assert.throws(() => boom(1, 'x'), /not a schema error/);
  });

  it('nullable keeps null and checks anything else', () => {
    assert.equal(nullable(str)(null, 'x'), null);
    assert.equal(nullable(str)('a', 'x'), 'a');
    assert.match(message(() => nullable(str)(1, 'p.q')), /p\.q should be a string but is number/);
  });

  it('itemsOf leaves out the items that fail, but still wants a list', () => {
    assert.deepEqual(itemsOf(str)(['a', 1, 'b', null], 'x'), ['a', 'b']);
    assert.match(message(() => itemsOf(str)('a', 'page.items')), /page\.items should be a list but is string/);
  });

  it('entriesOf keeps the entries that read as defined', () => {
    assert.deepEqual(entriesOf(lenient(str))({ A: '1', B: 2, C: 'x' }, 'env'), { A: '1', C: 'x' });
    assert.match(message(() => entriesOf(lenient(str))([], 'env')), /env should be an object but is an array/);
  });

  it('map derives values after the check; oneOf knows only its values', () => {
    const named = map(object<{ id: string; name?: string }>({ id: str, name: optional(str) }), (r) => ({ ...r, name: r.name ?? r.id }));
    assert.deepEqual(named({ id: 'a' }, 'x'), { id: 'a', name: 'a' });
    assert.match(message(() => named({}, 'thing')), /thing\.id should be a string but is missing/);
    assert.equal(oneOf(['a', 'b'] as const, 'b'), 'b');
    assert.equal(oneOf(['a', 'b'] as const, 'c'), undefined);
    assert.equal(oneOf(['a', 'b'] as const, undefined), undefined);
  });
});
