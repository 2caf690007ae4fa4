import * as assert from 'node:assert/strict';
import { canDo, compareStudios, endsVerb, isSettled, matchesFilter, studioContextValue, studioTool } from '../../../src/studios/studioStatus';
import { STUDIO_STATUSES } from '../../../src/platform/studioTypes';
import { studio } from './builders';

describe('studio status model (unit)', () => {
  it('settles on running, stopped, errored and buildFailed only', () => {
    const settled = STUDIO_STATUSES.filter((s) => isSettled(s));
    assert.deepEqual(settled, ['running', 'stopped', 'errored', 'buildFailed']);
  });

  it('#11.5 each verb has its own target statuses; an unknown status ends neither', () => {
    const all = [...STUDIO_STATUSES, 'unknown' as const];
    assert.deepEqual(all.filter((s) => endsVerb('start', s)), ['running', 'stopped', 'errored', 'buildFailed']);
    assert.deepEqual(all.filter((s) => endsVerb('stop', s)), ['stopped', 'errored', 'buildFailed']);
    assert.equal(isSettled('unknown'), false);
  });

  it('offers start and delete only when stopped, errored or buildFailed; never delete a running Studio', () => {
    for (const s of STUDIO_STATUSES) {
      const st = studio('x', s);
      assert.equal(canDo('start', st), ['stopped', 'errored', 'buildFailed'].includes(s), `start in ${s}`);
      assert.equal(canDo('delete', st), ['stopped', 'errored', 'buildFailed'].includes(s), `delete in ${s}`);
    }
    assert.equal(canDo('stop', studio('x', 'running')), true);
    assert.equal(canDo('open', studio('x', 'starting')), false);
  });

  it('builds a regex-matchable contextValue, with :ssh only for a running Studio with SSH details', () => {
    const ssh = { host: 'h', port: 22, user: 'u', command: 'ssh u@h' };
    assert.equal(studioContextValue(studio('a', 'stopped')), 'studio:stopped');
    assert.equal(studioContextValue(studio('a', 'running', { sshDetails: ssh })), 'studio:running:ssh');
    assert.equal(studioContextValue(studio('a', 'stopped', { sshDetails: ssh })), 'studio:stopped');
    assert.match(studioContextValue(studio('a', 'running', { sshDetails: ssh })), /^studio:running(:|$)/);
    assert.match(studioContextValue(studio('a', 'buildFailed')), /^studio:(stopped|errored|buildFailed)$/);
  });

  it('sorts running first, then Studios on their way, then by name (numeric, case-insensitive)', () => {
    const list = [studio('b10', 'stopped'), studio('B2', 'stopped'), studio('z', 'running'), studio('a', 'starting'), studio('c', 'running')];
    assert.deepEqual(list.sort(compareStudios).map((s) => s.name), ['c', 'z', 'a', 'B2', 'b10']);
  });

  it('filters on every word across name, tool, owner, status and compute env', () => {
    const s = studio('rnaseq', 'running', { template: { tool: 'jupyter' }, user: { userName: 'alice' }, computeEnv: { name: 'aws' } });
    assert.equal(matchesFilter(s, ''), true);
    assert.equal(matchesFilter(s, 'RNA jupyter'), true);
    assert.equal(matchesFilter(s, 'alice running aws'), true);
    assert.equal(matchesFilter(s, 'rnaseq rstudio'), false);
  });

  it('names the tool from the template, else from the image', () => {
    assert.equal(studioTool(studio('a', 'stopped', { template: { tool: 'rstudio' } })), 'rstudio');
    assert.equal(studioTool(studio('a', 'stopped', { template: { repository: 'cr.seqera.io/public/data-studio-xpra:6.0' } })), 'data-studio-xpra');
    assert.equal(studioTool(studio('a')), undefined);
  });
});
