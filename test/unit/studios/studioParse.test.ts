import * as assert from 'node:assert/strict';
import { SeqeraError } from '../../../src/net/errors';
import {
  parseCheckpointPage,
  parseComputeEnvs,
  parseCreateResponse,
  parseStartStop,
  parseStudio,
  parseStudioPage,
} from '../../../src/platform/studioParse';

describe('studio JSON narrowing (unit)', () => {
  const full = {
    sessionId: '3e8370e7',
    workspaceId: 42,
    name: 'rnaseq-dev',
    user: { id: 7, userName: 'alice', email: 'a@example.org', avatar: 'x' },
    isPrivate: true,
    template: { repository: 'cr.seqera.io/public/data-studio-vscode:1.93.1', tool: 'vscode', status: 'recommended' },
    computeEnv: { id: 'ce1', name: 'aws-batch', platform: 'aws-batch', region: 'eu-west-1', credentialsId: 'c', workDir: 's3://w' },
    configuration: { cpu: 2, memory: 8192, gpu: 0, lifespanHours: 8, sshEnabled: true, environment: { A: '1', B: 2 } },
    statusInfo: { status: 'starting', message: 'x', stopReason: 'LIFESPAN_EXPIRED' },
    progress: [{ status: 'in-progress', message: 'Provisioning compute resources' }, { status: 'weird', message: 'Mounting' }],
    activeConnections: [{ id: 8, userName: 'bob', lastActive: '2025-01-01T00:00:00Z' }],
    parentCheckpoint: { checkpointId: 5, checkpointName: 'cp5', sessionId: 'p1', studioName: 'parent' },
    sshDetails: { host: 'h', port: 22, user: 'u', command: 'ssh u@h' },
    mountedDataLinks: [{ id: 'v1-dl', name: 'bucket', resourceRef: 's3://b' }],
    effectiveLifespanHours: 8,
    lastStarted: '2025-01-22T15:16:11Z',
  };

  it('keeps the fields the extension reads', () => {
    const s = parseStudio(full);
    assert.equal(s.sessionId, '3e8370e7');
    assert.equal(s.statusInfo.status, 'starting');
    assert.equal(s.statusInfo.stopReason, 'LIFESPAN_EXPIRED');
    assert.deepEqual(s.user, { id: 7, userName: 'alice', email: 'a@example.org' });
    assert.deepEqual(s.configuration?.environment, { A: '1' });
    assert.equal(s.progress[1].status, 'pending', 'an unknown step status falls back to pending');
    assert.equal(s.sshDetails?.command, 'ssh u@h');
    assert.equal(s.parentCheckpoint?.checkpointName, 'cp5');
    assert.equal(s.activeConnections[0].userName, 'bob');
  });

  it('keeps a Studio with an unknown status, remembering the raw value', () => {
    const s = parseStudio({ sessionId: 'a', statusInfo: { status: 'hibernating' } });
    assert.equal(s.statusInfo.status, 'unknown');
    assert.equal(s.statusInfo.rawStatus, 'hibernating');
    assert.equal(s.name, 'a', 'a missing name falls back to the id');
  });

  it('drops fields of the wrong type instead of failing', () => {
    const s = parseStudio({ sessionId: 'a', name: 3, isPrivate: 'yes', progress: 'x', sshDetails: { host: 'h' } });
    assert.equal(s.name, 'a');
    assert.equal(s.isPrivate, undefined);
    assert.deepEqual(s.progress, []);
    assert.equal(s.sshDetails, undefined);
  });

  it('keeps the nulls the Platform uses for "none" and reads other nulls as absent', () => {
    const s = parseStudio({
      sessionId: 'a',
      description: null,
      sshDetails: null,
      configuration: { environment: null, mountData: null, mountDataV2: [{ dataLinkId: 'd', path: null }], sshEnabled: null, cpu: null },
    });
    assert.equal('description' in s, false);
    assert.equal(s.sshDetails, undefined);
    assert.deepEqual(s.configuration, { environment: null, mountData: null, mountDataV2: [{ dataLinkId: 'd', path: null }], sshEnabled: null });
  });

  it('names the field of a refused Studio, as in a page', () => {
    assert.throws(
      () => parseStudio({ sessionId: '' }, 'GET /studios.studios[3]'),
      (e: unknown) => e instanceof SeqeraError && e.message === 'Unexpected response from the server: GET /studios.studios[3].sessionId should be a non-empty string but is empty.',
    );
    assert.throws(
      () => parseStudio({ name: 'x' }, 'GET /studios.studios[3]'),
      (e: unknown) => e instanceof SeqeraError && e.message === 'Unexpected response from the server: GET /studios.studios[3].sessionId should be a string but is missing.',
    );
  });

  it('rejects a Studio without sessionId as an invalid response', () => {
    assert.throws(() => parseStudio({ name: 'x' }), (e: unknown) => e instanceof SeqeraError && e.kind === 'invalidResponse');
    assert.throws(() => parseStudioPage({ totalSize: 1 }), SeqeraError);
  });

  it('reads pages with totalSize, defaulting it to the page length', () => {
    assert.equal(parseStudioPage({ studios: [full], totalSize: 250 }).totalSize, 250);
    assert.equal(parseStudioPage({ studios: [full] }).totalSize, 1);
    const cps = parseCheckpointPage({
      checkpoints: [{ id: 1, name: 'a', status: 'finalized', author: { userName: 'al' } }, { id: 2, status: 'odd' }],
      totalSize: 2,
    });
    assert.equal(cps.checkpoints[1].status, 'unknown');
    assert.equal(cps.checkpoints[1].name, '2');
  });

  it('reads start/stop and create responses', () => {
    const r = parseStartStop({ jobSubmitted: true, sessionId: 'a', statusInfo: { status: 'starting' } }, 'a');
    assert.equal(r.statusInfo.status, 'starting');
    assert.equal(parseCreateResponse({ studio: { sessionId: 'n' } }).sessionId, 'n');
    assert.equal(parseCreateResponse({ sessionId: 'bare' }).sessionId, 'bare');
  });

  it('keeps only compute environments with an id', () => {
    const ces = parseComputeEnvs({ computeEnvs: [{ id: 'a', name: 'A', status: 'AVAILABLE' }, { name: 'no id' }] });
    assert.deepEqual(ces, [{ id: 'a', name: 'A', status: 'AVAILABLE' }]);
  });
});
