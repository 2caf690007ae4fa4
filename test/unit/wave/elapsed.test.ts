import * as assert from 'node:assert/strict';
import { elapsedText, stillBuildingDue } from '../../../src/wave/elapsed';

describe('elapsed build time (unit)', () => {
  it('#17.4 reads as seconds, then minutes and two-digit seconds', () => {
    const cases: [number, string][] = [[0, '0 s'], [999, '0 s'], [8_400, '8 s'], [59_999, '59 s'], [60_000, '1 min 00 s'], [65_000, '1 min 05 s'], [12 * 60_000 + 30_500, '12 min 30 s'], [-5, '0 s']];
    for (const [ms, text] of cases) assert.equal(elapsedText(ms), text, `${ms} ms`);
  });

  it('#17.4 a "still building" line is due once per 30 s period, also when checks skip past a boundary', () => {
    assert.equal(stillBuildingDue(0, 29_999), false);
    assert.equal(stillBuildingDue(29_000, 30_000), true);
    assert.equal(stillBuildingDue(30_000, 31_000), false);
    assert.equal(stillBuildingDue(31_000, 95_000), true, 'a slow check from 31 s to 95 s still says it once');
    assert.equal(stillBuildingDue(59_000, 60_500), true);
  });
});
