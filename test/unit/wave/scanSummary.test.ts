import * as assert from 'node:assert/strict';
import { scanSummary } from '../../../src/wave/scanSummary';
import type { WaveVulnerability } from '../../../src/wave/responses';

const vuln = (id: string, severity: string): WaveVulnerability => ({ id, severity });

describe('Wave scan summary (unit)', () => {
  it('#17.10 says "vulnerability" for one and "vulnerabilities" for more, worst first', () => {
    assert.equal(
      scanSummary({ id: 'sc-1', status: 'SUCCEEDED', vulnerabilities: [vuln('CVE-1', 'MEDIUM')] }),
      'Scan sc-1: 1 medium vulnerability.',
    );
    assert.equal(
      scanSummary({ id: 'sc-2', platform: 'linux/arm64', status: 'SUCCEEDED', vulnerabilities: [vuln('a', 'LOW'), vuln('b', 'HIGH'), vuln('c', 'LOW')] }),
      'Scan sc-2 (linux/arm64): 1 high, 2 low vulnerabilities.',
    );
    assert.equal(scanSummary({ id: 'sc-3', status: 'SUCCEEDED', vulnerabilities: [] }), 'Scan sc-3: no vulnerabilities found.');
  });
});
