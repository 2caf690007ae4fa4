import { mdText as md } from '../../../src/ui/markdown';
import * as assert from 'node:assert/strict';
import { STUDIO_STATUSES } from '../../../src/platform/studioTypes';
import {
  checkpointDescription,
  currentStep,
  followMessage,
  runningStudiosText,
  transitionSteps,
  formatMemory,
  lifespanLeftMs,
  studioDescription,
  studioIcon,
  studioTooltip,
} from '../../../src/studios/studioPresentation';
import { checkpoint, studio } from './builders';
import { useDateLocale } from '../../../src/ui/dates';

describe('studio presentation (unit)', () => {
  // Dates in one fixed locale and zone, so the expected strings are the same on every machine (#17.10).
  before(() => useDateLocale({ locale: 'en-US', timeZone: 'UTC' }));
  const now = Date.parse('2025-01-22T16:16:11Z');

  it('gives every known status its own icon and colour', () => {
    const specs = STUDIO_STATUSES.map((s) => studioIcon(s));
    assert.equal(new Set(specs.map((s) => s.id)).size, STUDIO_STATUSES.length);
    assert.equal(new Set(specs.map((s) => s.color)).size, STUDIO_STATUSES.length);
    assert.ok(specs.every((s) => s.color), 'all coloured');
  });

  it('#17.2 describes the status, or during a start the live step and its place, first; then privacy and another owner; the tool is in the tooltip', () => {
    const s = studio('a', 'starting', {
      template: { tool: 'vscode' },
      isPrivate: true,
      user: { id: 2, userName: 'bob' },
      progress: [
        { status: 'succeeded', message: 'Submitted', warnings: [] },
        { status: 'in-progress', message: 'Provisioning compute resources', warnings: [] },
        { status: 'pending', message: 'Mounting checkpoints', warnings: [] },
      ],
    });
    assert.equal(studioDescription(s, { userId: 1, now }), 'Provisioning compute resources (2/3) · private · @bob');
    assert.equal(studioDescription(s, { userId: 2, now }), 'Provisioning compute resources (2/3) · private');
    assert.match(studioTooltip(s, { userId: 1, now }).split('\n')[0]!, /^\*\*a\*\* · vscode · Starting · private$/);
    // Settled: the status word alone leads.
    const running = studio('r', 'running', { template: { tool: 'jupyter' }, progress: s.progress });
    assert.equal(studioDescription(running, { userId: 2, now }), 'Running');
  });

  it('#17.10 counts running Studios in words, singular for one', () => {
    assert.equal(runningStudiosText(1), '1 running Studio');
    assert.equal(runningStudiosText(4), '4 running Studios');
  });

  it('#17.1 shows a step only when it belongs to the transition in progress', () => {
    const started = [
      { status: 'succeeded' as const, message: 'Provisioning compute resources', warnings: [] },
      { status: 'succeeded' as const, message: 'Mounting checkpoints', warnings: [] },
      { status: 'succeeded' as const, message: 'Starting JupyterLab', warnings: [] },
    ];
    // Stopping a Studio whose last start finished: no "Starting JupyterLab (3/3)".
    const stopping = studio('a', 'stopping', { progress: started });
    assert.deepEqual(transitionSteps(stopping), []);
    assert.deepEqual(followMessage(stopping), { message: 'Stopping', percent: 0 });
    assert.ok(!studioTooltip(stopping, { now }).includes('Starting JupyterLab'));
    // Restarting an errored Studio: the old failing step is not this start's.
    const failed = [
      { status: 'succeeded' as const, message: 'Provisioning compute resources', warnings: [] },
      { status: 'errored' as const, message: 'Mounting data links', warnings: [] },
    ];
    const restarting = studio('b', 'starting', { progress: failed });
    assert.deepEqual(transitionSteps(restarting), []);
    assert.deepEqual(followMessage(restarting), { message: 'Starting', percent: 0 });
    assert.equal(studioDescription(restarting, { now }), 'Starting');
    // The errored Studio itself still explains its failure with those steps.
    assert.equal(transitionSteps(studio('b', 'errored', { progress: failed })).length, 2);
    // A live start counts its own steps.
    const live = studio('c', 'starting', {
      progress: [
        { status: 'succeeded', message: 'Provisioning compute resources', warnings: [] },
        { status: 'in-progress', message: 'Mounting checkpoints', warnings: [] },
        { status: 'pending', message: 'Starting JupyterLab', warnings: [] },
      ],
    });
    assert.deepEqual(followMessage(live), { message: 'Mounting checkpoints (2/3)', percent: 33 });
  });

  it('picks the step in progress, else the last one that succeeded', () => {
    assert.equal(currentStep([{ status: 'succeeded', message: 'a', warnings: [] }, { status: 'succeeded', message: 'b', warnings: [] }])?.message, 'b');
    assert.equal(currentStep([]), undefined);
  });

  it('computes the lifespan left of a running Studio only', () => {
    const s = studio('a', 'running', { effectiveLifespanHours: 8, lastStarted: '2025-01-22T15:16:11Z' });
    assert.equal(lifespanLeftMs(s, now), 7 * 3_600_000);
    assert.equal(lifespanLeftMs({ ...s, statusInfo: { status: 'stopped' } }, now), undefined);
    assert.equal(lifespanLeftMs({ ...s, effectiveLifespanHours: 0 }, now), undefined);
  });

  it('puts owner, compute env, resources, lifespan, stop reason, parent, mounts and steps in the tooltip', () => {
    const s = studio('my_studio', 'errored', {
      user: { id: 2, userName: 'bob' },
      computeEnv: { name: 'aws-batch', platform: 'aws-batch', region: 'eu-west-1' },
      configuration: { cpu: 4, memory: 16384, gpu: 1 },
      statusInfo: { status: 'errored', stopReason: 'CREDITS_RUN_OUT', message: 'boom' },
      parentCheckpoint: { checkpointName: 'cp-1', studioName: 'origin' },
      mountedDataLinks: [{ name: 'reads', resourceRef: 's3://bucket/reads' }],
      progress: [{ status: 'errored', message: 'Mounting data', warnings: ['slow bucket'] }],
    });
    const tip = studioTooltip(s, { userId: 1, now });
    for (const expected of [
      '**my\\_studio**',
      'Owner: bob (another user)',
      'Compute environment: aws\\-batch (aws\\-batch, eu\\-west\\-1)',
      'Resources: 4 CPU, 16 GiB, 1 GPU',
      'Stopped because: Seqera Compute credits ran out',
      'Started from checkpoint: cp\\-1 of origin',
      '- reads (`s3://bucket/reads`)',
      '- ✖ Mounting data',
      '⚠ slow bucket',
    ]) {
      assert.ok(tip.includes(expected), `tooltip lacks ${expected}:\n${tip}`);
    }
    const running = studio('r', 'running', { effectiveLifespanHours: 8, lastStarted: '2025-01-22T15:16:11Z' });
    assert.ok(studioTooltip(running, { now }).includes('Lifespan left: 7 h'));
  });

  it('formats memory, escapes markdown and describes checkpoints', () => {
    assert.equal(formatMemory(8192), '8 GiB');
    assert.equal(formatMemory(1536), '1.5 GiB');
    assert.equal(formatMemory(512), '512 MiB');
    assert.equal(md('a*b_[c]'), 'a\\*b\\_\\[c\\]');
    assert.equal(
      checkpointDescription(checkpoint(1, { author: { userName: 'al' }, dateSaved: '2025-01-02T03:04:05Z' })),
      'finalized · al · Jan 2, 2025, 03:04 AM UTC',
    );
  });
});
