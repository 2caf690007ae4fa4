import * as assert from 'node:assert/strict';
import { studioNameProblem, showChar } from '../../../src/platform/studioName';
import { templateDisplayName, templateToolVersion, toolDisplayName } from '../../../src/platform/studioTools';

describe('Studio names and template names (unit)', () => {
  it('#17.6 accepts names that follow the rule: 1 to 80 letters, digits, spaces, ".", "-", "_", starting with a letter or digit', () => {
    for (const ok of ['a', 'qc-notebook', 'RNA seq 2', 'angry_euler', 'v1.2', '9lives', 'x'.repeat(80)]) {
      assert.equal(studioNameProblem(ok), undefined, ok);
    }
  });

  it('#17.6 says what is wrong with a name, character by character', () => {
    assert.deepEqual(studioNameProblem(''), { kind: 'empty' });
    assert.deepEqual(studioNameProblem('x'.repeat(81)), { kind: 'tooLong', length: 81 });
    assert.deepEqual(studioNameProblem('my/studio!'), { kind: 'characters', chars: ['/', '!'] });
    assert.deepEqual(studioNameProblem('-leading'), { kind: 'start', char: '-' });
    assert.deepEqual(studioNameProblem('.hidden'), { kind: 'start', char: '.' });
    assert.deepEqual(studioNameProblem('café'), { kind: 'characters', chars: ['é'] });
    assert.deepEqual(studioNameProblem('tab\there'), { kind: 'characters', chars: ['\t'] });
    assert.equal(showChar('/'), '"/"');
    assert.equal(showChar('\t'), '"\\t"');
    assert.equal(showChar('\u0001'), '"\\u0001"');
  });

  it('#17.6 names templates by their product and version, not the tool id', () => {
    assert.equal(toolDisplayName('vscode'), 'VS Code');
    assert.equal(toolDisplayName('jupyter'), 'JupyterLab');
    assert.equal(toolDisplayName('rstudio'), 'RStudio');
    assert.equal(toolDisplayName('my-tool'), 'my-tool');
    assert.equal(templateToolVersion('public.cr.seqera.io/platform/data-studio-jupyter:4.2.5-0.8'), '4.2.5');
    assert.equal(templateToolVersion('public.cr.seqera.io/platform/data-studio-rstudio:4.4.1-u2-0.8'), '4.4.1');
    assert.equal(templateToolVersion('registry:5000/img'), undefined);
    assert.equal(templateDisplayName({ tool: 'vscode', repository: 'public.cr.seqera.io/platform/data-studio-vscode:1.93.1-0.8' }), 'VS Code 1.93.1');
    assert.equal(templateDisplayName({ tool: 'xpra', repository: 'public.cr.seqera.io/platform/data-studio-xpra:6.2.0-r2-1-0.8' }), 'Xpra 6.2.0');
    assert.equal(templateDisplayName({ tool: 'ride', repository: 'x/ride:latest' }), 'RIDE');
  });
});
