import * as assert from 'node:assert/strict';
import { changedFields, currentValues, editProblems, mountedIds, updateRequest } from '../../../src/studios/editDraft';
import { studio } from './builders';

/** The PUT /studios/{id} body that "Edit Studio…" sends (#16.3), from the Studio and the fields changed. */
describe('Studio edit request (unit)', () => {
  const base = studio('qc', 'stopped', {
    description: 'QC notebook',
    computeEnv: { id: 'ce-1', name: 'batch' },
    configuration: {
      cpu: 2,
      memory: 8192,
      gpu: 0,
      lifespanHours: 4,
      environment: { A: '1' },
      sshEnabled: false,
      mountData: ['dl-1'],
      mountDataV2: [{ dataLinkId: 'dl-1', path: '/workspace/data/reads' }],
    },
  });

  it('sends nothing when no field differs from the Studio (values set back to what they were are no change)', () => {
    assert.equal(updateRequest(base, {}), undefined);
    assert.equal(updateRequest(base, { name: ' qc ', cpu: 2, mountDataLinkIds: ['dl-1'], sshEnabled: false, computeEnvId: 'ce-1' }), undefined);
  });

  it('names only the changed top-level fields', () => {
    assert.deepEqual(updateRequest(base, { name: 'qc-2 ', description: 'QC notebook' }), { name: 'qc-2' });
    assert.deepEqual(updateRequest(base, { computeEnvId: 'ce-2' }), { computeEnvId: 'ce-2' });
  });

  it('sends the whole configuration with the change laid over it, mounts as mountDataV2 only (paths kept), never the deprecated mountData', () => {
    assert.deepEqual(updateRequest(base, { cpu: 8, memory: 32768 }), {
      configuration: {
        cpu: 8,
        memory: 32768,
        gpu: 0,
        lifespanHours: 4,
        environment: { A: '1' },
        sshEnabled: false,
        mountDataV2: [{ dataLinkId: 'dl-1', path: '/workspace/data/reads' }],
      },
    });
    const mounts = updateRequest(base, { mountDataLinkIds: ['dl-2', 'dl-1'], sshEnabled: true, condaEnvironment: '' });
    assert.deepEqual(mounts?.configuration?.mountDataV2, [{ dataLinkId: 'dl-2' }, { dataLinkId: 'dl-1', path: '/workspace/data/reads' }]);
    assert.equal(mounts?.configuration?.sshEnabled, true);
    assert.equal('mountData' in (mounts?.configuration ?? {}), false);
    // The Studio had no conda environment: '' is no change, so it is not sent.
    assert.equal(mounts?.configuration?.condaEnvironment, undefined);
    assert.deepEqual(changedFields(base, { mountDataLinkIds: [] }), ['mountDataLinkIds']);
    assert.deepEqual(updateRequest(base, { mountDataLinkIds: [] })?.configuration?.mountDataV2, []);
  });

  it('an empty conda environment removes the one the Studio has', () => {
    const conda = studio('c', 'stopped', { configuration: { condaEnvironment: 'dependencies:\n  - samtools\n' } });
    assert.deepEqual(updateRequest(conda, { condaEnvironment: '' }), { configuration: { condaEnvironment: '', mountDataV2: [] } });
  });

  it('reads the mounted data from mountDataV2, else mountData, else the mounted data links', () => {
    assert.deepEqual(mountedIds(studio('a', 'stopped', { configuration: { mountData: ['x', 'y'] } })), ['x', 'y']);
    assert.deepEqual(mountedIds(studio('b', 'stopped', { mountedDataLinks: [{ id: 'z', name: 'zed' }] })), ['z']);
    assert.deepEqual(mountedIds(studio('c', 'stopped', { configuration: { mountData: [], mountDataV2: [{ dataLinkId: 'v' }] } })), ['v']);
    assert.deepEqual(currentValues(studio('d')).mountDataLinkIds, []);
  });

  it('refuses what the spec limits before anything is sent: name 1-80, description and conda at most 2,048, whole resources', () => {
    assert.deepEqual(editProblems({ name: '  ' }), [{ field: 'name', problem: 'must not be empty' }]);
    assert.deepEqual(editProblems({ name: 'n'.repeat(81) }), [{ field: 'name', problem: 'must be at most 80 characters (it has 81)' }]);
    assert.deepEqual(editProblems({ name: 'n'.repeat(80), description: 'd'.repeat(2048), condaEnvironment: 'c'.repeat(2048) }), []);
    assert.deepEqual(editProblems({ description: 'd'.repeat(2049) }).map((p) => p.field), ['description']);
    assert.deepEqual(editProblems({ condaEnvironment: 'c'.repeat(2049) }).map((p) => p.field), ['condaEnvironment']);
    assert.deepEqual(editProblems({ cpu: 0, memory: 1.5, gpu: -1, lifespanHours: 0 }).map((p) => p.field), ['cpu', 'memory', 'gpu', 'lifespanHours']);
    assert.deepEqual(editProblems({ cpu: 1, memory: 1, gpu: 0, lifespanHours: 1 }), []);
  });
});
