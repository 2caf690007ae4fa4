import * as assert from 'node:assert/strict';
import { FlatInterner } from '../../../src/platform/intern';
import { parseStudioPage } from '../../../src/platform/studioParse';
import { looseBool, looseNum, looseStr, object } from '../../../src/net/validate';

describe('interning and the loose scalar checks of a Studios page (unit)', () => {
  it('FlatInterner: equal flat objects share one frozen copy; a differing or missing field does not', () => {
    const users = new FlatInterner<{ id?: number; userName?: string; email?: string }>((u) => u.id);
    const first = users.value({ id: 7, userName: 'alice', email: 'a@example.org' });
    assert.equal(users.value({ id: 7, userName: 'alice', email: 'a@example.org' }), first);
    assert.ok(Object.isFrozen(first));
    const renamed = users.value({ id: 7, userName: 'alice2', email: 'a@example.org' });
    assert.notEqual(renamed, first);
    assert.deepEqual(renamed, { id: 7, userName: 'alice2', email: 'a@example.org' });
    assert.equal(users.value({ id: 7, userName: 'alice2', email: 'a@example.org' }), renamed, 'the renamed one is kept from now on');
    const noEmail = users.value({ id: 7, userName: 'alice2' });
    assert.deepEqual(noEmail, { id: 7, userName: 'alice2' }, 'a field fewer is another object, not the kept one');
    const moreFields = users.value({ id: 7, userName: 'alice2', email: 'x@example.org' });
    assert.equal(moreFields.email, 'x@example.org');
  });

  it('Studios of one page share their owner, template and compute environment, and keep their own values', () => {
    const studio = (id: string, userName: string) => ({
      sessionId: id,
      user: { id: 1, userName, email: 'u@example.org' },
      template: { repository: 'cr.seqera.io/public/data-studio-jupyter:4.2.5', tool: 'jupyter' },
      computeEnv: { id: 'ce1', name: 'aws-batch' },
      statusInfo: { status: 'running', lastUpdate: '2025-06-02T09:00:00Z' },
    });
    const page = parseStudioPage({ studios: [studio('a', 'jsmith'), studio('b', 'jsmith'), studio('c', 'renamed')], totalSize: 3 });
    const [a, b, c] = page.studios;
    assert.ok(a && b && c);
    assert.equal(a.user, b.user);
    assert.equal(a.template, b.template);
    assert.equal(a.computeEnv, c.computeEnv);
    assert.notEqual(c.user, a.user);
    assert.equal(c.user?.userName, 'renamed');
    assert.equal(a.user?.userName, 'jsmith');
    assert.deepEqual(a.statusInfo, { status: 'running', lastUpdate: '2025-06-02T09:00:00Z' });
  });

  it('looseStr/looseNum/looseBool read the value when it has the type, else as absent, like lenient(optional(…))', () => {
    const check = object<{ s?: string; n?: number; b?: boolean }>({ s: looseStr, n: looseNum, b: looseBool });
    assert.deepEqual(check({ s: 'x', n: 2, b: false }, 'v'), { s: 'x', n: 2, b: false });
    assert.deepEqual(check({ s: 1, n: '2', b: 'true' }, 'v'), {});
    assert.deepEqual(check({ s: null, n: Number.POSITIVE_INFINITY, b: null }, 'v'), {});
    assert.deepEqual(check({}, 'v'), {});
    assert.throws(() => check('not an object', 'GET /x'), /GET \/x should be an object but is string/);
  });
});
