import * as assert from 'node:assert/strict';
import { isCommunitySif, nextflowContainerLine } from '../../../src/nfcore/nextflowContainer';

describe('Nextflow container lines (#14.6, unit)', () => {
  it('writes the config line and the directive in single quotes, as nf-core does', () => {
    const image = 'community.wave.seqera.io/library/multiqc:1.35--c17fb751507e9dfc';
    assert.equal(nextflowContainerLine(image, 'config'), "process.container = 'community.wave.seqera.io/library/multiqc:1.35--c17fb751507e9dfc'");
    assert.equal(nextflowContainerLine(image, 'directive'), "container 'community.wave.seqera.io/library/multiqc:1.35--c17fb751507e9dfc'");
    assert.equal(nextflowContainerLine("odd'name\\x", 'directive'), "container 'odd\\'name\\\\x'", 'a Groovy string literal whatever the name holds');
  });

  it('knows a Seqera Containers Singularity image from others', () => {
    assert.equal(isCommunitySif('oras://community.wave.seqera.io/library/multiqc:1.35--c680f2aea25ccec2'), true);
    assert.equal(isCommunitySif('community.wave.seqera.io/library/multiqc:1.35--c17fb751507e9dfc'), false, 'a Docker image');
    assert.equal(isCommunitySif('oras://quay.io/lab/images:multiqc--abc'), false, 'frozen into another registry');
    assert.equal(isCommunitySif('oras://community.wave.seqera.io.evil.example/x:1'), false);
  });
});
