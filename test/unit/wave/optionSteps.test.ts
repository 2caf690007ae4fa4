import * as assert from 'node:assert/strict';
import { OPTION_STEPS, stepApplies, stepsFrom } from '../../../src/wave/optionSteps';
import { DEFAULT_BUILD_OPTIONS, type BuildOptions } from '../../../src/wave/request';

/**
 * The "(n/N)" numbering of Build with Wave (Options…): walked as the flow walks
 * it (each answer applied before the next step is numbered), N never falls
 * below n and the last step is "(N/N)" — the old flow showed "(7/6)" for a
 * Singularity conda build.
 */
type Kind = 'conda' | 'cran' | 'dockerfile' | 'image';
type Answers = Partial<BuildOptions> & { action?: 'augment' | 'freeze' | 'mirror'; target?: 'wave' | 'seqeraContainers' };

function walk(kind: Kind, a: Answers): string[] {
  const o: BuildOptions = { ...DEFAULT_BUILD_OPTIONS, mirror: false };
  const titles: string[] = [];
  let n = 0;
  for (const s of OPTION_STEPS) {
    if (!stepApplies(s, kind, o)) continue;
    n++;
    titles.push(`${s} (${n}/${n - 1 + stepsFrom(s, kind, o)})`);
    // the answer to this step, as the flow applies it
    if (s === 'action') Object.assign(o, { freeze: a.action === 'freeze', mirror: a.action === 'mirror' });
    if (s === 'target' && a.target === 'seqeraContainers') Object.assign(o, { seqeraContainers: true, freeze: true, buildRepository: undefined });
    if (s === 'platform' && a.platform) o.platform = a.platform;
    if (s === 'platform' && o.platform === 'linux/amd64,linux/arm64') o.format = 'docker';
    if (s === 'format' && a.format) o.format = a.format;
    if (s === 'format' && o.format === 'sif') o.freeze = true;
    if (s === 'freeze' && a.freeze !== undefined) o.freeze = a.freeze;
  }
  return titles;
}

describe('Build with Wave (Options…) step numbering (unit)', () => {
  it('counts the steps each build asks, ending (N/N)', () => {
    assert.deepEqual(walk('conda', { format: 'sif' }), ['target (1/8)', 'platform (2/8)', 'format (3/8)', 'repo (4/8)', 'cache (5/8)', 'template (6/8)', 'scan (7/8)', 'more (8/8)']);
    assert.deepEqual(walk('conda', {}), ['target (1/8)', 'platform (2/8)', 'format (3/8)', 'freeze (4/8)', 'cache (5/8)', 'template (6/8)', 'scan (7/8)', 'more (8/8)']);
    // #14.6 Seqera Containers: no freeze, build repository or cache questions (freeze into the community repository)
    assert.deepEqual(walk('conda', { target: 'seqeraContainers', format: 'sif' }), ['target (1/8)', 'platform (2/6)', 'format (3/6)', 'template (4/6)', 'scan (5/6)', 'more (6/6)']);
    assert.deepEqual(walk('dockerfile', { platform: 'linux/amd64,linux/arm64', freeze: true }), ['platform (1/6)', 'freeze (2/5)', 'repo (3/6)', 'cache (4/6)', 'scan (5/6)', 'more (6/6)']);
    assert.deepEqual(walk('image', { action: 'mirror' }), ['action (1/6)', 'repo (2/4)', 'scan (3/4)', 'more (4/4)']);
  });

  it('never numbers a step past the total, for every kind and answer', () => {
    for (const kind of ['conda', 'cran', 'dockerfile', 'image'] as const) {
      for (const action of ['augment', 'freeze', 'mirror'] as const) {
        for (const platform of ['linux/amd64', 'linux/amd64,linux/arm64'] as const) {
          for (const format of ['docker', 'sif'] as const) {
            for (const freeze of [false, true]) {
              for (const target of ['wave', 'seqeraContainers'] as const) {
                const titles = walk(kind, { action, platform, format, freeze, target });
                for (const t of titles) {
                  const [, n, total] = /\((\d+)\/(\d+)\)$/.exec(t)!.map(Number);
                  assert.ok(n <= total, `${kind} ${action} ${platform} ${format} ${freeze} ${target}: ${t}`);
                }
                const last = /\((\d+)\/(\d+)\)$/.exec(titles.at(-1)!)!;
                assert.equal(last[1], last[2], `${kind}: ends (N/N): ${titles.join(', ')}`);
              }
            }
          }
        }
      }
    }
  });
});
